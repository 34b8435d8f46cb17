"""Part 2, administration in the browser: organizations created, merged and renamed; a
member's details edited and the member transferred, with the audit trail on the record; a
CSV import checked (every row and column in error shown, nothing written) and then imported.
Each step is checked against what the API then holds."""
import os

from axe_playwright_python.sync_playwright import Axe

from conftest import ADMIN, ADMIN_PASSWORD, heading, sign_in


def test_organizations_are_created_merged_and_renamed(world, new_page):
    admin = world.admin
    page = new_page(width=1280, height=900)
    sign_in(page, world.ward_admin_user)
    ward = admin.ok("GET", f"/api/v1/organizations/{world.ward}")
    suffix = ward["code"].rsplit("-", 1)[-1]

    def create(code, name, merge=(), founded="01/07/2024"):
        page.goto(f"/organizations/{world.ward}")
        page.get_by_role("link", name="Thêm tổ chức trực thuộc").click()
        assert heading(page) == "Thêm tổ chức trực thuộc"
        page.get_by_label("Mã tổ chức").fill(code)
        page.get_by_label("Loại tổ chức").select_option(label="Chi bộ")
        page.get_by_label("Tên tổ chức").fill(name)
        page.get_by_label("Ngày thành lập").fill(founded)
        for old in merge:
            page.get_by_label(f"{old} (Chi bộ)").check()
        page.get_by_role("button", name="Thành lập tổ chức").click()
        assert heading(page) == name
        return page.url.rsplit("/", 1)[-1].split("?")[0]

    # Nothing filled: each field says what it needs.
    page.goto(f"/organizations/{world.ward}/new")
    page.get_by_label("Ngày thành lập").fill("")
    page.get_by_role("button", name="Thành lập tổ chức").click()
    summary = page.locator(".error-summary").inner_text()
    for message in ["Nhập mã tổ chức", "Chọn loại tổ chức.", "Nhập tên tổ chức.", "Nhập ngày thành lập."]:
        assert message in summary

    three = create(f"BT-CB3-{suffix}", "Chi bộ khu dân cư số 3")
    assert page.locator(".notice").inner_text() == "Đã thành lập tổ chức."
    four = create(f"BT-CB4-{suffix}", "Chi bộ khu dân cư số 4")
    # A code that is taken is refused beside its field.
    page.goto(f"/organizations/{world.ward}/new")
    page.get_by_label("Mã tổ chức").fill(f"BT-CB4-{suffix}")
    page.get_by_label("Loại tổ chức").select_option(label="Chi bộ")
    page.get_by_label("Tên tổ chức").fill("Chi bộ trùng mã")
    page.get_by_role("button", name="Thành lập tổ chức").click()
    assert page.locator("#code-error").inner_text() == "Mã này đã là của một tổ chức khác."

    merged = create(f"BT-CB34-{suffix}", "Chi bộ khu dân cư số 3-4", merge=["Chi bộ khu dân cư số 3", "Chi bộ khu dân cư số 4"],
                    founded="01/01/2025")
    assert page.locator(".notice").inner_text() == "Đã thành lập tổ chức hợp nhất; các tổ chức cũ đã kết thúc hoạt động."
    state = page.locator("main").inner_text()
    assert "Hợp nhất từ Chi bộ khu dân cư số 3" in state and "Hợp nhất từ Chi bộ khu dân cư số 4" in state
    created = admin.ok("GET", f"/api/v1/organizations/{merged}")
    assert sorted(id.lower() for id in created["predecessorIds"]) == sorted([three, four]) and created["validFrom"] == "2025-01-01"
    for old in [three, four]:
        closed = admin.ok("GET", f"/api/v1/organizations/{old}")
        assert (closed["validTo"], closed["successorId"].lower()) == ("2024-12-31", merged)
    # The ward's page no longer offers the closed cells for a merger.
    page.goto(f"/organizations/{world.ward}/new")
    assert page.get_by_label("Chi bộ khu dân cư số 3 (Chi bộ)").count() == 0

    # Renamed: the API and the audit trail on the page say so.
    page.goto(f"/organizations/{merged}")
    page.get_by_role("link", name="Sửa tổ chức").click()
    page.get_by_label("Tên tổ chức").fill("Chi bộ khu dân cư Hợp Nhất")
    page.get_by_label("Ngày kết thúc hoạt động").fill("31/12/2024")
    page.get_by_role("button", name="Lưu tổ chức").click()
    assert page.locator("#validTo-error").inner_text() == "Ngày kết thúc hoạt động không được trước ngày thành lập."
    page.get_by_label("Ngày kết thúc hoạt động").fill("")
    page.get_by_role("button", name="Lưu tổ chức").click()
    assert heading(page) == "Chi bộ khu dân cư Hợp Nhất"
    assert admin.ok("GET", f"/api/v1/organizations/{merged}")["name"] == "Chi bộ khu dân cư Hợp Nhất"
    trail = page.get_by_role("region", name="Lịch sử thay đổi").inner_text()
    assert "Sửa thông tin tổ chức" in trail and "Tên tổ chức" in trail and "Thành lập tổ chức" in trail


