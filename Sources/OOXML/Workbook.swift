import Foundation

/// A SpreadsheetML workbook: sheets of typed cells, written with shared strings, one small
/// fixed set of styles, a frozen header and column widths that fit what the cells hold.
public struct Workbook: Sendable {
    /// The styles every workbook carries (the order is `cellXfs` in `styles.xml`).
    public enum Style: Int, Sendable {
        case plain = 0, header, title, text, integer, percent, totalText, totalInteger, totalPercent, label
    }

    public enum Value: Sendable {
        case text(String)
        case number(Double)
        /// A formula with the value it gives, so that a reader that does not calculate
        /// (openpyxl, a previewer) still sees the figure.
        case formula(String, cached: Double)
        case empty
    }

    public struct Cell: Sendable {
        public var value: Value
        public var style: Style
        public init(_ value: Value, _ style: Style = .plain) {
            self.value = value
            self.style = style
        }
    }

    public struct Sheet: Sendable {
        public var name: String
        public var rows: [[Cell]]
        /// Rows kept in view while scrolling: the title and the header row.
        public var frozenRows: Int
        public var landscape: Bool
        public init(name: String, rows: [[Cell]], frozenRows: Int = 0, landscape: Bool = false) {
            self.name = name
            self.rows = rows
            self.frozenRows = frozenRows
            self.landscape = landscape
        }
    }

    public var sheets: [Sheet] = []

    public init(sheets: [Sheet] = []) { self.sheets = sheets }

    public static let contentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    /// "A" for 0, "Z" for 25, "AA" for 26: a column as formulas name it.
    public static func column(_ index: Int) -> String {
        var n = index + 1, name = ""
        while n > 0 {
            let rest = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + rest))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// `B3`, from zero-based row and column.
    public static func reference(row: Int, column: Int) -> String { "\(Self.column(column))\(row + 1)" }

    /// A sheet name Excel accepts: none of `[]:*?/\`, at most 31 characters, not blank, and
    /// unique in the workbook regardless of case.
    static func sheetNames(_ wanted: [String]) -> [String] {
        var used = Set<String>(), names: [String] = []
        for (index, name) in wanted.enumerated() {
            var clean = String(name.filter { !"[]:*?/\\".contains($0) }.prefix(31)).trimmingCharacters(in: .whitespaces)
            if clean.isEmpty { clean = "Sheet\(index + 1)" }
            var candidate = clean, n = 2
            while used.contains(candidate.lowercased()) {
                let suffix = " (\(n))"
                candidate = String(clean.prefix(31 - suffix.count)) + suffix
                n += 1
            }
            used.insert(candidate.lowercased())
            names.append(candidate)
        }
        return names
    }

    /// The package, unzipped: for a workbook embedded in another file (a chart's data).
    public func package(title: String, created: Date) -> OOXMLPackage {
        var package = OOXMLPackage()
        var strings = SharedStrings()
        var workbookRels = Relationships()
        var sheetEntries = ""
        for (index, (sheet, name)) in zip(sheets, Self.sheetNames(sheets.map(\.name))).enumerated() {
            let id = workbookRels.add("worksheet", target: "worksheets/sheet\(index + 1).xml")
            sheetEntries += "<sheet name=\"\(XML.escape(name))\" sheetId=\"\(index + 1)\" r:id=\"\(id)\"/>"
            package.add("xl/worksheets/sheet\(index + 1).xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml",
                        xml: Self.sheetXML(sheet, selected: index == 0, strings: &strings))
        }
        workbookRels.add("styles", target: "styles.xml")
        workbookRels.add("sharedStrings", target: "sharedStrings.xml")
        package.add("xl/workbook.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", xml: XML.declaration
            + "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<bookViews><workbookView/></bookViews><sheets>\(sheetEntries)</sheets><calcPr calcId=\"191029\" fullCalcOnLoad=\"1\"/></workbook>")
        package.add("xl/_rels/workbook.xml.rels", relationships: workbookRels)
        package.add("xl/styles.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml", xml: Self.styles)
        package.add("xl/sharedStrings.xml", contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml",
                    xml: strings.xml)
        package.addCoreProperties(title: title, creator: "ThiDua", created: created)
        package.addAppProperties()
        package.addRootRelationships(main: "xl/workbook.xml")
        return package
    }

    public func zipped(title: String, created: Date) throws -> Data {
        try package(title: title, created: created).zipped(modified: created)
    }

