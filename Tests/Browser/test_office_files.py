"""Reports as Word and Excel files (issue 14, must-show 1 and 2).

On the demo server: the district's 2016–2022 summary and one ward's 2022 annual report are
fetched as JSON, DOCX and XLSX, and an annual report of that ward is issued and fetched the same
way. The files are opened with python-docx and openpyxl, as an office's own tools would read
them, and every figure of their tables and sheets is checked against the JSON: counts as
numbers, ratios as percentages, totals as SUM formulas whose cached values are the sums. The Word
file's layout (A4, margins, Times New Roman, the heading block, real headings, the signer block,
page numbers, repeated header rows, right-aligned numbers) and its charts (chart parts with the
report's series and an embedded workbook of their data) are read from the file itself. Each
file is then converted by LibreOffice (scripts/render-office) to show that it opens. Last, the
report page offers "Tải Word" and "Tải Excel" in a real browser.
"""
import io
import os
import re
import subprocess
import tempfile
import urllib.parse
import urllib.request
import zipfile
import xml.dom.minidom
from datetime import datetime, timedelta

import docx
import openpyxl
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm

from conftest import ADMIN, ADMIN_PASSWORD, API, DEMO_BASE, sign_in

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
GRADES = ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]
LEVELS = ["XUAT_SAC", "TOT", "TRUNG_BINH", "KEM"]


def download(api, path, accept=None):
    """(status, headers, bytes) of a GET."""
    request = urllib.request.Request(api.base + path)
    request.add_header("Authorization", "Bearer " + api.token)
    if accept:
        request.add_header("Accept", accept)
    with urllib.request.urlopen(request) as response:
        return response.status, response.headers, response.read()


class Ratio(float):
    """A ratio of the JSON (which writes 1.0 as 1): printed as a percentage, never as a count."""


def ratio(value):
    return None if value is None else Ratio(value)


def key_rows(k):
    """The key figures as the reports label them: (label, value)."""
    c, g = k["commitments"], k["grades"]
    return [("Đảng viên", k["roster"]["members"]), ("Đăng ký cam kết", c["registered"]), ("Đã nộp bản cam kết", c["submitted"]),
            ("Được chi bộ xác nhận", c["acknowledged"]), ("Đăng ký muộn", c["late"]), ("Tỷ lệ được xác nhận", ratio(c.get("share"))),
            ("Nộp bản tự kiểm điểm", k["selfAssessments"]["submitted"]), ("Cuộc kiểm điểm", k["reviews"]["held"]),
            ("Trong đó mở lại", k["reviews"]["reopened"])] + [(grade, g[grade]) for grade in GRADES] \
        + [("Chưa xếp loại", g["ungraded"]), ("Tỷ lệ HTXSNV/HTTNV", ratio(g.get("quotaRatio")))]


def recognition_rows(f):
    """Each recognition table's "Cộng" and the participants: (sheet, label, value)."""
    return [("Khen thưởng", "Cộng", f["commendations"]["total"]), ("Điển hình", "Cộng", f["exemplars"]["total"]),
            ("Huy hiệu Đảng", "Cộng", f["badges"]["total"]), ("Tuyên truyền", "Cộng", f["activities"]["byChannel"]["total"]),
            ("Tuyên truyền", "Lượt người tham gia", f["activities"]["participants"])] \
        + [("Huy hiệu Đảng", f"Huy hiệu {years} năm tuổi Đảng", n) for years, n in f["badges"]["byYears"].items()]


def child_row(f):
    """A child's figures in the children tables, after its name (and year)."""
    c, g = f["commitments"], f["grades"]
    return [f["roster"]["members"], c["registered"], c["acknowledged"], ratio(c.get("share")), f["selfAssessments"]["submitted"]] \
        + [g[grade] for grade in GRADES] + [g["ungraded"]]


