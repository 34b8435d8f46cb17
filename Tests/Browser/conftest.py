"""Browser tests of ThiDua's pages: Playwright from PyPI driving Debian's chromium.

`scripts/browser-test` starts a server on a fresh database of the test cluster and runs these
with THIDUA_BROWSER_URL, THIDUA_BROWSER_ADMIN and THIDUA_BROWSER_PASSWORD set. The people and
the cell are made through the API as its administrator, as an office would set them up; the
tests then do the jobs in a real browser, by the words on the page, and check what the
database holds through the API.
"""
import json
import os
import re
import urllib.error
import urllib.request

import pytest
from playwright.sync_api import sync_playwright

BASE = os.environ.get("THIDUA_BROWSER_URL", "http://127.0.0.1:18482")
# The second server, on a database seeded with the demo district (test_demo_year.py).
DEMO_BASE = os.environ.get("THIDUA_BROWSER_DEMO_URL", "http://127.0.0.1:18483")
ADMIN = os.environ.get("THIDUA_BROWSER_ADMIN", "admin")
ADMIN_PASSWORD = os.environ.get("THIDUA_BROWSER_PASSWORD", "")
CHROMIUM = os.environ.get("THIDUA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = os.environ.get("THIDUA_SCREENSHOTS", ".build/screenshots")
PASSWORD = "mat-khau-thu-nghiem-1"
YEAR = 2026


class API:
    """The REST API as a client written from api.md calls it."""

    def __init__(self, token=None, base=BASE):
        self.token = token
        self.base = base

    def call(self, method, path, body=None, headers=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, data=data, method=method)
        request.add_header("Content-Type", "application/json")
        if self.token:
            request.add_header("Authorization", "Bearer " + self.token)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        try:
            with urllib.request.urlopen(request) as response:
                text = response.read().decode()
                return response.status, (json.loads(text) if text else None), response.headers
        except urllib.error.HTTPError as error:
            text = error.read().decode()
            return error.code, (json.loads(text) if text.startswith("{") else text), error.headers

    def ok(self, method, path, body=None):
        status, answer, _ = self.call(method, path, body)
        assert 200 <= status < 300, (method, path, status, answer)
        return answer

    @staticmethod
    def login(username, password, base=BASE):
        status, answer, _ = API(base=base).call("POST", "/api/v1/auth/login", {"username": username, "password": password})
        assert status == 200, answer
        return API(answer["token"], base)


class World:
    """One cell of five members, two of them with accounts, and the cell's secretary; a
    second cell with a secretary of its own, whose pages the first cell's people must not see."""

    def __init__(self, admin):
        self.admin = admin
        org = lambda code, kind, name, parent=None: admin.ok("POST", "/api/v1/organizations", {
            "code": code, "kind": kind, "name": name, "validFrom": "2016-01-01", **({"parentId": parent} if parent else {})})["id"]
        suffix = os.urandom(3).hex().upper()
        city = org("BT-" + suffix, "CITY", "Đảng bộ thành phố Thử Nghiệm")
        self.district = org("BT-Q-" + suffix, "DISTRICT", "Đảng bộ quận Thử Nghiệm", city)
        self.ward = org("BT-P-" + suffix, "WARD", "Đảng bộ phường Hạ Lý", self.district)
        self.cell = org("BT-CB1-" + suffix, "CELL", "Chi bộ khu dân cư số 1", self.ward)
        self.other_cell = org("BT-CB2-" + suffix, "CELL", "Chi bộ khu dân cư số 2", self.ward)
        names = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]
        self.members = {}
        for index, name in enumerate(names):
            body = {"fullName": name, "gender": "FEMALE" if "Thị" in name else "MALE", "birthDate": "1970-03-02",
                    "partyCardNumber": f"BT{suffix}{index:03d}", "admittedOn": "1995-05-19", "officialOn": "1996-05-19",
                    "category": "CONG_CHUC", "organizationId": self.cell}
            self.members[name] = admin.ok("POST", "/api/v1/members", body)["id"]
        outsider = admin.ok("POST", "/api/v1/members", {
            "fullName": "Vũ Thị Giang", "gender": "FEMALE", "birthDate": "1980-01-01", "partyCardNumber": f"BT{suffix}900",
            "admittedOn": "2005-05-19", "officialOn": "2006-05-19", "category": "CONG_CHUC", "organizationId": self.other_cell})
        self.outsider = outsider["id"]
        self.an, self.binh = self.members["Nguyễn Văn An"], self.members["Trần Thị Bình"]
        self.accounts = {}
        for key, full_name, role, organization, member in [
            ("an", "Nguyễn Văn An", "MEMBER", self.cell, self.an),
            ("binh", "Trần Thị Bình", "MEMBER", self.cell, self.binh),
            ("bithu", "Lê Văn Cường", "SECRETARY", self.cell, None),
            ("bithu2", "Vũ Thị Giang", "SECRETARY", self.other_cell, None),
            ("phuong", "Đặng Văn Phường", "SECRETARY", self.ward, None),
            ("quan", "Ngô Thị Quận", "SECRETARY", self.district, None),
            ("quantri", "Lý Văn Trị", "ADMIN", self.ward, None),
        ]:
            username = f"{key}-{suffix.lower()}"
            user = admin.ok("POST", "/api/v1/users", {"username": username, "password": PASSWORD, "fullName": full_name})
            admin.ok("POST", f"/api/v1/users/{user['id']}/grants",
                     {"role": role, "organizationId": organization, **({"memberId": member} if member else {})})
            self.accounts[key] = username
            self.account_ids = getattr(self, "account_ids", {})
            self.account_ids[key] = user["id"]
        self.member_user = self.accounts["an"]
        self.member2_user = self.accounts["binh"]
        self.secretary_user = self.accounts["bithu"]
        self.other_secretary_user = self.accounts["bithu2"]
        self.ward_secretary_user = self.accounts["phuong"]
        self.district_secretary_user = self.accounts["quan"]
        self.ward_admin_user = self.accounts["quantri"]
        criteria = admin.ok("GET", "/api/v1/frameworks/QD500")["criteria"]
        self.criteria = [(c["code"], c["nameVi"]) for c in criteria]

    def commitment_path(self, member):
        return f"/members/{member}/commitments/{YEAR}"

    def self_assessment_path(self, member):
        return f"/members/{member}/self-assessments/{YEAR}"

    def cell_path(self):
        return f"/cells/{self.cell}/commitments/{YEAR}"

    def meeting_path(self):
        return f"/cells/{self.cell}/meetings/{YEAR}"

    def decision_path(self):
        return f"/organizations/{self.ward}/decisions/{YEAR}"


@pytest.fixture(scope="session")
def admin():
    assert ADMIN_PASSWORD, "THIDUA_BROWSER_PASSWORD is not set (run scripts/browser-test)"
    return API.login(ADMIN, ADMIN_PASSWORD)


@pytest.fixture(scope="module")
def world(admin):
    return World(admin)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """A page in a fresh browser context (its own cookies): phone-sized unless asked."""
    contexts = []

    def make(width=360, height=740, javascript=True, base=BASE):
        context = browser.new_context(viewport={"width": width, "height": height}, java_script_enabled=javascript,
                                      locale="vi-VN", base_url=base)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def sign_in(page, username, password=PASSWORD):
    page.goto("/login")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    assert page.url.endswith("/home"), page.url


def heading(page):
    return page.get_by_role("heading", level=1).inner_text()
