"""Part 2, recognition: the year's commendation candidates and a commendation recorded for
them, badge candidates of an occasion and several awards at once, an exemplar found and moved
through its stages to the commendation, and an outreach activity; each checked against what
the API then holds."""
from conftest import YEAR, heading, sign_in

GOOD = ["Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em"]


def decide(world):
    """The ward's decision of the year through the API: An excellent, the others good (one
    HTXSNV beside five HTTNV is within the 20 % quota)."""
    grades = [{"memberId": world.an, "grade": "HTXSNV", "reason": "Tiêu biểu của chi bộ"}]
    grades += [{"memberId": world.members[name], "grade": "HTTNV", "reason": "Theo kết quả kiểm điểm"} for name in GOOD]
    grades.append({"memberId": world.outsider, "grade": "HTTNV", "reason": "Theo kết quả kiểm điểm"})
    world.admin.ok("PUT", f"/api/v1/organizations/{world.ward}/reviews/{YEAR}",
                   {"decisionNumber": "15-QĐ/ĐU", "decidedOn": f"{YEAR}-12-28", "grades": grades})


def test_the_ward_records_commendations_badges_exemplars_and_activities(world, new_page):
    decide(world)
    admin = world.admin
    page = new_page(width=1280, height=900)
    sign_in(page, world.ward_admin_user)
    page.goto(f"/organizations/{world.ward}")

    # Commendations of the year: An is the one candidate; nothing chosen is refused.
    page.get_by_role("link", name=f"Khen thưởng năm {YEAR}").click()
    assert heading(page) == f"Khen thưởng năm {YEAR}"
    page.get_by_role("button", name="Ghi khen thưởng").click()
    summary = page.locator(".error-summary").inner_text()
    assert "Chọn ít nhất một đảng viên để khen thưởng." in summary
    assert "Chọn hình thức khen thưởng." in summary and "Nhập số quyết định" in summary
    page.get_by_label("Chọn Nguyễn Văn An: Hoàn thành xuất sắc nhiệm vụ trong năm").check()
    page.get_by_label("Hình thức").select_option(label="Giấy khen")
    page.get_by_label("Số quyết định").fill("20-QĐ/ĐU")
    page.get_by_label("Ngày quyết định").fill(f"30/12/{YEAR}")
    page.get_by_role("button", name="Ghi khen thưởng").click()
    assert page.locator(".notice").inner_text() == "Đã ghi khen thưởng."
    recorded = admin.ok("GET", f"/api/v1/commendations?organizationId={world.ward}&year={YEAR}")["items"]
    assert [(c["memberId"], c["form"], c["basis"], c["decisionNumber"], c["decidedOn"], c["issuerOrganizationId"]) for c in recorded] == \
        [(world.an, "GIAY_KHEN", "EXCELLENT_YEAR", "20-QĐ/ĐU", f"{YEAR}-12-30", world.ward)]
    assert recorded[0]["title"] == f"Đảng viên hoàn thành xuất sắc nhiệm vụ năm {YEAR}"
    done = page.get_by_role("table").last.inner_text()
    assert "Nguyễn Văn An" in done and "Giấy khen" in done and "20-QĐ/ĐU, 30/12/" + str(YEAR) in done
    # Recorded once: no box to choose An again.
    assert page.get_by_label("Chọn Nguyễn Văn An: Hoàn thành xuất sắc nhiệm vụ trong năm").count() == 0

    # Badges: every cell member joined on 19/05/1995 and is due the 30-year badge on the next occasion.
    page.goto(f"/organizations/{world.ward}")
    page.get_by_role("link", name="Huy hiệu Đảng").click()
    assert heading(page) == "Huy hiệu Đảng"
    page.get_by_label("Dịp trao").select_option(label="03/02/2027")
    page.get_by_role("button", name="Xem danh sách").click()
    listed = page.get_by_role("table").first.inner_text()
    for name in world.members:
        assert name in listed
    assert "Vũ Thị Giang" not in listed and "Huy hiệu 30 năm tuổi Đảng" in listed
    page.get_by_label("Chọn Nguyễn Văn An").check()
    page.get_by_label("Chọn Trần Thị Bình").check()
    page.get_by_role("button", name="Trao huy hiệu").click()
    assert "Nhập số quyết định trao huy hiệu" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Chọn Nguyễn Văn An").is_checked()
    page.get_by_label("Số quyết định").fill("120-QĐ/QU")
    page.get_by_role("button", name="Trao huy hiệu").click()
    assert page.locator(".notice").inner_text() == "Đã ghi việc trao huy hiệu."
    awards = admin.ok("GET", f"/api/v1/badge-awards?organizationId={world.ward}")
    awards = awards["items"] if isinstance(awards, dict) else awards
    assert sorted((a["memberId"], a["years"], a["occasionOn"], a["decisionNumber"]) for a in awards) == \
        sorted((member, 30, "2027-02-03", "120-QĐ/QU") for member in [world.an, world.binh])
    # The two are no longer candidates; the other three still are.
    candidates = page.get_by_role("table").first.inner_text()
    assert "Nguyễn Văn An" not in candidates and "Lê Văn Cường" in candidates
    assert "Nguyễn Văn An" in page.get_by_role("table").last.inner_text()

    # An exemplar, found by the ward's secretary and moved stage by stage to An's commendation.
    page = new_page(width=360, height=740)
    sign_in(page, world.ward_secretary_user)
    page.goto(f"/organizations/{world.ward}")
    page.get_by_role("link", name="Điển hình tiên tiến").click()
    assert heading(page) == "Điển hình tiên tiến"
    card = admin.ok("GET", f"/api/v1/members/{world.an}")["partyCardNumber"]
    page.get_by_role("button", name="Ghi điển hình").click()
    assert "Nhập tên điển hình" in page.locator(".error-summary").inner_text()
    page.get_by_label("Số thẻ đảng viên").fill(card)
    page.get_by_label("Tên điển hình").fill("Gương mẫu trong công tác dân vận")
    page.get_by_label("Gương mẫu", exact=True).check()
    page.get_by_label("Ngày phát hiện").fill(f"02/03/{YEAR}")
    page.get_by_role("button", name="Ghi điển hình").click()
    assert page.locator(".notice").inner_text() == "Đã ghi điển hình."
    section = page.get_by_role("region", name="Gương mẫu trong công tác dân vận")
    assert "Nguyễn Văn An" in section.inner_text() and "Mới phát hiện" in section.inner_text()
    for stage in ["Đang bồi dưỡng", "Đã đề nghị"]:
        section = page.get_by_role("region", name="Gương mẫu trong công tác dân vận")
        section.get_by_label("Chuyển sang").select_option(label=stage)
        section.get_by_role("button", name="Chuyển giai đoạn: Gương mẫu trong công tác dân vận").click()
        assert page.locator(".notice").inner_text() == "Đã chuyển giai đoạn."
    section = page.get_by_role("region", name="Gương mẫu trong công tác dân vận")
    section.get_by_label("Chuyển sang").select_option(label="Đã khen thưởng")
    section.get_by_role("button", name="Chuyển giai đoạn: Gương mẫu trong công tác dân vận").click()
    assert "Chọn khen thưởng đã ghi cho điển hình này" in page.locator(".error-summary").inner_text()
    section = page.get_by_role("region", name="Gương mẫu trong công tác dân vận")
    section.get_by_label("Chuyển sang").select_option(label="Đã khen thưởng")
    section.get_by_label("Khen thưởng", exact=True).select_option(label=f"Giấy khen năm {YEAR}, 20-QĐ/ĐU")
    section.get_by_role("button", name="Chuyển giai đoạn: Gương mẫu trong công tác dân vận").click()
    assert page.locator(".notice").inner_text() == "Đã chuyển giai đoạn."
    exemplars = admin.ok("GET", f"/api/v1/exemplars?organizationId={world.ward}")["items"]
    assert [(e["memberId"], e["title"], e["stage"], e["criteria"], e["commendationId"]) for e in exemplars] == \
        [(world.an, "Gương mẫu trong công tác dân vận", "COMMENDED", ["GUONG_MAU"], recorded[0]["id"])]
    assert [step["stage"] for step in exemplars[0]["history"]] == ["DISCOVERED", "NURTURED", "PROPOSED", "COMMENDED"]
    section = page.get_by_role("region", name="Gương mẫu trong công tác dân vận")
    assert "Đã khen thưởng" in section.inner_text() and section.get_by_role("button").count() == 0

    # An outreach activity: a date that does not exist is refused beside its field.
    page.goto(f"/organizations/{world.ward}")
    page.get_by_role("link", name="Hoạt động tuyên truyền").click()
    assert heading(page) == "Hoạt động tuyên truyền"
    page.get_by_label("Ngày tổ chức").fill(f"31/11/{YEAR}")
    page.get_by_label("Hình thức").select_option(label="Hội nghị")
    page.get_by_label("Chủ đề").fill("Học tập Quyết định 500-QĐ/QU")
    page.get_by_label("Số người tham dự").fill("1.200")
    page.get_by_role("button", name="Ghi hoạt động").click()
    assert page.locator("#heldOn-error").inner_text() == "Nhập ngày theo dạng ngày/tháng/năm, ví dụ 15/12/2026."
    assert page.locator("#participants-error").count() == 0
    # "1.200" is twelve hundred, as the page writes numbers; kept while the date is put right.
    assert page.get_by_label("Số người tham dự").input_value() == "1.200"
    page.get_by_label("Ngày tổ chức").fill(f"15/11/{YEAR}")
    page.get_by_role("button", name="Ghi hoạt động").click()
    assert page.locator(".notice").inner_text() == "Đã ghi hoạt động."
    activities = admin.ok("GET", f"/api/v1/organizations/{world.ward}/activities")["items"]
    assert [(a["heldOn"], a["channel"], a["topic"], a["participants"]) for a in activities] == \
        [(f"{YEAR}-11-15", "CONFERENCE", "Học tập Quyết định 500-QĐ/QU", 1200)]
    row = page.get_by_role("table").inner_text()
    assert f"15/11/{YEAR}" in row and "Hội nghị" in row and "1.200" in row and "Đảng bộ phường Hạ Lý" in row
