"""Part 2, the ward's decision of a year: preset to the cells' proposals, within the quota
(refused before sending, and by the server after), a reason where a grade departs from the
proposal, the decision closing the year's commitments, and a reopen with a reason undoing it."""
from axe_playwright_python.sync_playwright import Axe

from conftest import YEAR, heading, sign_in

PROPOSALS = {"Nguyễn Văn An": "HTXSNV", "Trần Thị Bình": "HTTNV", "Lê Văn Cường": "HTTNV",
             "Phạm Thị Dung": "HTTNV", "Hoàng Văn Em": "HTNV"}


def prepare(world):
    """The cell's year up to its meeting, through the API: commitments acknowledged, the
    meeting with a proposal for each member. The world is shared by the module's tests, so a
    test run alone prepares it and a later one finds it prepared."""
    admin = world.admin
    status, _, _ = admin.call("GET", f"/api/v1/organizations/{world.cell}/reviews/{YEAR}")
    if status == 200:
        return
    items = [{"criterion": code, "action": f"Việc làm về {name.lower()}"} for code, name in world.criteria]
    for member in world.members.values():
        admin.ok("PUT", f"/api/v1/members/{member}/commitments/{YEAR}", {"items": items})
        admin.ok("POST", f"/api/v1/members/{member}/commitments/{YEAR}/submit")
        admin.ok("POST", f"/api/v1/members/{member}/commitments/{YEAR}/acknowledge")
    proposals = [{"memberId": world.members[name], "proposedGrade": grade, "votesFor": 5} for name, grade in PROPOSALS.items()]
    admin.ok("PUT", f"/api/v1/organizations/{world.cell}/reviews/{YEAR}",
             {"heldOn": f"{YEAR}-12-15", "attendees": 5, "eligible": 5, "proposals": proposals})


