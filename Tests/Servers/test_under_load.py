"""Two `thidua serve` processes on one database under concurrent load (issue 16, must-show 2).

Requests are spread over both servers at once from several threads: what each guarantees
(login throttling, Idempotency-Key replay, report numbers, token revocation) must hold across
them, as it would behind a load balancer, since none of it lives only in one process.
"""
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

from test_two_servers import A, B, call, cell, admin, login, person  # noqa: F401 (fixtures)


def at_once(calls):
    """Runs the calls together, released by one barrier, and returns their answers in order."""
    barrier = threading.Barrier(len(calls))

    def run(job):
        barrier.wait()
        return job()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(run, calls))


def test_failed_logins_on_both_servers_count_together(admin):
    name = f"throttle-{os.urandom(2).hex()}"
    password = f"mật khẩu {name}!"
    status, _, _ = call(A, "POST", "/api/v1/users", {"username": name, "password": password, "fullName": name}, admin)
    assert status == 201
    answers = at_once([
        (lambda base=base: call(base, "POST", "/api/v1/auth/login", {"username": name, "password": "sai mật khẩu"}))
        for base in [A, B] * 6])
    statuses = sorted(status for status, _, _ in answers)
    # Five failures in the window, wherever they landed; every attempt beyond is refused unchecked.
    assert statuses == [401] * 5 + [429] * 7, statuses
    for base in (A, B):
        status, answer, headers = call(base, "POST", "/api/v1/auth/login", {"username": name, "password": password})
        assert status == 429 and int(headers["Retry-After"]) > 0, answer


def test_an_idempotency_key_sent_to_both_servers_at_once_makes_one_record(admin, cell):
    key = "both-" + os.urandom(4).hex()
    code = "HAI-IK-" + os.urandom(3).hex().upper()
    body = {"code": code, "kind": "CELL", "name": "Chi bộ Một Lần", "validFrom": "2016-01-01", "parentId": cell["ward"]}
    answers = at_once([(lambda base=base: call(base, "POST", "/api/v1/organizations", body, admin, {"Idempotency-Key": key}))
                       for base in [A, B] * 4])
    created = [answer for status, answer, _ in answers if status == 201]
    assert created and all(status in (201, 409) for status, _, _ in answers), [status for status, _, _ in answers]
    assert len({answer["id"] for answer in created}) == 1
    # Afterwards both replay the one answer.
    for base in (A, B):
        status, answer, headers = call(base, "POST", "/api/v1/organizations", body, admin, {"Idempotency-Key": key})
        assert status == 201 and answer["id"] == created[0]["id"] and headers["Idempotent-Replayed"] == "true"
    status, listed, _ = call(B, "GET", f"/api/v1/organizations?parentId={cell['ward']}&limit=200", token=admin)
    assert status == 200
    assert [item["code"] for item in listed["items"]].count(code) == 1, listed


def test_report_documents_issued_on_both_servers_at_once_get_distinct_numbers_in_sequence(admin, cell):
    status, _, _ = call(A, "PATCH", f"/api/v1/organizations/{cell['ward']}", {"abbreviation": "ĐU"}, admin)
    assert status == 200
    year = 2030 + int.from_bytes(os.urandom(1), "big") % 60
    body = {"kind": "FINAL", "organizationId": cell["ward"], "from": 2016, "to": 2022, "title": "Tổng kết 6 năm",
            "place": "Hai Máy", "issuedOn": f"{year}-06-20", "recipients": ["Lưu Văn phòng"],
            "signer": {"mode": "T/M", "title": "Ban Thường vụ", "position": "Bí thư", "name": "Nguyễn Văn Ký"}}
    answers = at_once([(lambda base=base: call(base, "POST", "/api/v1/report-documents", body, admin)) for base in [A, B] * 5])
    assert [status for status, _, _ in answers] == [201] * 10, [(status, answer) for status, answer, _ in answers if status != 201]
    numbers = sorted(int(answer["number"].split("-")[0]) for _, answer, _ in answers)
    assert numbers == list(range(1, 11)), numbers


def test_a_token_revoked_on_one_server_is_refused_by_the_other_while_it_is_busy(admin):
    _, token = person(admin, "tai")
    stop = threading.Event()
    seen = []  # (started, status) of every request B answered

    def hammer():
        while not stop.is_set():
            started = time.monotonic()
            status, _, _ = call(B, "GET", "/api/v1/me", token=token)
            seen.append((started, status))

    threads = [threading.Thread(target=hammer) for _ in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(0.5)
    status, _, _ = call(A, "POST", "/api/v1/auth/logout", token=token)
    revoked = time.monotonic()
    assert status == 204
    time.sleep(0.5)
    stop.set()
    for thread in threads:
        thread.join()
    before = [status for started, status in seen if started < revoked]
    after = [status for started, status in seen if started > revoked]
    assert before and set(before) <= {200, 401} and 200 in before
    assert after and set(after) == {401}, sorted(set(after))