def expected_sheets(report):
    """{sheet: {row key: [values]}}: what each sheet of the workbook must hold, from the JSON."""
    sheets = {}
    if report.get("kind") == "SUMMARY":
        years, totals = report["years"], report["totals"]
        total_key = dict(totals, roster={"members": totals["memberYears"]})
        rows = {}
        for (label, _), *values in zip(key_rows(total_key), *[key_rows(y) for y in years]):
            rows[label] = [v for _, v in values] + [dict(key_rows(total_key))[label]]
        for label, path in [("Khen thưởng", ("commendations", "total")), ("Gương điển hình phát hiện", ("exemplars", "total")),
                            ("Huy hiệu Đảng trao tặng", ("badges", "total")), ("Hoạt động tuyên truyền", ("activities", "byChannel", "total"))]:
            values = []
            for y in years:
                v = y
                for part in path:
                    v = v[part]
                values.append(v)
            rows[label] = values + [sum(values)]
        sheets["Số liệu theo năm"] = rows
        sheets["Xu hướng theo tiêu chí"] = {(c["name"], str(y["year"])): [y["levels"][level] for level in LEVELS] + [ratio(y.get("excellentShare"))]
                                           for c in report["criteria"] for y in c["years"]}
        sheets["Đơn vị theo năm"] = {(child["organization"]["code"], str(f["year"])): child_row(f)
                                     for child in report["children"] for f in child["years"]}
        totals_rows = {"Số năm": [totals["years"]], "Lượt đảng viên (cộng các năm)": [totals["memberYears"]],
                       "Số đảng viên khác nhau": [totals["distinctMembers"]]}
        totals_rows.update({label: [v] for label, v in key_rows(total_key)[1:]})
        sheets["Tổng cộng"] = totals_rows
        recognition = totals
    else:
        year, previous = report, report.get("previousYear")
        now = dict(key_rows(year))
        before = dict(key_rows(previous)) if previous else {}
        sheets["Số liệu chung"] = {label: [now[label]] + ([before[label]] if previous else []) for label in now}
        sheets["Theo tiêu chí"] = {}
        for name in report["criterionNames"]:
            tally = report["criteria"].get(name["code"], {})
            sheets["Theo tiêu chí"][name["name"]] = [tally.get(level, 0) for level in LEVELS] + [tally.get("total", 0)]
        sheets["Đơn vị trực thuộc"] = {child["organization"]["code"]: child_row(child) for child in report["children"]}
        recognition = report
    for sheet, label, value in recognition_rows(recognition):
        sheets.setdefault(sheet, {})[label] = [value]
    return sheets


def read_sheet(ws, sheet):
    """{row key: [values after the key]} of a sheet whose title is row 1 and header row 2."""
    rows = {}
    for row in ws.iter_rows(min_row=3, values_only=True):
        if row[0] is None:
            continue
        if sheet == "Xu hướng theo tiêu chí":  # criterion, year, levels…
            rows[(row[0], str(row[1]))] = list(row[2:])
        elif sheet == "Đơn vị theo năm":  # code, name, year, figures…
            rows[(row[0], str(row[2]))] = list(row[3:])
        elif sheet == "Đơn vị trực thuộc":  # code, name, figures…
            rows[row[0]] = list(row[2:])
        else:
            rows[row[0]] = list(row[1:])
    return rows


def same(a, b):
    if isinstance(b, float) or isinstance(a, float):
        return a is not None and b is not None and abs(a - b) < 1e-9
    return a == b


def vietnam_time(header):
    """`X-Data-As-Of` as a report writes it: dd/mm/yyyy hh:mm in Vietnam's time (UTC+7)."""
    moment = datetime.fromisoformat(header.replace("Z", "+00:00")) + timedelta(hours=7)
    return moment.strftime("%d/%m/%Y %H:%M") + " (giờ Việt Nam)"