def test_the_ward_decides_within_the_quota_and_reopens_with_a_reason(world, new_page):
    prepare(world)
    page = new_page(width=1280, height=900)
    sign_in(page, world.ward_secretary_user)
    page.get_by_role("link", name=f"Quyết định xếp loại năm {YEAR}").click()
    assert heading(page) == f"Quyết định xếp loại năm {YEAR}"
    # Preset to the proposals: one excellent beside three good is over the 20 % quota (0).
    for name, grade in PROPOSALS.items():
        assert page.get_by_role("group", name=name).get_by_label("Xếp loại").input_value() == grade
    quota = page.locator("[data-quota]")
    assert quota.inner_text() == "Hoàn thành xuất sắc: 1 / tối đa 0"
    page.get_by_label("Số quyết định").fill("15-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill(f"28/12/{YEAR}")
    # Over the quota: stopped before it is sent.
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "vượt 20% số Hoàn thành tốt nhiệm vụ" in page.locator("#quota-live").inner_text()
    assert page.url.lower().endswith(world.decision_path().lower())
    status, _, _ = world.admin.call("GET", f"/api/v1/organizations/{world.ward}/reviews/{YEAR}")
    assert status == 404
    # A grade other than the proposal asks for a reason, and is refused without one.
    an = page.get_by_role("group", name="Nguyễn Văn An")
    assert not an.get_by_label("Lý do").is_visible()
    an.get_by_label("Xếp loại").select_option(label="Hoàn thành tốt nhiệm vụ")
    assert an.get_by_label("Lý do").is_visible()
    assert quota.inner_text() == "Hoàn thành xuất sắc: 0 / tối đa 0"
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "Nhập lý do xếp loại Nguyễn Văn An khác đề xuất của chi bộ (Hoàn thành xuất sắc nhiệm vụ)." in \
        page.locator(".error-summary").inner_text()
    an = page.get_by_role("group", name="Nguyễn Văn An")
    assert an.get_by_label("Xếp loại").input_value() == "HTTNV"
    an.get_by_label("Lý do").fill("Chưa hoàn thành chỉ tiêu học tập của tiêu chí Cầu thị.")
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "Đã ban hành quyết định xếp loại." in page.get_by_role("status").inner_text()
    # Decided: read-only, the commitments closed.
    assert page.get_by_role("button", name="Ban hành quyết định").count() == 0
    violations = Axe().run(page).response["violations"]
    assert violations == [], [v["id"] for v in violations]
    review = world.admin.ok("GET", f"/api/v1/organizations/{world.ward}/reviews/{YEAR}")
    grades = {g["memberId"]: (g["grade"], g.get("reason")) for g in review["grades"]}
    assert grades[world.an] == ("HTTNV", "Chưa hoàn thành chỉ tiêu học tập của tiêu chí Cầu thị.")
    assert grades[world.members["Hoàng Văn Em"]] == ("HTNV", None)
    assert review["decisionNumber"] == "15-QĐ/ĐU" and review["decidedOn"] == f"{YEAR}-12-28"
    assert world.admin.ok("GET", f"/api/v1/members/{world.an}/commitments/{YEAR}")["status"] == "CLOSED"
    # Reopening needs a reason, and unlocks the year.
    page.get_by_role("button", name="Mở lại").click()
    assert "Nhập lý do mở lại quyết định." in page.locator(".error-summary").inner_text()
    page.get_by_label("Lý do").fill("Chi bộ đề nghị xem xét lại.")
    page.get_by_role("button", name="Mở lại").click()
    assert "Đã mở lại quyết định." in page.get_by_role("status").inner_text()
    assert page.get_by_role("button", name="Ban hành quyết định").count() == 1
    assert world.admin.ok("GET", f"/api/v1/members/{world.an}/commitments/{YEAR}")["status"] == "ACKNOWLEDGED"


def test_the_server_refuses_a_decision_over_the_quota_with_the_numbers(world, new_page):
    page = new_page(javascript=False)
    sign_in(page, world.ward_secretary_user)
    page.goto(world.decision_path())
    for name in ["Nguyễn Văn An", "Trần Thị Bình"]:
        group = page.get_by_role("group", name=name)
        group.get_by_label("Xếp loại").select_option(label="Hoàn thành xuất sắc nhiệm vụ")
    page.get_by_label("Số quyết định").fill("16-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill(f"29/12/{YEAR}")
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name="Ban hành quyết định").click()
    assert answer.value.status == 422
    summary = page.locator(".error-summary").inner_text()
    assert "Hoàn thành xuất sắc: 2 / tối đa 0" in summary
    # Bình's grade departs from the proposal too, and has no reason.
    assert "Nhập lý do xếp loại Trần Thị Bình" in summary
    assert page.get_by_role("group", name="Trần Thị Bình").get_by_label("Xếp loại").input_value() == "HTXSNV"


def test_the_district_grades_its_wards(world, new_page):
    page = new_page()
    sign_in(page, world.district_secretary_user)
    page.get_by_role("link", name=f"Xếp loại tổ chức cơ sở đảng năm {YEAR}").click()
    group = page.get_by_role("group", name="Đảng bộ phường Hạ Lý")
    group.get_by_label("Xếp loại").select_option(label="Hoàn thành tốt nhiệm vụ")
    page.get_by_label("Số quyết định").fill("30-QĐ/QU")
    page.get_by_label("Ngày quyết định").fill(f"30/12/{YEAR}")
    page.get_by_role("button", name="Ban hành quyết định").click()
    assert "Đã ban hành quyết định xếp loại các tổ chức." in page.get_by_role("status").inner_text()
    review = world.admin.ok("GET", f"/api/v1/organizations/{world.district}/reviews/{YEAR}")
    assert [(g["organizationId"].lower(), g["grade"]) for g in review["organizationGrades"]] == [(world.ward.lower(), "HTTNV")]
    assert review["decisionNumber"] == "30-QĐ/QU"


def test_a_figure_of_the_report_opens_the_list_of_what_it_counts(world, new_page):
    """The report in the page: a count in its frame is a link that opens, in the whole
    window, the records it counts, as many as the figure says, each checked against the API."""
    prepare(world)
    page = new_page(width=1280, height=900)
    sign_in(page, world.ward_secretary_user)
    page.get_by_role("link", name="Báo cáo").first.click()
    page.get_by_label("Tổ chức đảng").select_option(value=world.ward.lower())
    page.get_by_label("Từ năm").select_option(str(YEAR))
    page.get_by_label("Đến năm").select_option(str(YEAR))
    page.get_by_role("button", name="Xem báo cáo").click()
    report = world.admin.ok("GET", f"/api/v1/reports/annual?organizationId={world.ward}&year={YEAR}")
    registered = report["commitments"]["registered"]
    frame = page.frame_locator("iframe")
    row = frame.get_by_role("row").filter(has=frame.get_by_role("cell", name="Đăng ký cam kết", exact=True))
    link = row.get_by_role("link").first
    assert link.inner_text() == str(registered)
    link.click()
    page.wait_for_url("**/figures?figure=registered**")
    assert heading(page).startswith(f"{registered} đảng viên đăng ký cam kết năm {YEAR}")
    names = page.locator("tbody th").all_inner_texts()
    assert len(names) == registered
    assert sorted(names) == sorted(PROPOSALS)