    static func sheetXML(_ sheet: Sheet, selected: Bool, strings: inout SharedStrings) -> String {
        var out = XML.declaration + "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
        // Printed, a sheet is as wide as the page (and as many pages long as it takes).
        out += "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"
        out += "<sheetViews><sheetView workbookViewId=\"0\"\(selected ? " tabSelected=\"1\"" : "")>"
        if sheet.frozenRows > 0 {
            let top = reference(row: sheet.frozenRows, column: 0)
            out += "<pane ySplit=\"\(sheet.frozenRows)\" topLeftCell=\"\(top)\" activePane=\"bottomLeft\" state=\"frozen\"/>"
                + "<selection pane=\"bottomLeft\" activeCell=\"\(top)\" sqref=\"\(top)\"/>"
        }
        out += "</sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>"
        let widths = columnWidths(sheet.rows)
        if !widths.isEmpty {
            out += "<cols>"
            for (index, width) in widths.enumerated() {
                out += "<col min=\"\(index + 1)\" max=\"\(index + 1)\" width=\"\(String(format: "%.1f", width))\" customWidth=\"1\"/>"
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        for (r, row) in sheet.rows.enumerated() {
            out += "<row r=\"\(r + 1)\">"
            for (c, cell) in row.enumerated() {
                let ref = reference(row: r, column: c), style = cell.style.rawValue
                switch cell.value {
                case .text(let text): out += "<c r=\"\(ref)\" s=\"\(style)\" t=\"s\"><v>\(strings.index(text))</v></c>"
                case .number(let n): out += "<c r=\"\(ref)\" s=\"\(style)\"><v>\(number(n))</v></c>"
                case .formula(let f, let cached): out += "<c r=\"\(ref)\" s=\"\(style)\"><f>\(XML.escape(f))</f><v>\(number(cached))</v></c>"
                case .empty: if style != 0 { out += "<c r=\"\(ref)\" s=\"\(style)\"/>" }
                }
            }
            out += "</row>"
        }
        out += "</sheetData><pageMargins left=\"0.6\" right=\"0.4\" top=\"0.6\" bottom=\"0.6\" header=\"0.3\" footer=\"0.3\"/>"
            + "<pageSetup paperSize=\"9\" fitToWidth=\"1\" fitToHeight=\"0\" orientation=\"\(sheet.landscape ? "landscape" : "portrait")\"/></worksheet>"
        return out
    }

    /// Integers print without a decimal point; other numbers in full.
    static func number(_ n: Double) -> String {
        n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
    }

    /// Widths in characters of the default font: the longest cell of each column as it
    /// shows, headers included, titles (which run on over empty cells) left out.
    static func columnWidths(_ rows: [[Cell]]) -> [Double] {
        var widths: [Double] = []
        for row in rows {
            for (c, cell) in row.enumerated() where cell.style != .title {
                let shown: Int = switch cell.value {
                case .text(let text): text.split(separator: "\n").map(\.count).max() ?? 0
                case .number(let n), .formula(_, let n):
                    cell.style == .percent || cell.style == .totalPercent ? 8 : number(n.rounded()).count * 4 / 3 + 1
                case .empty: 0
                }
                while widths.count <= c { widths.append(6) }
                widths[c] = max(widths[c], min(60, Double(shown) * 1.1 + 2))
            }
        }
        return widths
    }

    // Times New Roman, as party offices write; numbers as 1,234 and 17.99% in the reader's own
    // locale (Excel shows "1.234" and "17,99%" in Vietnamese).
    static let styles = XML.declaration
        + "<styleSheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">"
        + "<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"#,##0\"/><numFmt numFmtId=\"165\" formatCode=\"0.00%\"/></numFmts>"
        + "<fonts count=\"3\"><font><sz val=\"12\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font>"
        + "<font><b/><sz val=\"12\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font>"
        + "<font><b/><sz val=\"14\"/><name val=\"Times New Roman\"/><family val=\"1\"/></font></fonts>"
        + "<fills count=\"3\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill>"
        + "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"FFF2F2F2\"/><bgColor indexed=\"64\"/></patternFill></fill></fills>"
        + "<borders count=\"2\"><border><left/><right/><top/><bottom/><diagonal/></border>"
        + "<border><left style=\"thin\"><color auto=\"1\"/></left><right style=\"thin\"><color auto=\"1\"/></right>"
        + "<top style=\"thin\"><color auto=\"1\"/></top><bottom style=\"thin\"><color auto=\"1\"/></bottom><diagonal/></border></borders>"
        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
        + "<cellXfs count=\"10\">"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"2\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyFill=\"1\" applyBorder=\"1\" applyAlignment=\"1\">"
        + "<alignment horizontal=\"center\" vertical=\"center\" wrapText=\"1\"/></xf>"
        + "<xf numFmtId=\"0\" fontId=\"2\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyBorder=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>"
        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyBorder=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"0\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyBorder=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyFont=\"1\" applyBorder=\"1\"/>"
        + "<xf numFmtId=\"164\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyBorder=\"1\"/>"
        + "<xf numFmtId=\"165\" fontId=\"1\" fillId=\"0\" borderId=\"1\" xfId=\"0\" applyNumberFormat=\"1\" applyFont=\"1\" applyBorder=\"1\"/>"
        + "<xf numFmtId=\"0\" fontId=\"1\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\"/>"
        + "</cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
}

/// The workbook's shared string table: each distinct text once, cells by index.
struct SharedStrings {
    private var indices: [String: Int] = [:]
    private var ordered: [String] = []

    mutating func index(_ text: String) -> Int {
        if let index = indices[text] { return index }
        indices[text] = ordered.count
        ordered.append(text)
        return ordered.count - 1
    }

    var xml: String {
        var out = XML.declaration + "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" count=\"\(ordered.count)\" uniqueCount=\"\(ordered.count)\">"
        for text in ordered {
            let keep = text.first == " " || text.last == " " || text.contains("\n")
            out += keep ? "<si><t xml:space=\"preserve\">" : "<si><t>"
            XML.escape(text, into: &out)
            out += "</t></si>"
        }
        return out + "</sst>"
    }
}
