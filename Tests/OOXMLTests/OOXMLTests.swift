import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
import ZIPFoundation
@testable import OOXML

@Suite struct OOXMLTests {
    @Test func columnsAreNamedAsFormulasNameThem() {
        #expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(Workbook.column) == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA"])
        #expect(Workbook.reference(row: 2, column: 27) == "AB3")
    }

    @Test func sheetNamesAreOnesExcelAccepts() {
        let long = "Tỷ lệ cam kết được xác nhận theo đơn vị và năm"
        let names = Workbook.sheetNames([long, long, "Khen [thưởng]: 2016/2022?", "", "KHEN THƯỞNG 20162022"])
        #expect(names.allSatisfy { $0.count <= 31 && !$0.contains(where: { "[]:*?/\\".contains($0) }) })
        #expect(names[0] == String(long.prefix(31)).trimmingCharacters(in: .whitespaces))
        #expect(names[1].hasSuffix(" (2)") && names[1] != names[0])
        #expect(names[2] == "Khen thưởng 20162022")
        #expect(names[3] == "Sheet4")
        #expect(names[4] == "KHEN THƯỞNG 20162022 (2)", "unique regardless of case")
    }

    @Test func textIsEscapedAndWhatXMLCannotHoldIsDropped() {
        #expect(XML.escape("a<b & \"c\" > d") == "a&lt;b &amp; &quot;c&quot; &gt; d")
        #expect(XML.escape("Nguyễn\u{0}\u{7}Văn\tAn\n\u{FFFE}") == "NguyễnVăn\tAn\n")
    }

    @Test func numbersAreWrittenWithoutNeedlessDecimals() {
        #expect(Workbook.number(1234) == "1234")
        #expect(Workbook.number(0.1799) == "0.1799")
        #expect(Workbook.number(-3) == "-3")
    }

    @Test func aWorkbookIsAPackageWithTypedCellsFormulasAndAFrozenHeader() throws {
        let book = Workbook(sheets: [Workbook.Sheet(name: "Số liệu", rows: [
            [.init(.text("Tiêu đề"), .title)],
            [.init(.text("Chỉ tiêu"), .header), .init(.text("2016"), .header), .init(.text("Cộng"), .header)],
            [.init(.text("Đảng viên"), .text), .init(.number(5623), .integer), .init(.formula("SUM(B3:B3)", cached: 5623), .totalInteger)],
            [.init(.text("Tỷ lệ"), .text), .init(.number(0.965), .percent), .init(.empty, .percent)],
        ], frozenRows: 2)])
        let parts = try unzipped(book.zipped(title: "Thử", created: Date(timeIntervalSince1970: 1_650_000_000)))
        #expect(parts.first?.0 == "[Content_Types].xml", "the content types come first")
        let files = Dictionary(uniqueKeysWithValues: parts)
        let sheet = try #require(files["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains("<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"))
        #expect(sheet.contains("<c r=\"B3\" s=\"4\"><v>5623</v></c>"), "a count is a number")
        #expect(sheet.contains("<c r=\"C3\" s=\"7\"><f>SUM(B3:B3)</f><v>5623</v></c>"), "a total is a formula with its value")
        #expect(sheet.contains("<c r=\"B4\" s=\"5\"><v>0.965</v></c>"), "a ratio is a number formatted as a percentage")
        #expect(files["xl/styles.xml"]?.contains("formatCode=\"0.00%\"") == true)
        #expect(files["xl/sharedStrings.xml"]?.contains("<t>Đảng viên</t>") == true)
        #expect(files["xl/workbook.xml"]?.contains("<sheet name=\"Số liệu\" sheetId=\"1\" r:id=\"rId1\"/>") == true)
        for (name, text) in parts where name.hasSuffix(".xml") || name.hasSuffix(".rels") {
            #expect(XMLParser(data: Data(text.utf8)).parse(), "\(name) is well-formed")
        }
    }

    @Test func aWordDocumentHasRepeatedHeaderRowsNativeChartsAndPageNumbers() throws {
        var doc = WordDocument()
        doc.add(WordDocument.Paragraph("I. Tình hình chung", style: "Heading1"))
        doc.add(WordDocument.Table(rows: [[[.init("Chỉ tiêu")], [.init("2016")]], [[.init("Đảng viên")], [.init("5.623", style: "TableText", alignment: .right)]]],
                                   widths: [3, 1], headerRows: 1))
        doc.add(Chart(kind: .bars(stacked: true), title: "Xếp loại", categories: ["2016", "2017"],
                      series: [.init(name: "HTXSNV", color: "8E1B1B", values: [704, 734]), .init(name: "HTTNV", color: "D9534F", values: [3986, nil])],
                      valueFormat: "#,##0"), width: 160, height: 85)
        let parts = try unzipped(doc.zipped(title: "Báo cáo", created: Date(timeIntervalSince1970: 1_650_000_000)))
        let files = Dictionary(uniqueKeysWithValues: parts)
        let body = try #require(files["word/document.xml"])
        #expect(body.contains("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>"), "the header row repeats on each page")
        #expect(body.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"), "A4")
        #expect(body.contains("<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"rIdChart1\"/>"))
        #expect(files["word/_rels/document.xml.rels"]?.contains("Id=\"rIdChart1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart\" Target=\"charts/chart1.xml\"") == true)
        let chart = try #require(files["word/charts/chart1.xml"])
        #expect(chart.contains("<c:grouping val=\"stacked\"/>"))
        #expect(chart.contains("<c:v>HTXSNV</c:v>") && chart.contains("<c:pt idx=\"1\"><c:v>734</c:v></c:pt>"))
        #expect(!chart.contains("<c:pt idx=\"1\"><c:v>nil"), "a missing figure is a gap")
        #expect(files["word/charts/_rels/chart1.xml.rels"]?.contains("../embeddings/Microsoft_Excel_Worksheet1.xlsx") == true)
        #expect(parts.contains { $0.0 == "word/embeddings/Microsoft_Excel_Worksheet1.xlsx" }, "the chart's data as a workbook")
        #expect(files["word/header1.xml"]?.contains(" PAGE ") == true)
        #expect(files["word/styles.xml"]?.contains("<w:outlineLvl w:val=\"0\"/>") == true, "Heading1 is a real heading")
    }

    /// The entries of a zip, in order, as text (binary entries as whatever they decode to).
    func unzipped(_ data: Data) throws -> [(String, String)] {
        let archive = try Archive(data: data, accessMode: .read)
        return try archive.map { entry in
            var bytes = Data()
            _ = try archive.extract(entry) { bytes.append($0) }
            return (entry.path, String(decoding: bytes, as: UTF8.self))
        }
    }
}
