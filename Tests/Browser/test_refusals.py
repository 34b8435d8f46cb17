"""What goes wrong, as a person meets it: a wrong password, a missing field, a stale edit, a
page outside their reach, a post from elsewhere; and every job with JavaScript switched off."""
import re

from conftest import API, BASE, PASSWORD, YEAR, heading, sign_in


def test_a_wrong_password_says_so_and_signs_no_one_in(world, new_page):
    page = new_page()
    page.goto("/")
    assert page.url.endswith("/login")
    page.get_by_label("Tên đăng nhập").fill(world.member_user)
    page.get_by_label("Mật khẩu").fill("khong-dung-mat-khau")
    with page.expect_response(lambda r: r.url.endswith("/login") and r.request.method == "POST") as answer:
        page.get_by_role("button", name="Đăng nhập").click()
    assert answer.value.status == 401
    assert heading(page) == "Đăng nhập"
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Mật khẩu").get_attribute("aria-invalid") == "true"
    assert page.get_by_label("Tên đăng nhập").input_value() == world.member_user
    page.goto("/home")
    assert "/login" in page.url


def test_a_missing_item_is_named_in_the_summary_and_beside_its_criterion(world, new_page):
    page = new_page()
    sign_in(page, world.member2_user)
    page.goto(world.commitment_path(world.binh))
    group = page.get_by_role("group", name="Gương mẫu")
    group.get_by_label("Việc làm").fill("Giữ gìn vệ sinh chung")
    page.get_by_role("button", name="Gửi bản đăng ký").click()
    summary = page.locator(".error-summary")
    assert "Nhập ít nhất một việc làm cho tiêu chí Cầu thị." in summary.inner_text()
    assert "Gương mẫu" not in summary.inner_text()
    link = summary.get_by_role("link", name="Nhập ít nhất một việc làm cho tiêu chí Cầu thị.")
    target = link.get_attribute("href")
    assert page.locator(target).count() == 1
    assert "Nhập ít nhất một việc làm cho tiêu chí Cầu thị." in page.get_by_role("group", name="Cầu thị").inner_text()
    # What was typed is still there, and nothing was written.
    assert group.get_by_label("Việc làm").input_value() == "Giữ gìn vệ sinh chung"
    status, _, _ = world.admin.call("GET", f"/api/v1/members/{world.binh}/commitments/{YEAR}")
    assert status == 404


def test_a_stale_edit_says_so_and_keeps_what_was_typed(world, new_page):
    first, second = new_page(), new_page()
    for page in (first, second):
        sign_in(page, world.member_user)
        page.goto(world.commitment_path(world.an))
    first.get_by_role("group", name="Gương mẫu").get_by_label("Việc làm").fill("Bản trên điện thoại")
    first.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu nháp." in first.get_by_role("status").inner_text()
    second.get_by_role("group", name="Gương mẫu").get_by_label("Việc làm").fill("Bản trên máy tính")
    with second.expect_response(lambda r: r.request.method == "POST") as answer:
        second.get_by_role("button", name="Lưu nháp").click()
    assert answer.value.status == 409
    assert "vừa được lưu ở nơi khác" in second.locator("main").inner_text()
    assert second.get_by_role("group", name="Gương mẫu").get_by_label("Việc làm").input_value() == "Bản trên máy tính"
    saved = world.admin.ok("GET", f"/api/v1/members/{world.an}/commitments/{YEAR}")
    assert [i["action"] for i in saved["items"]] == ["Bản trên điện thoại"]
    # Saving again, having seen the message, writes what this person typed.
    second.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu nháp." in second.get_by_role("status").inner_text()
    saved = world.admin.ok("GET", f"/api/v1/members/{world.an}/commitments/{YEAR}")
    assert [i["action"] for i in saved["items"]] == ["Bản trên máy tính"]


def test_a_page_outside_reach_is_the_same_404_as_one_that_does_not_exist(world, new_page):
    page = new_page()
    sign_in(page, world.member_user)
    answers = {}
    for path in [world.commitment_path(world.binh), world.self_assessment_path(world.outsider), f"/members/{world.binh}",
                 world.cell_path(), world.meeting_path(),
                 f"/members/00000000-0000-4000-8000-000000000000/commitments/{YEAR}", "/khong-co-trang-nay"]:
        response = page.goto(path)
        answers[path] = response.status
        assert heading(page) == "Không tìm thấy trang", path
        assert page.locator("html").get_attribute("lang") == "vi"
    assert set(answers.values()) == {404}, answers
    # Another cell's secretary reaches neither this cell nor its members.
    other = new_page()
    sign_in(other, world.other_secretary_user)
    for path in [world.cell_path(), world.meeting_path(), world.commitment_path(world.an)]:
        assert other.goto(path).status == 404, path