def test_a_member_is_edited_and_transferred_with_the_trail_on_the_record(world, new_page):
    admin = world.admin
    page = new_page(width=360, height=740)
    sign_in(page, world.ward_admin_user)
    page.goto(f"/organizations/{world.cell}")
    page.get_by_role("link", name="Phạm Thị Dung").click()
    dung = world.members["Phạm Thị Dung"]
    assert page.url.endswith(f"/members/{dung.lower()}")
    page.get_by_role("link", name="Sửa thông tin").click()
    assert heading(page) == "Sửa thông tin đảng viên"
    assert page.get_by_label("Họ và tên").input_value() == "Phạm Thị Dung"
    page.get_by_label("Ngày chính thức").fill("19/05/1994")
    page.get_by_label("Chức vụ").fill("Tổ trưởng tổ dân phố số 7")
    page.get_by_role("button", name="Lưu thông tin").click()
    assert page.locator("#officialOn-error").inner_text() == "Ngày chính thức không được trước ngày vào Đảng."
    before = admin.ok("GET", f"/api/v1/members/{dung}")
    assert before.get("position") is None and before["officialOn"] == "1996-05-19"
    page.get_by_label("Ngày chính thức").fill("19/05/1996")
    page.get_by_role("button", name="Lưu thông tin").click()
    assert page.locator(".notice").inner_text() == "Đã lưu thông tin đảng viên."
    assert admin.ok("GET", f"/api/v1/members/{dung}")["position"] == "Tổ trưởng tổ dân phố số 7"

    page.get_by_role("link", name="Chuyển sinh hoạt").click()
    assert heading(page) == "Chuyển sinh hoạt đảng"
    page.get_by_label("Chuyển đến chi bộ").select_option(label="Chi bộ khu dân cư số 2")
    page.get_by_label("Từ ngày").fill("01/01/1990")
    page.get_by_role("button", name="Chuyển sinh hoạt").click()
    assert "Ngày chuyển phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện nay (19/05/1995)." in page.locator("#effectiveOn-error").inner_text()
    page.get_by_label("Từ ngày").fill("01/09/2026")
    page.get_by_role("button", name="Chuyển sinh hoạt").click()
    assert page.locator(".notice").inner_text() == "Đã chuyển sinh hoạt."
    moved = admin.ok("GET", f"/api/v1/members/{dung}")
    assert moved["organizationId"] == world.other_cell
    history = page.locator("main").inner_text()
    assert "Chi bộ khu dân cư số 2: từ 01/09/2026 đến nay" in history
    assert "Chi bộ khu dân cư số 1: từ 19/05/1995 đến 01/09/2026" in history
    trail = page.get_by_role("region", name="Lịch sử thay đổi").inner_text()
    assert "Chuyển sinh hoạt" in trail and "Sửa thông tin" in trail and "Chức vụ" in trail and "Lý Văn Trị" in trail


