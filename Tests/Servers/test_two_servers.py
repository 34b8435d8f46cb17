"""Two `thidua serve` processes on one database behave as one server.

`scripts/servers-test` starts both on a fresh database and runs these with THIDUA_SERVER_A,
THIDUA_SERVER_B, THIDUA_SERVER_ADMIN and THIDUA_SERVER_PASSWORD set. Each process holds
verified tokens in memory (TokenCache); what one of them revokes, the other must refuse on the
very next request (issue 15, must-show 4).
"""
import json
import os
import urllib.error
import urllib.request

import pytest

A = os.environ.get("THIDUA_SERVER_A", "http://127.0.0.1:18491")
B = os.environ.get("THIDUA_SERVER_B", "http://127.0.0.1:18492")
ADMIN = os.environ.get("THIDUA_SERVER_ADMIN", "admin")
ADMIN_PASSWORD = os.environ.get("THIDUA_SERVER_PASSWORD", "")


def call(base, method, path, body=None, token=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None), response.headers
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text.startswith("{") else text), error.headers


def login(base, username, password):
    status, answer, _ = call(base, "POST", "/api/v1/auth/login", {"username": username, "password": password})
    assert status == 200, answer
    return answer["token"]


@pytest.fixture(scope="module")
def admin():
    return login(A, ADMIN, ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def cell(admin):
    """A ward with one cell and one member in it, made through server A."""
    suffix = os.urandom(3).hex().upper()

    def org(code, kind, name, parent=None):
        status, answer, _ = call(A, "POST", "/api/v1/organizations", {
            "code": code + suffix, "kind": kind, "name": name, "validFrom": "2016-01-01",
            **({"parentId": parent} if parent else {})}, admin)
        assert status == 201, answer
        return answer["id"]

    city = org("HAI-", "CITY", "Đảng bộ thành phố Hai Máy")
    district = org("HAI-Q-", "DISTRICT", "Đảng bộ quận Hai Máy", city)
    ward = org("HAI-P-", "WARD", "Đảng bộ phường Hai Máy", district)
    other_ward = org("HAI-P2-", "WARD", "Đảng bộ phường Bên Cạnh", district)
    cell = org("HAI-CB-", "CELL", "Chi bộ số 1", ward)
    status, member, _ = call(A, "POST", "/api/v1/members", {
        "fullName": "Nguyễn Thị Hai", "gender": "FEMALE", "birthDate": "1980-05-01",
        "partyCardNumber": "HAI-" + suffix, "admittedOn": "2005-01-01", "officialOn": "2006-01-01",
        "category": "OTHER", "organizationId": cell}, admin)
    assert status == 201, member
    return {"ward": ward, "other_ward": other_ward, "cell": cell, "member": member["id"]}


def person(admin, name, grant=None):
    """An account made on server A, with a grant when given, and its token."""
    name = f"{name}-{os.urandom(2).hex()}"
    password = f"mật khẩu {name}!"
    status, user, _ = call(A, "POST", "/api/v1/users", {"username": name, "password": password, "fullName": name}, admin)
    assert status == 201, user
    if grant:
        status, answer, _ = call(A, "POST", f"/api/v1/users/{user['id']}/grants", grant, admin)
        assert status == 201, answer
    return user["id"], login(A, name, password)


def served_twice(token, path="/api/v1/me"):
    """Server B answers the token twice, the second time from its memory."""
    for _ in range(2):
        status, answer, _ = call(B, "GET", path, token=token)
        assert status == 200, answer


def test_logout_on_one_server_is_refused_by_the_other_on_the_next_request(admin):
    _, token = person(admin, "lan")
    served_twice(token)
    status, _, _ = call(A, "POST", "/api/v1/auth/logout", token=token)
    assert status == 204
    status, answer, _ = call(B, "GET", "/api/v1/me", token=token)
    assert status == 401, answer


def test_an_account_disabled_on_one_server_is_refused_by_the_other(admin):
    user, token = person(admin, "binh")
    served_twice(token)
    status, answer, _ = call(A, "PATCH", f"/api/v1/users/{user}", {"disabled": True}, admin)
    assert status == 200, answer
    status, answer, _ = call(B, "GET", "/api/v1/me", token=token)
    assert status == 401, answer


def test_a_grant_moved_on_one_server_moves_its_reach_on_the_other(admin, cell):
    """A grant at the ward given, the member read; the grant moved to another ward: the
    member is outside the reach now, and unseen (404, as for what does not exist)."""
    user, token = person(admin, "em", {"role": "STAFF", "organizationId": cell["ward"]})
    served_twice(token, f"/api/v1/members/{cell['member']}")
    status, me, _ = call(B, "GET", "/api/v1/me", token=token)
    status, answer, _ = call(A, "POST", f"/api/v1/users/{user}/grants", {"role": "STAFF", "organizationId": cell["other_ward"]}, admin)
    assert status == 201, answer
    status, answer, _ = call(A, "DELETE", f"/api/v1/users/{user}/grants/{me['grants'][0]['id']}", token=admin)
    assert status == 204, answer
    status, answer, _ = call(B, "GET", f"/api/v1/members/{cell['member']}", token=token)
    assert status == 404, answer


def test_a_grant_taken_on_one_server_takes_its_reach_on_the_other(admin, cell):
    user, token = person(admin, "cuong", {"role": "STAFF", "organizationId": cell["ward"]})
    served_twice(token, f"/api/v1/members/{cell['member']}")
    status, me, _ = call(B, "GET", "/api/v1/me", token=token)
    assert status == 200 and len(me["grants"]) == 1, me
    status, answer, _ = call(A, "DELETE", f"/api/v1/users/{user}/grants/{me['grants'][0]['id']}", token=admin)
    assert status == 204, answer
    # With no grant left the account may read no member at all.
    status, answer, _ = call(B, "GET", f"/api/v1/members/{cell['member']}", token=token)
    assert status == 403, answer


def test_a_grant_given_on_one_server_reaches_on_the_other(admin, cell):
    user, token = person(admin, "dung")
    status, _, _ = call(B, "GET", f"/api/v1/members/{cell['member']}", token=token)
    assert status == 403
    status, answer, _ = call(A, "POST", f"/api/v1/users/{user}/grants", {"role": "VIEWER", "organizationId": cell["cell"]}, admin)
    assert status == 201, answer
    status, answer, _ = call(B, "GET", f"/api/v1/members/{cell['member']}", token=token)
    assert status == 200, answer