def check_workbook(data, report, document=None, as_of=None):
    values = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    formulas = openpyxl.load_workbook(io.BytesIO(data), data_only=False)
    assert values.sheetnames[0] == "Thông tin"
    assert all(len(name) <= 31 for name in values.sheetnames)
    about = {row[0]: row[1] for row in values["Thông tin"].iter_rows(min_row=3, values_only=True) if row[0]}
    assert about["Đơn vị"] == report["organization"]["name"] and about["Mã đơn vị"] == report["organization"]["code"]
    if report.get("kind") == "SUMMARY":
        assert about["Giai đoạn"] == f"{report['from']}–{report['to']}"
        rule_years = [rules["year"] for rules in report["ruleSets"]]
    else:
        assert about["Năm"] == str(report["year"])
        rule_years = [report["year"]]
    for year in rule_years:
        assert f"Bộ quy tắc năm {year}" in about and "khung QD500" in about[f"Bộ quy tắc năm {year}"]
    if document:
        assert about["Văn bản"].startswith(f"Số {document['number']}, ban hành ngày ")
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d \(giờ Việt Nam\)", about["Số liệu chốt lúc"])
    else:
        assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d \(giờ Việt Nam\)", about["Số liệu tính đến"])
        # A live report's line says what its X-Data-As-Of says (a standby's figures may be older).
        if as_of:
            assert about["Số liệu tính đến"] == vietnam_time(as_of), (about["Số liệu tính đến"], as_of)

    checked = 0
    for sheet, rows in expected_sheets(report).items():
        assert sheet in values.sheetnames, (sheet, values.sheetnames)
        ws, wf = values[sheet], formulas[sheet]
        assert ws.freeze_panes == "A3", (sheet, ws.freeze_panes)
        assert all(cell.font.b for cell in ws[2] if cell.value is not None), sheet
        got = read_sheet(ws, sheet)
        for key, want in rows.items():
            have = got[key][:len(want)]
            assert all(same(h, w) for h, w in zip(have, want)) and len(have) == len(want), (sheet, key, have, want)
            checked += len(want)
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, str):
                    # A figure is never text: no cell reads as a number or a percentage.
                    assert not re.fullmatch(r"[\d.,]+%?", cell.value), (sheet, cell.coordinate, cell.value)
                if isinstance(cell.value, float) and cell.value <= 1 and "Tỷ lệ" in str(ws.cell(2, cell.column).value or ""):
                    assert "%" in cell.number_format, (sheet, cell.coordinate, cell.number_format)
        # Totals are formulas, and each formula's cached value is the sum of its range.
        for row in wf.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    match = re.fullmatch(r"=SUM\(([A-Z]+\d+):([A-Z]+\d+)\)", cell.value)
                    assert match, (sheet, cell.coordinate, cell.value)
                    total = sum(c.value or 0 for line in ws[match.group(1):match.group(2)] for c in line)
                    assert ws[cell.coordinate].value == total, (sheet, cell.coordinate, cell.value, total)
    if report.get("kind") == "SUMMARY":
        # The child × year matrices and the criterion × year shares of print, a sheet each.
        years = list(range(report["from"], report["to"] + 1))
        for sheet, figure in [("Đảng viên theo đơn vị", lambda f: f["roster"]["members"]),
                              ("Tỷ lệ xác nhận theo đơn vị", lambda f: f["commitments"].get("share")),
                              ("HTXSNV theo đơn vị", lambda f: f["grades"]["HTXSNV"])]:
            rows = list(values[sheet].iter_rows(min_row=3, values_only=True))
            assert len(rows) == len(report["children"]), sheet
            for child, row in zip(report["children"], rows):
                by_year = {f["year"]: figure(f) for f in child["years"]}
                have, want = list(row[1:1 + len(years)]), [by_year.get(year) for year in years]
                assert all(same(h, w) for h, w in zip(have, want)), (sheet, child["organization"]["code"], have, want)
                checked += len(years)
        rows = list(values["Tỷ lệ xuất sắc theo tiêu chí"].iter_rows(min_row=3, values_only=True))
        assert [r[0] for r in rows] == [c["name"] for c in report["criteria"]]
        for criterion, row in zip(report["criteria"], rows):
            assert all(same(h, y.get("excellentShare")) for h, y in zip(row[1:], criterion["years"])), criterion["code"]
    for name in ("Số liệu theo năm", "Theo tiêu chí", "Khen thưởng"):
        if name in formulas.sheetnames:
            assert any(isinstance(c.value, str) and c.value.startswith("=SUM(") for line in formulas[name].iter_rows() for c in line), name
    # Ratios are percentages in every sheet that has them.
    percent_cells = [c for ws in values.worksheets for line in ws.iter_rows(min_row=3) for c in line
                     if isinstance(c.value, float) and c.number_format.endswith("%")]
    assert percent_cells
    return checked


def printed_number(text):
    """A figure as Word shows it: "1.234" or "17,99%"; anything else stays text."""
    text = text.strip()
    if re.fullmatch(r"-?\d{1,3}(\.\d{3})*", text):
        return int(text.replace(".", ""))
    if re.fullmatch(r"\d+,\d\d%", text):
        return text
    return text


def printed_ratio(r):
    return "–" if r is None else f"{r * 100:.2f}".replace(".", ",") + "%"


