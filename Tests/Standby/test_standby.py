"""ThiDua on a primary with a real streaming hot standby (issue 16, must-show 1).

`scripts/standby-test` makes the pair with `pg_basebackup -R`, seeds the demo district, starts
one server with DATABASE_REPLICA_URLS on the standby and THIDUA_REPLICA_MAX_LAG_MS=2000, and runs
these in order: they pause, resume, stop and start the standby. Who served a report is read
from each server's pg_stat_statements: only a report runs the `dataAsOf` statement.
"""
import json
import os
import subprocess
import time
import urllib.error
import urllib.request
from datetime import datetime

import pytest

SERVER = os.environ.get("THIDUA_STANDBY_SERVER", "http://127.0.0.1:55471")
ADMIN = os.environ.get("THIDUA_STANDBY_ADMIN", "admin")
PASSWORD = os.environ.get("THIDUA_STANDBY_PASSWORD", "")
PRIMARY = os.environ.get("THIDUA_STANDBY_PRIMARY", "")
STANDBY = os.environ.get("THIDUA_STANDBY_URL", "")
LAG_LIMIT = 2.0


def call(method, path, body=None, token=None, headers=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(SERVER + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    for name, value in (headers or {}).items():
        request.add_header(name, value)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            return response.status, (json.loads(text) if text else None), response.headers
    except urllib.error.HTTPError as error:
        text = error.read().decode()
        return error.code, (json.loads(text) if text.startswith("{") else text), error.headers


def psql(url, sql):
    return subprocess.run(["psql", "-XAtq", url, "-c", sql], capture_output=True, text=True, check=True).stdout.strip()


def as_postgres(*command):
    prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    subprocess.run(prefix + list(command), check=True, capture_output=True)


def pg_ctl(action):
    pg_ctl = os.path.join(os.environ["THIDUA_STANDBY_PGBIN"], "pg_ctl")
    data = os.environ["THIDUA_STANDBY_DATA"]
    if action == "stop":
        as_postgres(pg_ctl, "-D", data, "-m", "fast", "-w", "stop")
    else:
        options = f"-p {os.environ['THIDUA_STANDBY_PORT']} {os.environ['THIDUA_STANDBY_SETTINGS']}"
        as_postgres(pg_ctl, "-D", data, "-l", data + "/../standby-again.log", "-w", "-o", options, "start")


def report_reads(url):
    """How many reports the server at `url` has served: calls of the report's freshness statement."""
    return int(psql(url, "SELECT coalesce(sum(calls), 0) FROM pg_stat_statements "
                         "WHERE query LIKE '%pg_last_xact_replay_timestamp%' AND query NOT LIKE '%pg_stat_statements%'"))


def standby_state():
    status, health, _ = call("GET", "/health/ready")
    assert status == 200, health
    assert len(health["standbys"]) == 1, health
    return health["standbys"][0]


def wait_for(state, seconds=20):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if standby_state()["state"] == state:
            return
        time.sleep(0.1)
    pytest.fail(f"the standby never became {state}: {standby_state()}")


@pytest.fixture(scope="module")
def token():
    status, answer, _ = call("POST", "/api/v1/auth/login", {"username": ADMIN, "password": PASSWORD})
    assert status == 200, answer
    return answer["token"]


@pytest.fixture(scope="module")
def places():
    ward = psql(PRIMARY, "SELECT id FROM organization WHERE kind = 'WARD' AND valid_to IS NULL ORDER BY code LIMIT 1")
    cell = psql(PRIMARY, f"SELECT id FROM organization WHERE parent_id = '{ward}' AND kind = 'CELL' AND valid_to IS NULL ORDER BY code LIMIT 1")
    return {"ward": ward, "cell": cell}


def new_member(token, places, name):
    status, member, headers = call("POST", "/api/v1/members", {
        "fullName": name, "gender": "FEMALE", "birthDate": "1985-03-08", "partyCardNumber": "DB-" + os.urandom(4).hex(),
        "admittedOn": "2010-05-19", "officialOn": "2011-05-19", "category": "OTHER", "organizationId": places["cell"]}, token)
    assert status == 201, member
    return member, headers


def annual_report(token, places):
    status, report, headers = call("GET", f"/api/v1/reports/annual?organizationId={places['ward']}&year=2022", token=token)
    assert status == 200, report
    return report, headers


def test_reports_are_served_by_the_standby_and_say_how_fresh_they_are(token, places):
    wait_for("up")
    on_standby, on_primary = report_reads(STANDBY), report_reads(PRIMARY)
    for _ in range(10):
        report, headers = annual_report(token, places)
        as_of = datetime.fromisoformat(headers["X-Data-As-Of"].replace("Z", "+00:00"))
        assert datetime.fromisoformat(report["dataAsOf"].replace("Z", "+00:00")) == as_of
        assert abs(time.time() - as_of.timestamp()) < 60
    assert report_reads(STANDBY) == on_standby + 10
    assert report_reads(PRIMARY) == on_primary


def test_a_client_reads_its_own_write_at_once_while_the_standby_is_behind(token, places):
    psql(STANDBY, "SELECT pg_wal_replay_pause()")
    deadline = time.monotonic() + 10
    while psql(STANDBY, "SELECT pg_get_wal_replay_pause_state()") != "paused":
        assert time.monotonic() < deadline, "replay never paused"
        time.sleep(0.05)
    member, headers = new_member(token, places, "Trần Thị Đọc Lại")
    position = headers["X-WAL-Position"]
    assert position and "thidua_wal=" + position in headers["Set-Cookie"]
    # The same client, by the header and by the cookie: the primary answers.
    status, read, _ = call("GET", f"/api/v1/members/{member['id']}", token=token, headers={"X-WAL-Position": position})
    assert status == 200 and read["fullName"] == "Trần Thị Đọc Lại", read
    status, read, _ = call("GET", f"/api/v1/members/{member['id']}", token=token, headers={"Cookie": "thidua_wal=" + position})
    assert status == 200 and read["fullName"] == "Trần Thị Đọc Lại", read
    # A read that does not ask for that write is served by the standby, which has not got it.
    status, _, _ = call("GET", f"/api/v1/members/{member['id']}", token=token)
    assert status == 404
    assert standby_state()["state"] == "up"


def test_past_the_lag_limit_reads_go_to_the_primary(token, places):
    # Replay is still paused: the standby falls behind the primary's writes.
    member, _ = new_member(token, places, "Lê Văn Quá Hạn")
    wait_for("lagging", seconds=LAG_LIMIT * 5)
    assert standby_state()["lagMs"] > LAG_LIMIT * 1000
    status, read, _ = call("GET", f"/api/v1/members/{member['id']}", token=token)
    assert status == 200 and read["fullName"] == "Lê Văn Quá Hạn", read
    on_standby, on_primary = report_reads(STANDBY), report_reads(PRIMARY)
    annual_report(token, places)
    assert (report_reads(STANDBY), report_reads(PRIMARY)) == (on_standby, on_primary + 1)


def test_a_standby_that_catches_up_is_used_again(token, places):
    psql(STANDBY, "SELECT pg_wal_replay_resume()")
    wait_for("up")
    on_standby = report_reads(STANDBY)
    annual_report(token, places)
    assert report_reads(STANDBY) == on_standby + 1


def test_with_the_standby_stopped_every_request_succeeds_and_it_is_used_again_when_it_returns(token, places):
    wait_for("up")
    member, _ = new_member(token, places, "Phạm Văn Vẫn Đọc Được")
    time.sleep(0.5)
    pg_ctl("stop")
    try:
        for round in range(10):
            status, read, _ = call("GET", f"/api/v1/members/{member['id']}", token=token)
            assert status == 200, (round, read)
            status, listed, _ = call("GET", f"/api/v1/members?organizationId={places['cell']}&limit=50", token=token)
            assert status == 200, (round, listed)
            annual_report(token, places)
        wait_for("down")
    finally:
        pg_ctl("start")
    wait_for("up", seconds=30)
    on_standby = report_reads(STANDBY)
    annual_report(token, places)
    assert report_reads(STANDBY) == on_standby + 1