def test_a_csv_import_shows_every_error_before_anything_is_imported(world, new_page):
    admin = world.admin
    cell_code = admin.ok("GET", f"/api/v1/organizations/{world.cell}")["code"]
    header = "fullName,gender,birthDate,partyCardNumber,admittedOn,officialOn,category,position,isHead,cellCode\n"
    card = cell_code.replace("-", "")
    bad = (header
           + f"Đỗ Thị Nhập,FEMALE,1980-02-30,{card}N1,2001-05-19,,CONG_CHUC,,false,{cell_code}\n"
           + f"Bùi Văn Nhập,MALE,1975-01-01,{card}N2,2000-02-03,,BO_DOI,,false,{cell_code}\n"
           + f"Lý Thị Nhập,FEMALE,1978-01-01,{card}N3,2002-02-03,,CONG_CHUC,,false,KHONG-CO\n")
    good = (header
            + f"Đỗ Thị Nhập,FEMALE,1980-02-28,{card}N1,2001-05-19,,CONG_CHUC,,false,{cell_code}\n"
            + f"Bùi Văn Nhập,MALE,1975-01-01,{card}N2,2000-02-03,2001-02-03,CAN_BO,Bí thư chi đoàn,true,{cell_code}\n")
    page = new_page(width=1280, height=900)
    sign_in(page, world.ward_admin_user)
    page.goto(f"/organizations/{world.cell}")
    page.get_by_role("link", name="Nhập đảng viên từ tệp CSV").click()
    assert heading(page) == "Nhập đảng viên từ tệp CSV"
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert page.locator("#file-error").inner_text() == "Chọn tệp CSV danh sách đảng viên."

    page.get_by_label("Tệp CSV").set_input_files(files=[{"name": "danh-sach.csv", "mimeType": "text/csv", "buffer": bad.encode()}])
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert "Tệp có 3 lỗi" in page.locator("#file-error").inner_text()
    rows = [[cell.inner_text() for cell in row.locator("th, td").all()]
            for row in page.get_by_role("region", name="Các lỗi của tệp").locator("tbody tr").all()]
    assert [(line, column) for line, column, _ in rows] == [
        ("2", "Ngày sinh (birthDate)"), ("3", "Đối tượng (category)"), ("4", "Mã chi bộ (cellCode)")]
    assert rows[0][2].startswith("Không phải ngày có thật")
    assert rows[2][2] == "Không có chi bộ nào mang mã này trong phạm vi của bạn."
    assert page.get_by_role("button", name="Nhập").count() == 0
    assert admin.ok("GET", "/api/v1/members?q=nhap")["items"] == []

    page.get_by_label("Tệp CSV").set_input_files(files=[{"name": "danh-sach.csv", "mimeType": "text/csv",
                                                          "buffer": ("\ufeff" + good).encode()}])
    page.get_by_role("button", name="Kiểm tra tệp").click()
    assert "Tệp có 2 đảng viên, không có lỗi." in page.locator("main").inner_text()
    assert admin.ok("GET", "/api/v1/members?q=nhap")["items"] == []
    page.get_by_role("button", name="Nhập", exact=True).click()
    assert page.get_by_role("status").inner_text() == "Đã nhập 2 đảng viên."
    found = admin.ok("GET", "/api/v1/members?q=nhap")["items"]
    assert sorted((m["fullName"], m["organizationId"], m["status"]) for m in found) == [
        ("Bùi Văn Nhập", world.cell, "OFFICIAL"), ("Đỗ Thị Nhập", world.cell, "PROBATIONARY")]
    assert [m["position"] for m in found if m["fullName"] == "Bùi Văn Nhập"] == ["Bí thư chi đoàn"]


def test_the_nation_lists_its_provinces(admin, new_page):
    """A nation over its provinces, by the page's words, with no axe-core violation."""
    suffix = os.urandom(3).hex().upper()
    org = lambda code, kind, name, parent=None: admin.ok("POST", "/api/v1/organizations", {
        "code": code, "kind": kind, "name": name, "validFrom": "2016-01-01", **({"parentId": parent} if parent else {})})["id"]
    nation = org("VN-" + suffix, "NATION", "Đảng Cộng sản Việt Nam " + suffix)
    org("QN-" + suffix, "CITY", "Đảng bộ tỉnh Quảng Ninh " + suffix, nation)
    org("HN-" + suffix, "CITY", "Đảng bộ thành phố Hà Nội " + suffix, nation)
    page = new_page(width=360, height=740)
    sign_in(page, ADMIN, ADMIN_PASSWORD)
    page.goto(f"/organizations/{nation}")
    assert heading(page) == "Đảng Cộng sản Việt Nam " + suffix
    text = page.locator("body").inner_text()
    assert "Trung ương" in text
    # The provinces in Vietnamese order, each called by its kind.
    assert text.index(f"Đảng bộ thành phố Hà Nội {suffix}") < text.index(f"Đảng bộ tỉnh Quảng Ninh {suffix}")
    assert text.count("Đảng bộ tỉnh, thành phố") == 2
    assert Axe().run(page).violations_count == 0
