"""The jobs of part 1, walked as the people do them, by the words on the page; then what the
database holds, read back through the API."""
import re

from conftest import API, PASSWORD, YEAR, heading, sign_in


def fill_commitment(page, world, texts):
    """Types one item per criterion: texts[code] = (action, target)."""
    for code, name in world.criteria:
        group = page.get_by_role("group", name=name)
        action, target = texts[code]
        group.get_by_label("Việc làm").last.fill(action)
        group.get_by_label("Chỉ tiêu").last.fill(target)


TEXTS = {
    "GUONG_MAU": ("Gương mẫu chấp hành nội quy nơi cư trú", "Không vi phạm trong cả năm"),
    "CAU_THI": ("Học xong lớp bồi dưỡng lý luận chính trị", "Hoàn thành trước tháng 6"),
    "TRACH_NHIEM": ("Nhận theo dõi 10 hộ gia đình ở tổ dân phố 3", "10 hộ"),
    "NOI_DI_DOI_VOI_LAM": ("Làm đúng những gì đã hứa với bà con", "Báo cáo mỗi quý"),
}


def test_the_year_of_a_cell_from_registration_to_the_meeting(world, new_page, admin):
    # A member signs in on a phone, registers and submits a commitment.
    member = new_page()
    sign_in(member, world.member_user)
    assert "Nguyễn Văn An" in member.locator("header").inner_text()
    assert "Đảng viên" in member.locator("header").inner_text()
    member.get_by_role("link", name=f"Bản đăng ký làm theo năm {YEAR}").click()
    assert heading(member) == f"Bản đăng ký làm theo năm {YEAR}"
    assert "Chưa đăng ký" in member.locator(".status").inner_text()
    fill_commitment(member, world, TEXTS)
    member.get_by_role("button", name="Lưu nháp").click()
    assert "Đã lưu nháp." in member.get_by_role("status").inner_text()
    assert member.locator(".status").inner_text().startswith("Nháp")
    member.get_by_role("button", name="Gửi bản đăng ký").click()
    assert member.locator(".status").inner_text().startswith("Đã gửi")

    # The secretary returns it with a reason.
    secretary = new_page(width=1280, height=900)
    sign_in(secretary, world.secretary_user)
    secretary.get_by_role("link", name=f"Đăng ký của chi bộ năm {YEAR}").click()
    assert heading(secretary) == f"Đăng ký của chi bộ năm {YEAR}"
    row = secretary.locator(".member-row", has_text="Nguyễn Văn An")
    assert "Đã gửi" in row.inner_text()
    assert "Chưa đăng ký" in secretary.locator(".member-row", has_text="Lê Văn Cường").inner_text()
    row.get_by_label("Lý do").fill("Việc làm của tiêu chí Cầu thị cần cụ thể hơn.")
    row.get_by_role("button", name="Trả lại").click()
    assert "Bị trả lại với lý do: Việc làm của tiêu chí Cầu thị cần cụ thể hơn." in \
        secretary.locator(".member-row", has_text="Nguyễn Văn An").inner_text()

    # The member sees the reason, fixes it (one more item under Cầu thị) and submits again.
    member.reload()
    assert "Bị trả lại với lý do: Việc làm của tiêu chí Cầu thị cần cụ thể hơn." in member.locator(".status").inner_text()
    group = member.get_by_role("group", name="Cầu thị")
    group.get_by_role("button", name="Thêm việc làm").click()
    assert group.get_by_label("Việc làm").count() == 2
    group.get_by_label("Việc làm").last.fill("Đọc và ghi chép hai cuốn sách về Bác Hồ")
    group.get_by_label("Chỉ tiêu").last.fill("Hai cuốn trước tháng 9")
    member.get_by_role("button", name="Gửi bản đăng ký").click()
    assert member.locator(".status").inner_text().startswith("Đã gửi")

    # A second member registers too, so that the secretary acknowledges both at once.
    member2 = new_page()
    sign_in(member2, world.member2_user)
    member2.get_by_role("link", name=f"Bản đăng ký làm theo năm {YEAR}").click()
    fill_commitment(member2, world, {code: (f"Việc của chị Bình: {name}", "") for code, name in world.criteria})
    member2.get_by_role("button", name="Gửi bản đăng ký").click()
    assert member2.locator(".status").inner_text().startswith("Đã gửi")

    secretary.reload()
    secretary.get_by_role("button", name=re.compile("^Xác nhận tất cả")).click()
    assert "Đã xác nhận tất cả bản đã gửi." in secretary.get_by_role("status").inner_text()
    for name in ["Nguyễn Văn An", "Trần Thị Bình"]:
        assert "Đã xác nhận" in secretary.locator(".member-row", has_text=name).inner_text()
    counts = secretary.locator(".counts").inner_text()
    assert "Tổng số: 5" in counts and "Chưa đăng ký: 3" in counts and "Đã xác nhận: 2" in counts

    # Both members submit their self-assessments (2026 is graded in points).
    for page, points, grade in [(member, ["95", "92", "90", "91"], "Hoàn thành xuất sắc nhiệm vụ"),
                                (member2, ["80", "75", "78", "82"], "Hoàn thành tốt nhiệm vụ")]:
        page.goto("/home")
        page.get_by_role("link", name=f"Bản tự kiểm điểm năm {YEAR}").click()
        assert heading(page) == f"Bản tự kiểm điểm năm {YEAR}"
        for (code, name), value in zip(world.criteria, points):
            page.get_by_role("group", name=name).get_by_label("Điểm tự chấm (0–100)").fill(value)
        for select in page.get_by_label("Kết quả").all():
            select.select_option(label="Hoàn thành")
        page.get_by_label("Ưu điểm").fill("Gương mẫu, nhiệt tình với công việc chung của khu dân cư.")
        page.get_by_label("Khuyết điểm, hạn chế").fill("Có lúc chưa sắp xếp thời gian hợp lý.")
        page.get_by_label("Tự nhận mức xếp loại").select_option(label=grade)
        page.get_by_role("button", name="Gửi bản tự kiểm điểm").click()
        assert "Đã gửi bản tự kiểm điểm cho chi bộ." in page.get_by_role("status").inner_text()
        assert page.locator(".status").inner_text().startswith("Đã gửi")

    # The secretary records the meeting: date, chair, attendees (quorum shown), proposals.
    secretary.goto("/home")
    secretary.get_by_role("link", name=f"Họp chi bộ kiểm điểm năm {YEAR}").click()
    assert heading(secretary) == f"Họp chi bộ kiểm điểm năm {YEAR}"
    secretary.get_by_label("Ngày họp").fill(f"15/12/{YEAR}")
    secretary.get_by_label("Chủ trì").fill("Lê Văn Cường")
    secretary.get_by_label("Thư ký").fill("Phạm Thị Dung")
    quorum = secretary.locator("[data-quorum]")
    for name in ["Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường"]:
        secretary.get_by_role("checkbox", name=name).check()
    assert "Có mặt 3 / 5" in quorum.inner_text() and "chưa đủ" in quorum.inner_text()
    secretary.get_by_role("checkbox", name="Phạm Thị Dung").check()
    assert "Có mặt 4 / 5" in quorum.inner_text() and "đủ số lượng" in quorum.inner_text()
    for name, grade, votes in [("Nguyễn Văn An", "Hoàn thành xuất sắc nhiệm vụ", ("4", "0", "0")),
                               ("Trần Thị Bình", "Hoàn thành tốt nhiệm vụ", ("3", "1", "0"))]:
        section = secretary.get_by_role("region", name=name)
        section.get_by_label("Đề xuất xếp loại").select_option(label=grade)
        section.get_by_label("Nhận xét").fill(f"Chi bộ nhất trí với đề xuất cho {name}.")
        section.get_by_label("Tán thành", exact=True).fill(votes[0])
        section.get_by_label("Không tán thành").fill(votes[1])
        section.get_by_label("Không biểu quyết").fill(votes[2])
    options = secretary.get_by_role("region", name="Lê Văn Cường").get_by_label("Đề xuất xếp loại").locator("option").all_inner_texts()
    assert options[1:] == ["Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ", "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ"]
    secretary.get_by_role("button", name="Lưu biên bản").click()
    assert "Đã lưu biên bản." in secretary.get_by_role("status").inner_text()

    # The database holds exactly that.
    an = admin.ok("GET", f"/api/v1/members/{world.an}/commitments/{YEAR}")
    assert an["status"] == "ACKNOWLEDGED"
    items = [(i["criterion"], i["action"], i.get("target")) for i in an["items"]]
    expected = [(code, *TEXTS[code]) for code, _ in world.criteria]
    expected.insert(2, ("CAU_THI", "Đọc và ghi chép hai cuốn sách về Bác Hồ", "Hai cuốn trước tháng 9"))
    assert sorted(items) == sorted(expected)
    binh = admin.ok("GET", f"/api/v1/members/{world.binh}/commitments/{YEAR}")
    assert binh["status"] == "ACKNOWLEDGED"
    assert all(i.get("target") is None for i in binh["items"])
    assessment = admin.ok("GET", f"/api/v1/members/{world.an}/self-assessments/{YEAR}")
    assert assessment["status"] == "SUBMITTED" and assessment["proposedGrade"] == "HTXSNV"
    assert [c["points"] for c in assessment["criteria"]] == [95, 92, 90, 91]
    assert assessment["strengths"] == "Gương mẫu, nhiệt tình với công việc chung của khu dân cư."
    review = admin.ok("GET", f"/api/v1/organizations/{world.cell}/reviews/{YEAR}")
    assert review["heldOn"] == f"{YEAR}-12-15" and review["attendees"] == 4 and review["eligible"] == 5
    assert review["quorumMet"] is True and review["chair"] == "Lê Văn Cường" and review["secretary"] == "Phạm Thị Dung"
    proposals = {p["memberId"]: p for p in review["proposals"]}
    assert set(proposals) == {world.an, world.binh}
    assert (proposals[world.an]["proposedGrade"], proposals[world.an]["votesFor"]) == ("HTXSNV", 4)
    assert (proposals[world.binh]["proposedGrade"], proposals[world.binh]["votesAgainst"]) == ("HTTNV", 1)

    # The secretary can read a member's commitment and self-assessment, without editing.
    secretary.goto(world.commitment_path(world.an))
    assert secretary.get_by_role("button", name="Lưu nháp").count() == 0
    assert "Đọc và ghi chép hai cuốn sách về Bác Hồ" in secretary.locator("main").inner_text()
    secretary.goto(world.self_assessment_path(world.an))
    assert secretary.get_by_role("button", name="Gửi bản tự kiểm điểm").count() == 0
    assert "Hoàn thành xuất sắc nhiệm vụ" in secretary.locator("main").inner_text()

    # The member's records show the year's proposals.
    member.goto(f"/members/{world.an}")
    assert heading(member) == "Hồ sơ thi đua của Nguyễn Văn An"
    assert "Hoàn thành xuất sắc nhiệm vụ" in member.locator("table").first.inner_text()

    # Signing out ends the session: the old cookie no longer opens a page.
    member.get_by_role("button", name="Đăng xuất").click()
    assert member.url.endswith("/login?notice=signed-out")
    member.goto(world.commitment_path(world.an))
    assert "/login" in member.url