def word_tables(document):
    """{caption: table}: each figures table of the body under the caption before it."""
    tables, caption = {}, None
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            style = child.xpath("./w:pPr/w:pStyle/@w:val")
            text = "".join(child.xpath(".//w:t/text()"))
            caption = text if style == ["Caption"] else None
        elif tag == "tbl" and caption:
            tables[caption] = docx.table.Table(child, document)
            caption = None
    return tables


def check_word_table(table, rows, keys=1, skip=0):
    """Every expected row of `rows` ({key: values}) appears with its figures printed."""
    checked = 0
    printed = {}
    for row in table.rows[1:]:
        cells = [c.text for c in row.cells]
        key = cells[0] if keys == 1 else tuple(cells[:keys])
        printed[key] = cells[keys + skip:]
    for key, want in rows.items():
        have = printed[key][:len(want)]
        for h, w in zip(have, want):
            assert h == (printed_ratio(w) if isinstance(w, float) or w is None else f"{w:,}".replace(",", ".")), (key, have, want)
        checked += len(want)
    return checked


def check_document(data, report, document=None):
    doc = docx.Document(io.BytesIO(data))
    section = doc.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.page_height - Mm(297)) < Mm(1)
    assert Mm(20) <= section.top_margin <= Mm(25) and Mm(20) <= section.bottom_margin <= Mm(25)
    assert Mm(30) <= section.left_margin <= Mm(35) and Mm(15) <= section.right_margin <= Mm(20)
    assert doc.styles["Normal"].font.name == "Times New Roman"
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml

    # The heading block: a borderless two-column table at the top.
    paragraphs = [p for p in doc.paragraphs]
    heading = doc.tables[0]
    assert "w:tblBorders" not in heading._tbl.xml and len(heading.columns) == 2
    left, right = heading.rows[0].cells
    left_lines = [p.text for p in left.paragraphs]
    organization = report["organization"]
    assert left_lines[0] == organization["parent"]["name"].upper()
    assert left_lines[2] == "*" and left_lines[3].startswith("Số ") and left_lines[3].endswith("-BC/" + organization["abbreviation"])
    if document:
        assert left_lines[3] == "Số " + document["number"]
    party, date = right.paragraphs[0], right.paragraphs[1]
    assert party.text == "ĐẢNG CỘNG SẢN VIỆT NAM" and all(r.underline for r in party.runs)
    assert re.fullmatch(r".+, ngày \d\d tháng \d\d năm \d{4}", date.text) and all(r.italic for r in date.runs)
    title = next(p for p in paragraphs if p.text == "BÁO CÁO")
    assert title.style.name == "Title"
    summary_line = paragraphs[paragraphs.index(title) + 1]
    assert summary_line.alignment == WD_ALIGN_PARAGRAPH.CENTER and summary_line.text
    if document:
        assert summary_line.text == document["title"]
    draft = [p.text for p in paragraphs if p.text.startswith("Bản xem trước")]
    assert bool(draft) == (document is None), draft

    headings = [p.text for p in paragraphs if p.style.name == "Heading 1"]
    numerals = ["I", "II", "III", "IV", "V", "VI"]
    numbered = [h for h in headings if h.split(".")[0] in numerals]
    assert [h.split(".")[0] for h in numbered] == numerals[:len(numbered)] and len(numbered) >= 4, headings
    assert all(p.style.name == "Heading 1" and p.style.element.xpath(".//w:outlineLvl") for p in paragraphs if p.text in numbered)

    # The closing: "Nơi nhận" on the left, the signer on the right.
    closing = doc.tables[-1]
    assert "w:tblBorders" not in closing._tbl.xml
    recipients, signer = closing.rows[0].cells
    assert recipients.paragraphs[0].text == "Nơi nhận:"
    signer_lines = [p.text for p in signer.paragraphs if p.text]
    if document:
        assert signer_lines[0] == f"{document['signer']['mode']} {document['signer']['title']}".upper()
        assert signer_lines[-1] == document["signer"]["name"]
        assert [p.text for p in recipients.paragraphs[1:]] == ["- " + r for r in document["recipients"]]
    else:
        assert signer_lines[0].startswith("T/M ") and signer_lines[1] == "BÍ THƯ"

    # Figures tables: a repeated header row, numbers right-aligned, every figure as the JSON says.
    tables = word_tables(doc)
    assert tables
    for caption, table in tables.items():
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader"), caption
        for row in table.rows[1:]:
            for cell in row.cells:
                if isinstance(printed_number(cell.text), int) or cell.text.endswith("%"):
                    assert cell.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT, (caption, cell.text)
    sheets = expected_sheets(report)
    checked = 0
    if report.get("kind") == "SUMMARY":
        span = f"{report['from']}–{report['to']}"
        checked += check_word_table(tables[f"Số liệu theo năm {span}"], sheets["Số liệu theo năm"])
        checked += check_word_table(tables[f"Tổng cộng {span}"], sheets["Tổng cộng"])
        checked += check_word_table(tables["Tỷ lệ mức xuất sắc theo tiêu chí và năm"],
                                    {c["name"]: [ratio(y.get("excellentShare")) for y in c["years"]] for c in report["criteria"]})
        for caption, figure in [("Số đảng viên theo đơn vị và năm", lambda f: f["roster"]["members"]),
                                ("Tỷ lệ cam kết được xác nhận theo đơn vị và năm", lambda f: ratio(f["commitments"].get("share"))),
                                ("Số đảng viên hoàn thành xuất sắc nhiệm vụ theo đơn vị và năm", lambda f: f["grades"]["HTXSNV"])]:
            table = tables[caption]
            years = list(range(report["from"], report["to"] + 1))
            rows = {}
            for child, row in zip(report["children"], table.rows[1:]):
                by_year = {f["year"]: figure(f) for f in child["years"]}
                printed = [c.text for c in row.cells[1:]]
                for year, text in zip(years, printed):
                    if year in by_year:
                        want = by_year[year]
                        assert text == (printed_ratio(want) if isinstance(want, float) or want is None else f"{want:,}".replace(",", ".")), \
                            (caption, child["organization"]["code"], year, text, want)
                        checked += 1
                    else:
                        assert text == "", (caption, year, text)
            assert len(table.rows) == len(report["children"]) + 1
        recognition_titles = span
    else:
        year = report["year"]
        checked += check_word_table(tables[f"Số liệu chung năm {year}"], sheets["Số liệu chung"])
        checked += check_word_table(tables[f"Đánh giá theo tiêu chí năm {year}"], sheets["Theo tiêu chí"])
        children = tables[f"Các đơn vị trực thuộc năm {year}"]
        assert len(children.rows) == len(report["children"]) + 1
        for child, row in zip(report["children"], children.rows[1:]):
            want = child_row(child)
            have = [c.text for c in row.cells[1:1 + len(want)]]
            assert have == [printed_ratio(w) if isinstance(w, float) or w is None else f"{w:,}".replace(",", ".") for w in want], \
                (child["organization"]["code"], have, want)
            checked += len(want)
        recognition_titles = f"năm {year}"
    for sheet, caption in [("Khen thưởng", "Khen thưởng"), ("Điển hình", "Gương điển hình"), ("Huy hiệu Đảng", "Huy hiệu Đảng"),
                           ("Tuyên truyền", "Tuyên truyền")]:
        checked += check_word_table(tables[f"{caption} {recognition_titles}"], sheets[sheet])
    return doc, checked


