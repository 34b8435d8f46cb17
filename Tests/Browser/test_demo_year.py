"""The demo district's year 2023 finished in the browser (issue 13, must-show 1).

On the second server, whose database holds the seeded demo district (2016–2022 done), the
cells' part of 2023 is done through the API as part 1's pages do it (commitments registered,
submitted and acknowledged, self-assessments, the cell meetings' proposals). Then, in a real
browser and by the words on the page: the smallest ward decides within the quota (an attempt
over it refused with the numbers, before sending and by the server), a grade departing from
the proposal without a reason is refused, the decision closes the commitments and a reopen
with a reason opens them; the district grades its wards; the district's staff issues the
2016–2023 summary, and the issued document keeps its figures after a later change. Every
figure read on a page is checked against the API's JSON report.
"""
import urllib.parse

import pytest

from conftest import ADMIN, ADMIN_PASSWORD, API, DEMO_BASE, PASSWORD, heading, sign_in

YEAR = 2023
GRADE_NAMES = {"HTXSNV": "Hoàn thành xuất sắc nhiệm vụ", "HTTNV": "Hoàn thành tốt nhiệm vụ",
               "HTNV": "Hoàn thành nhiệm vụ", "KHTNV": "Không hoàn thành nhiệm vụ"}
LEFT = ("TRANSFERRED_OUT", "REMOVED", "DECEASED")


def number(text):
    """A count as the pages print it, "1.234"."""
    return int(text.strip().replace(".", ""))


def every(api, path):
    """Every item of a paged listing."""
    items, cursor = [], None
    while True:
        separator = "&" if "?" in path else "?"
        page = api.ok("GET", path + separator + "limit=200" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else ""))
        items += page["items"]
        cursor = page.get("nextCursor")
        if not cursor:
            return items


def on_roster(member, year):
    """On the year's roster (domain.md): admitted by its end, not gone before it began."""
    if member["admittedOn"] > f"{year}-12-31":
        return False
    return not (member["status"] in LEFT and member.get("statusSince", "9999") < f"{year}-01-01")


class DemoYear:
    """The demo district, its smallest open ward, that ward's 2023 roster by cell, and the
    accounts of the ward's secretary, the district's secretary and the district's staff."""

    def __init__(self):
        self.admin = admin = API.login(ADMIN, ADMIN_PASSWORD, DEMO_BASE)
        districts = [o for o in every(admin, "/api/v1/organizations?kind=DISTRICT") if o["code"] == "HP-HB"]
        assert len(districts) == 1, districts
        self.district = districts[0]["id"]
        wards = [o for o in every(admin, f"/api/v1/organizations?parentId={self.district}&kind=WARD") if not o.get("validTo")]
        sizes = {w["id"]: admin.ok("GET", f"/api/v1/reports/annual?organizationId={w['id']}&year=2022")["roster"]["members"]
                 for w in wards}
        self.wards = [w["id"] for w in wards]
        self.ward = min(sizes, key=sizes.get)
        self.ward_name = next(w["name"] for w in wards if w["id"] == self.ward)
        self.cells = {}
        for cell in every(admin, f"/api/v1/organizations?parentId={self.ward}&kind=CELL"):
            members = [m for m in every(admin, f"/api/v1/members?organizationId={cell['id']}") if on_roster(m, YEAR)]
            if members:
                self.cells[cell["id"]] = members
        self.roster = [m for members in self.cells.values() for m in members]
        self.names = {m["id"]: m["fullName"] for m in self.roster}
        self.accounts = {}
        for key, role, organization in [("phuong", "SECRETARY", self.ward), ("quan", "SECRETARY", self.district),
                                        ("vanphong", "STAFF", self.district)]:
            username = f"demo-{key}"
            user = admin.ok("POST", "/api/v1/users", {"username": username, "password": PASSWORD, "fullName": f"Thử nghiệm {key}"})
            admin.ok("POST", f"/api/v1/users/{user['id']}/grants", {"role": role, "organizationId": organization})
            self.accounts[key] = username

    def annual(self, organization=None):
        return self.admin.ok("GET", f"/api/v1/reports/annual?organizationId={organization or self.ward}&year={YEAR}")

    def cells_do_their_part(self):
        """What part 1's pages do, through the API: every member registers, submits and is
        acknowledged, then self-assesses; each cell meets and proposes. A quarter proposed
        excellent (over the 20 % quota of the good ones), one member in twenty completed."""
        admin = self.admin
        criteria = [c["code"] for c in admin.ok("GET", "/api/v1/frameworks/QD500")["criteria"]]
        items = [{"criterion": code, "action": f"Việc làm năm {YEAR} về {code.lower()}"} for code in criteria]
        levels = [{"criterion": code, "level": "TOT"} for code in criteria]
        self.proposals = {}
        for cell, members in self.cells.items():
            proposals = []
            for index, member in enumerate(members):
                path = f"/api/v1/members/{member['id']}"
                admin.ok("PUT", f"{path}/commitments/{YEAR}", {"items": items})
                admin.ok("POST", f"{path}/commitments/{YEAR}/submit")
                admin.ok("POST", f"{path}/commitments/{YEAR}/acknowledge")
                admin.ok("PUT", f"{path}/self-assessments/{YEAR}", {"criteria": levels, "proposedGrade": "HTTNV"})
                admin.ok("POST", f"{path}/self-assessments/{YEAR}/submit")
                grade = "HTXSNV" if index % 4 == 0 else "HTNV" if index % 20 == 7 else "HTTNV"
                self.proposals[member["id"]] = grade
                proposals.append({"memberId": member["id"], "proposedGrade": grade, "votesFor": len(members)})
            admin.ok("PUT", f"/api/v1/organizations/{cell}/reviews/{YEAR}",
                     {"heldOn": f"{YEAR}-12-10", "attendees": len(members), "eligible": len(members), "proposals": proposals})


