"""Every page of part 1 at 360 and 1280 pixels wide: no axe-core violation, no sideways
scrolling of the page, one h1 and headings in order, and a screenshot of each written to
.build/screenshots for a person to look at."""
import os

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import SCREENSHOTS, YEAR, sign_in

AXE = Axe()
WIDTHS = [(360, 740), (1280, 900)]


def prepare(world):
    """Records for the pages to show, written through the API as the administrator."""
    admin = world.admin
    items = [{"criterion": code, "action": f"Việc làm về {name.lower()}", "target": "Cả năm"} for code, name in world.criteria]
    admin.ok("PUT", f"/api/v1/members/{world.an}/commitments/{YEAR}", {"items": items})
    admin.ok("POST", f"/api/v1/members/{world.an}/commitments/{YEAR}/submit")
    world.document = admin.ok("POST", "/api/v1/report-documents", {
        "kind": "FINAL", "organizationId": world.ward, "from": 2019, "to": YEAR, "title": "Tổng kết thực hiện Quyết định 500-QĐ/QU",
        "signer": {"mode": "T/M", "title": "BAN THƯỜNG VỤ", "name": "Đặng Văn Phường"}, "recipients": ["Lưu Văn phòng"]})["id"]
    exemplar = admin.ok("POST", "/api/v1/exemplars", {"memberId": world.an, "title": "Gương mẫu trong công tác dân vận",
                                                      "criteria": ["GUONG_MAU"], "discoveredOn": f"{YEAR}-03-02"})
    admin.ok("PATCH", f"/api/v1/exemplars/{exemplar['id']}", {"stage": "NURTURED", "note": "Chi bộ bồi dưỡng"})
    admin.ok("POST", f"/api/v1/organizations/{world.ward}/activities",
             {"heldOn": f"{YEAR}-04-15", "channel": "CONFERENCE", "topic": "Học tập Quyết định 500-QĐ/QU", "participants": 1200})


def pages(world):
    """(name, username or None, path, what to do before the look)."""
    def errors(page):
        page.get_by_role("button", name="Gửi bản đăng ký").click()

    def wrong_password(page):
        page.get_by_label("Tên đăng nhập").fill("ai-do")
        page.get_by_label("Mật khẩu").fill("sai-mat-khau")
        page.get_by_role("button", name="Đăng nhập").click()

    def award_without_number(page):
        page.get_by_label("Chọn Nguyễn Văn An").check()
        page.get_by_role("button", name="Trao huy hiệu").click()

    def empty_activity(page):
        page.get_by_role("button", name="Ghi hoạt động").click()

    def official_before_admission(page):
        page.get_by_label("Ngày chính thức").fill("01/01/1990")
        page.get_by_role("button", name="Lưu thông tin").click()

    def upload_bad_csv(page):
        csv = ("fullName,gender,birthDate,partyCardNumber,admittedOn,officialOn,category,position,isHead,cellCode\n"
               "Đỗ Thị Lỗi,FEMALE,1980-02-30,LOI-1,2001-05-19,,CONG_CHUC,,false,KHONG-CO\n")
        page.get_by_label("Tệp CSV").set_input_files(files=[{"name": "loi.csv", "mimeType": "text/csv", "buffer": csv.encode()}])
        page.get_by_role("button", name="Kiểm tra tệp").click()

    def empty_organization(page):
        page.get_by_role("button", name="Thành lập tổ chức").click()

    return [
        ("dang-nhap", None, "/login", None),
        ("dang-nhap-loi", None, "/login", wrong_password),
        ("trang-chu-dang-vien", world.member_user, "/home", None),
        ("ban-dang-ky-da-gui", world.member_user, world.commitment_path(world.an), None),
        ("ban-dang-ky-moi", world.member2_user, world.commitment_path(world.binh), None),
        ("ban-dang-ky-loi", world.member2_user, world.commitment_path(world.binh), errors),
        ("tu-kiem-diem", world.member_user, world.self_assessment_path(world.an), None),
        ("ho-so", world.member_user, f"/members/{world.an}", None),
        ("trang-chu-bi-thu", world.secretary_user, "/home", None),
        ("dang-ky-chi-bo", world.secretary_user, world.cell_path(), None),
        ("ban-dang-ky-bi-thu-xem", world.secretary_user, world.commitment_path(world.an), None),
        ("hop-chi-bo", world.secretary_user, world.meeting_path(), None),
        ("to-chuc-chi-bo", world.secretary_user, f"/organizations/{world.cell}", None),
        ("trang-chu-bi-thu-phuong", world.ward_secretary_user, "/home", None),
        ("quyet-dinh-xep-loai", world.ward_secretary_user, world.decision_path(), None),
        ("trang-chu-quan", world.district_secretary_user, "/home", None),
        ("xep-loai-to-chuc", world.district_secretary_user, f"/organizations/{world.district}/ward-grades/{YEAR}", None),
        ("to-chuc-quan", world.district_secretary_user, f"/organizations/{world.district}", None),
        ("tien-do-quan", world.district_secretary_user, f"/organizations/{world.district}/progress/{YEAR}", None),
        ("tien-do-phuong", world.ward_secretary_user, f"/organizations/{world.ward}/progress/{YEAR}", None),
        ("bao-cao-chon", world.ward_secretary_user, "/reports", None),
        ("bao-cao", world.ward_secretary_user, f"/reports?organizationId={world.ward}&from=2019&to={YEAR}", None),
        ("so-lieu-chi-tiet", world.ward_secretary_user, f"/organizations/{world.ward}/figures?figure=members&from=2019&to={YEAR}", None),
        ("tim-dang-vien", world.ward_secretary_user, "/members?q=nguyen+van", None),
        ("khen-thuong", world.ward_admin_user, f"/organizations/{world.ward}/commendations/{YEAR}", None),
        ("huy-hieu", world.ward_admin_user, f"/organizations/{world.ward}/badges", None),
        ("huy-hieu-loi", world.ward_admin_user, f"/organizations/{world.ward}/badges", award_without_number),
        ("dien-hinh", world.ward_secretary_user, f"/organizations/{world.ward}/exemplars", None),
        ("hoat-dong", world.ward_secretary_user, f"/organizations/{world.ward}/activities", None),
        ("hoat-dong-loi", world.ward_secretary_user, f"/organizations/{world.ward}/activities", empty_activity),
        ("ho-so-quan-tri", world.ward_admin_user, f"/members/{world.an}", None),
        ("sua-dang-vien", world.ward_admin_user, f"/members/{world.an}/edit", None),
        ("sua-dang-vien-loi", world.ward_admin_user, f"/members/{world.an}/edit", official_before_admission),
        ("chuyen-sinh-hoat", world.ward_admin_user, f"/members/{world.an}/transfer", None),
        ("nhap-csv", world.ward_admin_user, "/members/import", None),
        ("nhap-csv-loi", world.ward_admin_user, "/members/import", upload_bad_csv),
        ("to-chuc-phuong-quan-tri", world.ward_admin_user, f"/organizations/{world.ward}", None),
        ("to-chuc-chi-bo-quan-tri", world.ward_admin_user, f"/organizations/{world.cell}", None),
        ("sua-to-chuc", world.ward_admin_user, f"/organizations/{world.cell}/edit", None),
        ("them-to-chuc", world.ward_admin_user, f"/organizations/{world.ward}/new", None),
        ("them-to-chuc-loi", world.ward_admin_user, f"/organizations/{world.ward}/new", empty_organization),
        ("ban-hanh-bao-cao", world.ward_admin_user, f"/reports/issue?organizationId={world.ward}&from=2019&to={YEAR}", None),
        ("van-ban", world.ward_admin_user, f"/reports/documents/{world.document}", None),
        ("van-ban-da-ban-hanh", world.ward_admin_user, f"/organizations/{world.ward}/documents", None),
        ("tai-khoan", world.ward_admin_user, "/accounts", None),
        ("tai-khoan-mot", world.ward_admin_user, f"/accounts/{world.account_ids['an']}", None),
        ("chua-dang-ky", world.ward_secretary_user, f"/organizations/{world.ward}/progress/{YEAR}/members?stage=registered&reached=no", None),
        ("khong-tim-thay", world.member_user, "/members/00000000-0000-4000-8000-000000000000", None),
    ]