def chart_parts(data):
    """[(title, {series name: [values]}, categories)] of each chart part, and the package's names."""
    package = zipfile.ZipFile(io.BytesIO(data))
    names = package.namelist()
    for name in names:
        if name.endswith(".xml") or name.endswith(".rels"):
            xml.dom.minidom.parseString(package.read(name))  # every part is well-formed XML
    charts = []
    document_rels = package.read("word/_rels/document.xml.rels").decode()
    document_xml = package.read("word/document.xml").decode()
    for name in sorted(n for n in names if re.fullmatch(r"word/charts/chart\d+\.xml", n)):
        from xml.etree import ElementTree
        root = ElementTree.fromstring(package.read(name))
        title = "".join(t.text for t in root.iter("{http://schemas.openxmlformats.org/drawingml/2006/main}t"))
        series = {}
        categories = None
        for ser in root.iter(C + "ser"):
            series_name = ser.find(f"{C}tx/{C}strRef/{C}strCache/{C}pt/{C}v").text
            cache = ser.find(f"{C}val/{C}numRef/{C}numCache")
            count = int(cache.find(f"{C}ptCount").get("val"))
            values = [None] * count
            for pt in cache.findall(f"{C}pt"):
                values[int(pt.get("idx"))] = float(pt.find(f"{C}v").text)
            series[series_name] = values
            categories = [pt.find(f"{C}v").text for pt in ser.find(f"{C}cat/{C}strRef/{C}strCache").findall(f"{C}pt")]
        rels = package.read(name.replace("charts/", "charts/_rels/") + ".rels").decode()
        embedded = re.search(r'Target="\.\./(embeddings/[^"]+\.xlsx)"', rels).group(1)
        workbook = openpyxl.load_workbook(io.BytesIO(package.read("word/" + embedded)))
        sheet_series = {ws_col[0].value: [c.value for c in ws_col[1:]] for ws_col in workbook.active.iter_cols(min_col=2)}
        assert sheet_series.keys() == series.keys(), (title, sheet_series.keys())
        for key in series:
            assert all(same(a, b) or (a is None and b is None) for a, b in zip(sheet_series[key], series[key])), (title, key)
        target = name.removeprefix("word/")
        rel_id = re.search(rf'Id="([^"]+)"[^>]*Target="{re.escape(target)}"', document_rels).group(1)
        assert f'r:id="{rel_id}"' in document_xml, name
        charts.append((title, series, categories))
    return charts