@pytest.fixture(scope="module")
def demo():
    year = DemoYear()
    year.cells_do_their_part()
    return year


def key_row(frame, label):
    """The figures of one row of the summary's first table ("Số liệu theo năm"), by year."""
    table = frame.locator("table.figures").first
    row = table.get_by_role("row").filter(has=frame.get_by_role("cell", name=label, exact=True))
    return [number(t) for t in row.locator("td").all_inner_texts()[1:]]


def test_the_ward_decides_2023_within_the_quota_and_reopens_with_a_reason(demo, new_page):
    report = demo.annual()
    assert report["roster"]["members"] == len(demo.roster)
    assert report["commitments"]["acknowledged"] == len(demo.roster)
    proposed = list(demo.proposals.values())
    excellent, good = proposed.count("HTXSNV"), proposed.count("HTTNV")
    limit = good * 20 // 100
    assert excellent > limit

    page = new_page(width=1280, height=900, base=DEMO_BASE)
    sign_in(page, demo.accounts["phuong"])
    # The home page opens on this year; earlier years are on the organization's page.
    page.get_by_role("link", name="Các tổ chức trực thuộc và các năm").click()
    page.get_by_role("link", name=f"Quyết định xếp loại năm {YEAR}").click()
    assert heading(page) == f"Quyết định xếp loại năm {YEAR}"
    decision_url = page.url
    quota = page.locator("[data-quota]")
    assert quota.inner_text() == f"Hoàn thành xuất sắc: {excellent} / tối đa {limit}"
    page.get_by_label("Số quyết định").fill("45-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill(f"27/12/{YEAR}")
    # Over the quota: stopped in the page before it is sent, with the numbers.
    page.get_by_role("button", name="Ban hành quyết định").click()
    live = page.locator("#quota-live").inner_text()
    assert f"Hoàn thành xuất sắc: {excellent} / tối đa {limit}" in live and "vượt 20%" in live
    assert page.url == decision_url
    assert demo.admin.call("GET", f"/api/v1/organizations/{demo.ward}/reviews/{YEAR}")[0] == 404

    # Sent anyway (no JavaScript, as a phone with it switched off would): the server refuses
    # with the same numbers and keeps every choice.
    plain = new_page(javascript=False, base=DEMO_BASE)
    sign_in(plain, demo.accounts["phuong"])
    plain.goto(decision_url)
    plain.get_by_label("Số quyết định").fill("45-QĐ/ĐU")
    plain.get_by_label("Ngày quyết định").fill(f"27/12/{YEAR}")
    with plain.expect_response(lambda r: r.request.method == "POST") as answer:
        plain.get_by_role("button", name="Ban hành quyết định").click()
    assert answer.value.status == 422
    assert f"Hoàn thành xuất sắc: {excellent} / tối đa {limit}" in plain.locator(".error-summary").inner_text()
    assert demo.admin.call("GET", f"/api/v1/organizations/{demo.ward}/reviews/{YEAR}")[0] == 404

    # Bring the excellent grades within the quota: each one lowered is a grade departing from
    # the proposal, which needs a reason; the last is left without one and refused by name.
    lowered = [m for m, g in demo.proposals.items() if g == "HTXSNV"][: excellent - limit]
    for member in lowered:
        group = page.get_by_role("group", name=demo.names[member], exact=True)
        group.get_by_label("Xếp loại").select_option(label=GRADE_NAMES["HTTNV"])
        if member != lowered[-1]:
            group.get_by_label("Lý do").fill("Chưa đạt chỉ tiêu học tập của tiêu chí Cầu thị.")
    now_good = good + len(lowered)
    assert quota.inner_text() == f"Hoàn thành xuất sắc: {limit} / tối đa {now_good * 20 // 100}"
    page.get_by_role("button", name="Ban hành quyết định").click()
    summary = page.locator(".error-summary").inner_text()
    assert f"Nhập lý do xếp loại {demo.names[lowered[-1]]} khác đề xuất của chi bộ (Hoàn thành xuất sắc nhiệm vụ)." in summary
    assert demo.admin.call("GET", f"/api/v1/organizations/{demo.ward}/reviews/{YEAR}")[0] == 404
    last = page.get_by_role("group", name=demo.names[lowered[-1]], exact=True)
    assert last.get_by_label("Xếp loại").input_value() == "HTTNV"
    last.get_by_label("Lý do").fill("Chưa đạt chỉ tiêu học tập của tiêu chí Cầu thị.")
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "Đã ban hành quyết định xếp loại." in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="Ban hành quyết định").count() == 0

    # What the server holds is what was chosen, and the figures say so.
    review = demo.admin.ok("GET", f"/api/v1/organizations/{demo.ward}/reviews/{YEAR}")
    decided = {g["memberId"]: g["grade"] for g in review["grades"]}
    expected = {m: ("HTTNV" if m in lowered else g) for m, g in demo.proposals.items()}
    assert {m.lower(): g for m, g in decided.items()} == {m.lower(): g for m, g in expected.items()}
    report = demo.annual()
    assert report["grades"]["HTXSNV"] == limit and report["grades"]["HTTNV"] == now_good
    assert report["grades"]["ungraded"] == 0
    closed = every(demo.admin, f"/api/v1/commitments?organizationId={demo.ward}&year={YEAR}&status=CLOSED")
    assert len(closed) == len(demo.roster)

    # Reopening needs a reason, and opens the commitments again; deciding again closes them.
    page.get_by_role("button", name="Mở lại").click()
    assert "Nhập lý do mở lại quyết định." in page.locator(".error-summary").inner_text()
    page.get_by_label("Lý do").fill("Chi bộ số 1 đề nghị xem xét lại.")
    page.get_by_role("button", name="Mở lại").click()
    assert "Đã mở lại quyết định." in page.get_by_role("status").inner_text()
    assert every(demo.admin, f"/api/v1/commitments?organizationId={demo.ward}&year={YEAR}&status=CLOSED") == []
    assert len(every(demo.admin, f"/api/v1/commitments?organizationId={demo.ward}&year={YEAR}&status=ACKNOWLEDGED")) == len(demo.roster)
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "Đã ban hành quyết định xếp loại." in page.get_by_role("status").inner_text()
    assert len(every(demo.admin, f"/api/v1/commitments?organizationId={demo.ward}&year={YEAR}&status=CLOSED")) == len(demo.roster)
    assert demo.annual()["reviews"]["reopened"] >= 1