def test_a_post_without_the_csrf_token_or_from_another_site_is_refused(world, new_page):
    page = new_page()
    sign_in(page, world.member2_user)
    page.goto(world.commitment_path(world.binh))
    token = page.locator("input[name=_csrf]").first.input_value()
    form = {"version": "0", "intent": "save", "items[0].criterion": "GUONG_MAU", "items[0].action": "Giả mạo"}
    missing = page.request.post(BASE + world.commitment_path(world.binh), form=form)
    assert missing.status == 403
    assert "Không gửi được biểu mẫu" in missing.text()
    wrong = page.request.post(BASE + world.commitment_path(world.binh), form={**form, "_csrf": "0" * 64})
    assert wrong.status == 403
    foreign = page.request.post(BASE + world.commitment_path(world.binh), form={**form, "_csrf": token},
                                headers={"Origin": "https://evil.example"})
    assert foreign.status == 403
    status, _, _ = world.admin.call("GET", f"/api/v1/members/{world.binh}/commitments/{YEAR}")
    assert status == 404
    # The token of one session does not serve another.
    other = new_page()
    sign_in(other, world.member_user)
    stolen = other.request.post(BASE + world.commitment_path(world.an), form={**form, "_csrf": token})
    assert stolen.status == 403
    # With its own token the same post goes through.
    ok = page.request.post(BASE + world.commitment_path(world.binh), form={**form, "_csrf": token}, max_redirects=0)
    assert ok.status == 303


def test_the_session_cookie_is_http_only_and_same_site(world, new_page):
    page = new_page()
    sign_in(page, world.member_user)
    cookie = next(c for c in page.context.cookies() if c["name"] == "thidua_session")
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert page.evaluate("document.cookie").find("thidua_session") == -1


def test_every_job_works_with_javascript_switched_off(world, new_page):
    member = new_page(javascript=False)
    sign_in(member, world.accounts["binh"])
    member.get_by_role("link", name=f"Bản đăng ký làm theo năm {YEAR}").click()
    for code, name in world.criteria:
        member.get_by_role("group", name=name).get_by_label("Việc làm").fill(f"Không cần script: {name}")
    group = member.get_by_role("group", name="Trách nhiệm")
    group.get_by_role("button", name="Thêm việc làm").click()  # a round trip to the server
    group = member.get_by_role("group", name="Trách nhiệm")
    assert group.get_by_label("Việc làm").count() == 2
    assert group.get_by_label("Việc làm").first.input_value() == "Không cần script: Trách nhiệm"
    group.get_by_label("Việc làm").last.fill("Việc thứ hai, thêm không cần script")
    member.get_by_role("button", name="Gửi bản đăng ký").click()
    assert member.locator(".status").inner_text().startswith("Đã gửi")
    saved = world.admin.ok("GET", f"/api/v1/members/{world.binh}/commitments/{YEAR}")
    assert len(saved["items"]) == 5 and saved["status"] == "SUBMITTED"

    secretary = new_page(javascript=False)
    sign_in(secretary, world.secretary_user)
    secretary.get_by_role("link", name=f"Đăng ký của chi bộ năm {YEAR}").click()
    row = secretary.locator(".member-row", has_text="Trần Thị Bình")
    row.get_by_role("button", name="Xác nhận").click()
    assert "Đã xác nhận" in secretary.locator(".member-row", has_text="Trần Thị Bình").inner_text()

    member.goto(world.self_assessment_path(world.binh))
    for code, name in world.criteria:
        member.get_by_role("group", name=name).get_by_label("Điểm tự chấm (0–100)").fill("70")
    member.get_by_label("Tự nhận mức xếp loại").select_option(label="Hoàn thành tốt nhiệm vụ")
    member.get_by_role("button", name="Gửi bản tự kiểm điểm").click()
    assert member.locator(".status").inner_text().startswith("Đã gửi")

    secretary.goto(world.meeting_path())
    secretary.get_by_label("Ngày họp").fill(f"20/12/{YEAR}")
    for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]:
        secretary.get_by_role("checkbox", name=name).check()
    section = secretary.get_by_role("region", name="Trần Thị Bình")
    section.get_by_label("Đề xuất xếp loại").select_option(label="Hoàn thành tốt nhiệm vụ")
    section.get_by_label("Tán thành", exact=True).fill("5")
    secretary.get_by_role("button", name="Lưu biên bản").click()
    assert "Đã lưu biên bản." in secretary.locator("main").inner_text()
    review = world.admin.ok("GET", f"/api/v1/organizations/{world.cell}/reviews/{YEAR}")
    assert review["attendees"] == 5 and review["heldOn"] == f"{YEAR}-12-20"


def test_a_meeting_with_too_many_votes_names_the_member(world, new_page):
    secretary = new_page()
    sign_in(secretary, world.secretary_user)
    secretary.goto(world.meeting_path())
    secretary.get_by_label("Ngày họp").fill("31/02/2026")
    secretary.get_by_role("checkbox", name="Nguyễn Văn An").check()
    section = secretary.get_by_role("region", name="Nguyễn Văn An")
    section.get_by_label("Đề xuất xếp loại").select_option(label="Hoàn thành nhiệm vụ")
    section.get_by_label("Tán thành", exact=True).fill("3")
    secretary.get_by_role("button", name="Lưu biên bản").click()
    summary = secretary.locator(".error-summary").inner_text()
    assert "Nhập ngày theo dạng ngày/tháng/năm" in summary
    assert "Tổng số phiếu của Nguyễn Văn An (3) không được vượt số người có mặt (1)." in summary
    assert secretary.get_by_label("Ngày họp").input_value() == "31/02/2026"