def check_charts(data, report):
    charts = {title: (series, categories) for title, series, categories in chart_parts(data)}
    as_float = lambda values: [None if v is None else float(v) for v in values]
    if report.get("kind") == "SUMMARY":
        years = report["years"]
        series, categories = charts["Xếp loại đảng viên theo năm"]
        assert categories == [str(y["year"]) for y in years]
        for grade in GRADES:
            assert series[grade] == as_float([y["grades"][grade] for y in years]), grade
        assert series["Chưa xếp loại"] == as_float([y["grades"]["ungraded"] for y in years])
        series, _ = charts["Tỷ lệ đảng viên có cam kết được xác nhận theo năm"]
        assert series["Tỷ lệ xác nhận"] == as_float([y["commitments"].get("share") for y in years])
        series, _ = charts["Tỷ lệ mức xuất sắc theo tiêu chí"]
        assert series == {c["name"]: as_float([y.get("excellentShare") for y in c["years"]]) for c in report["criteria"]}
        last = [child for child in report["children"] if child["years"] and child["years"][-1]["year"] == report["to"]]
        series, _ = charts[f"Tỷ lệ cam kết được xác nhận năm {report['to']} theo đơn vị"]
        assert series["Tỷ lệ xác nhận"] == as_float([child["years"][-1]["commitments"].get("share") for child in last])
        assert len(charts) == 4
    else:
        year = report["year"]
        series, categories = charts[f"Xếp loại đảng viên năm {year} theo đơn vị"]
        assert len(categories) == len(report["children"])
        for grade in GRADES:
            assert series[grade] == as_float([child["grades"][grade] for child in report["children"]]), grade
        series, _ = charts[f"Tỷ lệ cam kết được xác nhận năm {year} theo đơn vị"]
        assert series["Tỷ lệ xác nhận"] == as_float([child["commitments"].get("share") for child in report["children"]])
        assert len(charts) == 2


def renders(data, suffix):
    """LibreOffice opens the file and prints at least one page of it (scripts/render-office)."""
    with tempfile.TemporaryDirectory() as folder:
        path = os.path.join(folder, "report." + suffix)
        with open(path, "wb") as f:
            f.write(data)
        out = subprocess.run(["scripts/render-office", os.path.join(folder, "out"), path], capture_output=True, text=True, timeout=300)
        assert out.returncode == 0, out.stderr
        pdf = os.path.join(folder, "out", f"report-{suffix}.pdf")
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        return text


@pytest.fixture(scope="module")
def demo():
    admin = API.login(ADMIN, ADMIN_PASSWORD, DEMO_BASE)
    district = next(o for o in admin.ok("GET", "/api/v1/organizations?kind=DISTRICT&limit=200")["items"] if o["code"] == "HP-HB")
    wards = admin.ok("GET", f"/api/v1/organizations?parentId={district['id']}&kind=WARD&limit=200")["items"]
    ward = min((w for w in wards if not w.get("validTo")), key=lambda w: w["code"])
    return admin, district, ward