def test_every_page_passes_axe_at_both_widths_and_never_scrolls_sideways(world, new_page):
    prepare(world)
    os.makedirs(SCREENSHOTS, exist_ok=True)
    failures = []
    for width, height in WIDTHS:
        signed_in = {}
        for name, username, path, action in pages(world):
            if username not in signed_in:
                page = new_page(width=width, height=height)
                if username:
                    sign_in(page, username)
                signed_in[username] = page
            page = signed_in[username]
            page.goto(path)
            if action:
                action(page)
            page.wait_for_load_state()
            results = AXE.run(page)
            for violation in results.response["violations"]:
                failures.append(f"{name} @ {width}: {violation['id']}: {violation['help']} "
                                f"({[n['target'] for n in violation['nodes']][:3]})")
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            if overflow > 0:
                failures.append(f"{name} @ {width}: the page scrolls sideways by {overflow} px")
            levels = page.evaluate("[...document.querySelectorAll('h1,h2,h3,h4,h5,h6')].map(h => +h.tagName[1])")
            if levels.count(1) != 1:
                failures.append(f"{name} @ {width}: {levels.count(1)} h1 headings")
            for before, after in zip(levels, levels[1:]):
                if after > before + 1:
                    failures.append(f"{name} @ {width}: heading h{after} follows h{before}")
            if page.locator("html").get_attribute("lang") != "vi":
                failures.append(f"{name} @ {width}: lang is not vi")
            page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}-{width}.png"), full_page=True)
        # On paper: the commitment as printed (no header, buttons or navigation).
        page = signed_in[world.secretary_user]
        page.goto(world.commitment_path(world.an))
        page.emulate_media(media="print")
        if page.get_by_role("button", name="Đăng xuất").is_visible() or not page.get_by_role("heading", level=1).is_visible():
            failures.append(f"print @ {width}: the header shows, or the heading does not")
        page.screenshot(path=os.path.join(SCREENSHOTS, f"ban-dang-ky-ban-in-{width}.png"), full_page=True)
        page.emulate_media(media="screen")
    assert not failures, "\n".join(failures)


def test_every_control_is_reached_by_keyboard_with_a_visible_focus(world, new_page):
    page = new_page(width=360)
    sign_in(page, world.member2_user)
    page.goto(world.commitment_path(world.binh))
    reached = []
    for _ in range(80):
        page.keyboard.press("Tab")
        tag, name, text, outline = page.evaluate("""() => { const e = document.activeElement;
            const name = e.tagName === 'BUTTON' ? '' : (e.getAttribute('name') || '');
            return [e.tagName, name, e.textContent.trim(), getComputedStyle(e).outlineStyle]; }""")
        assert outline != "none", f"no visible focus on {tag} {name or text}"
        reached.append(name or text)
        if text == "Gửi bản đăng ký":
            break
    assert reached[-1] == "Gửi bản đăng ký", reached
    assert sum(1 for name in reached if name.endswith(".action")) == 4, reached
    assert "Thêm việc làm" in reached and "Lưu nháp" in reached
    # Enter on the focused button submits the form.
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator(".error-summary").count() == 1