def test_the_district_grades_its_wards_for_2023(demo, new_page):
    page = new_page(width=1280, height=900, base=DEMO_BASE)
    sign_in(page, demo.accounts["quan"])
    page.get_by_role("link", name="Các tổ chức trực thuộc và các năm").click()
    page.get_by_role("link", name=f"Xếp loại tổ chức cơ sở đảng năm {YEAR}").click()
    page.get_by_role("group", name=demo.ward_name, exact=True).get_by_label("Xếp loại").select_option(label=GRADE_NAMES["HTXSNV"])
    page.get_by_label("Số quyết định").fill("120-QĐ/QU")
    page.get_by_label("Ngày quyết định").fill(f"15/01/{YEAR + 1}")
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "Đã ban hành quyết định xếp loại các tổ chức." in page.get_by_role("status").inner_text()
    review = demo.admin.ok("GET", f"/api/v1/organizations/{demo.district}/reviews/{YEAR}")
    grades = {g["organizationId"].lower(): g["grade"] for g in review["organizationGrades"]}
    assert grades[demo.ward.lower()] == "HTXSNV"
    assert review["decisionNumber"] == "120-QĐ/QU"


def test_the_staff_issues_the_2016_2023_summary_and_it_keeps_its_figures(demo, new_page):
    def summary():
        return demo.admin.ok("GET", f"/api/v1/reports/summary?organizationId={demo.district}&from=2016&to={YEAR}")

    page = new_page(width=1280, height=900, base=DEMO_BASE)
    sign_in(page, demo.accounts["vanphong"])
    page.get_by_role("link", name="Báo cáo").first.click()
    page.get_by_label("Tổ chức đảng").select_option(value=demo.district.lower())
    page.get_by_label("Từ năm").select_option("2016")
    page.get_by_label("Đến năm").select_option(str(YEAR))
    page.get_by_role("button", name="Xem báo cáo").click()
    before = summary()
    frame = page.frame_locator("iframe")
    shown = {label: key_row(frame, label) for label in ["Đảng viên", "Đăng ký cam kết", "HTXSNV", "HTTNV", "HTNV", "Chưa xếp loại"]}
    fields = {"Đảng viên": ("roster", "members"), "Đăng ký cam kết": ("commitments", "registered"),
              "HTXSNV": ("grades", "HTXSNV"), "HTTNV": ("grades", "HTTNV"), "HTNV": ("grades", "HTNV"),
              "Chưa xếp loại": ("grades", "ungraded")}
    for label, (group, field) in fields.items():
        per_year = [y[group][field] for y in before["years"]]
        assert shown[label][:-1] == per_year, label
        assert shown[label][-1] == sum(per_year), label
    assert [y["year"] for y in before["years"]] == list(range(2016, YEAR + 1))

    page.get_by_role("link", name="Ban hành báo cáo").click()
    assert heading(page) == "Ban hành báo cáo"
    page.get_by_label("Tiêu đề").fill(f"Tổng kết thực hiện Quyết định 500-QĐ/QU giai đoạn 2016–{YEAR}")
    page.get_by_label("Địa danh").fill("Hồng Bàng")
    page.get_by_label("Ngày ban hành").fill(f"20/01/{YEAR + 1}")
    page.get_by_label("Chức danh ký").fill("Ban Thường vụ")
    page.get_by_label("Chức vụ").fill("Bí thư")
    page.get_by_label("Người ký", exact=True).fill("Nguyễn Văn Thử")
    page.get_by_label("Nơi nhận").fill("Thành ủy Hải Phòng\nLưu Văn phòng Quận ủy")
    page.get_by_role("button", name="Ban hành báo cáo").click()
    page.wait_for_url("**/reports/documents/*")
    issued_url = page.url
    document = demo.admin.ok("GET", f"/api/v1/report-documents/{issued_url.rsplit('/', 1)[-1]}")
    assert f"Đã ban hành báo cáo số {document['number']}." in page.get_by_role("status").inner_text()
    assert document["number"] == "1-BC/QU" and heading(page) == "Số 1-BC/QU"
    assert document["figures"]["years"] == before["years"]
    issued = page.frame_locator("iframe")
    assert key_row(issued, "HTXSNV") == shown["HTXSNV"]

    # A later change: the ward's 2023 decision reopened and one grade lowered.
    admin = demo.admin
    admin.ok("POST", f"/api/v1/organizations/{demo.ward}/reviews/{YEAR}/reopen", {"reason": "Xem xét lại sau khiếu nại."})
    review = admin.ok("GET", f"/api/v1/organizations/{demo.ward}/reviews/{YEAR}")
    grades = [{"memberId": g["memberId"], "grade": g["grade"], **({"reason": g["reason"]} if g.get("reason") else {})}
              for g in review["grades"]]
    changed = next(g for g in grades if g["grade"] == "HTTNV" and not g.get("reason"))
    changed["grade"], changed["reason"] = "HTNV", "Vi phạm quy định sau khi xếp loại."
    admin.ok("PUT", f"/api/v1/organizations/{demo.ward}/reviews/{YEAR}",
             {"decisionNumber": review["decisionNumber"], "decidedOn": review["decidedOn"], "grades": grades})
    after = summary()
    assert after["years"][-1]["grades"]["HTNV"] == before["years"][-1]["grades"]["HTNV"] + 1

    # The issued document, opened from the list of issued documents, is as it was issued.
    page.goto(issued_url)
    page.get_by_role("link", name="Văn bản đã ban hành").first.click()
    page.get_by_role("link", name=document["number"]).click()
    assert heading(page) == "Số " + document["number"]
    frozen = page.frame_locator("iframe")
    assert key_row(frozen, "HTNV")[:-1] == [y["grades"]["HTNV"] for y in before["years"]]
    assert key_row(frozen, "HTTNV")[:-1] == [y["grades"]["HTTNV"] for y in before["years"]]
    assert admin.ok("GET", f"/api/v1/report-documents/{document['id']}")["figures"]["years"] == before["years"]