def test_summary_as_word_and_excel(demo):
    admin, district, _ = demo
    path = f"/api/v1/reports/summary?organizationId={district['id']}&from=2016&to=2022"
    report = admin.ok("GET", path)
    status, headers, data = download(admin, path + "&format=docx")
    assert status == 200 and headers["Content-Type"] == DOCX
    disposition = headers["Content-Disposition"]
    assert disposition.startswith(f'attachment; filename="tong-ket-HP-HB-2016-2022.docx"; filename*=UTF-8\'\'')
    assert urllib.parse.unquote(disposition.split("''", 1)[1]) == "Báo cáo tổng kết 2016-2022 Hồng Bàng.docx"
    _, checked = check_document(data, report)
    assert checked > 300
    check_charts(data, report)
    assert "BÁO CÁO" in renders(data, "docx")

    status, headers, book = download(admin, path, accept=XLSX)
    assert status == 200 and headers["Content-Type"] == XLSX
    assert "filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20t%E1%BB%95ng%20k%E1%BA%BFt" in headers["Content-Disposition"]
    assert check_workbook(book, report, as_of=headers["X-Data-As-Of"]) > 1000
    assert "Số liệu theo năm" in renders(book, "xlsx")


def test_ward_annual_as_word_and_excel(demo):
    admin, _, ward = demo
    path = f"/api/v1/reports/annual?organizationId={ward['id']}&year=2022"
    report = admin.ok("GET", path)
    assert report["children"]
    _, headers, data = download(admin, path, accept=DOCX)
    assert headers["Content-Type"] == DOCX
    _, checked = check_document(data, report)
    assert checked > 100
    check_charts(data, report)
    _, headers, book = download(admin, path + "&format=xlsx")
    assert check_workbook(book, report, as_of=headers["X-Data-As-Of"]) > 100
    renders(data, "docx")
    renders(book, "xlsx")


def test_issued_document_as_word_and_excel(demo):
    """An issued document shows its frozen figures and its number, also after a change."""
    admin, _, ward = demo
    issued = admin.ok("POST", "/api/v1/report-documents", {
        "kind": "ANNUAL", "organizationId": ward["id"], "year": 2022, "title": "Kết quả thực hiện Quyết định số 500-QĐ/QU năm 2022",
        "issuedOn": "2022-12-20", "signer": {"mode": "T/M", "title": "Đảng ủy", "position": "Bí thư", "name": "Nguyễn Thị Hạnh"},
        "recipients": ["Ban Thường vụ Quận ủy", "Lưu Văn phòng Đảng ủy"]})
    # A later record of the year changes the live report, not the document.
    admin.ok("POST", f"/api/v1/organizations/{ward['id']}/activities",
             {"heldOn": "2022-11-30", "channel": "ZALO", "topic": "Thông tin sau khi ban hành", "participants": 40})
    live = admin.ok("GET", f"/api/v1/reports/annual?organizationId={ward['id']}&year=2022")
    assert live["activities"]["participants"] != issued["figures"]["activities"]["participants"]
    frozen = issued["figures"]
    path = f"/api/v1/report-documents/{issued['id']}"
    _, headers, data = download(admin, path + "?format=docx")
    assert headers["Content-Type"] == DOCX
    number = issued["number"].replace("/", "-")
    assert f'filename="bao-cao-so-{issued["sequence"]}-2022.docx"' in headers["Content-Disposition"]
    assert urllib.parse.unquote(headers["Content-Disposition"].split("''", 1)[1]).endswith(f" số {number}.docx")
    check_document(data, frozen, document=issued)
    check_charts(data, frozen)
    _, headers, book = download(admin, path, accept=XLSX)
    check_workbook(book, frozen, document=issued)


def test_report_page_offers_word_and_excel(demo, new_page):
    """The report page's "Tải Word" and "Tải Excel" give the files, by the words on the page."""
    admin, district, _ = demo
    page = new_page(width=1280, height=900, base=DEMO_BASE)
    sign_in(page, ADMIN, ADMIN_PASSWORD)
    page.goto(f"/reports?organizationId={district['id']}&from=2016&to=2022")
    report = admin.ok("GET", f"/api/v1/reports/summary?organizationId={district['id']}&from=2016&to=2022")
    for link, suffix in [("Tải Excel", "xlsx"), ("Tải Word", "docx")]:
        with page.expect_download() as info:
            page.get_by_role("link", name=link).click()
        download_ = info.value
        assert download_.suggested_filename == f"Báo cáo tổng kết 2016-2022 Hồng Bàng.{suffix}", download_.suggested_filename
        with open(download_.path(), "rb") as f:
            data = f.read()
        if suffix == "xlsx":
            check_workbook(data, report)
        else:
            check_document(data, report)
