import Foundation

/// A WordprocessingML document built paragraph by paragraph: styled runs, tables with a
/// repeated header row, native charts, one A4 section with page numbers at the top.
public struct WordDocument: Sendable {
    public enum Alignment: String, Sendable { case left, center, right, both }

    public struct Run: Sendable {
        public var text: String
        public var bold = false
        public var italic = false
        public var underline = false
        /// Points; nil is the style's size.
        public var size: Double?
        public var color: String?
        public init(_ text: String, bold: Bool = false, italic: Bool = false, underline: Bool = false, size: Double? = nil, color: String? = nil) {
            self.text = text
            self.bold = bold
            self.italic = italic
            self.underline = underline
            self.size = size
            self.color = color
        }
    }

    public struct Paragraph: Sendable {
        public var runs: [Run]
        /// A style of `WordStyles` ("Heading1", "Title", "Caption", "TableText"); nil is Normal.
        public var style: String?
        public var alignment: Alignment?
        public var firstLineIndent: Double?
        public var spaceBefore: Double?
        public var spaceAfter: Double?
        public var keepNext = false
        /// A box around the paragraph (the preview note of a report not issued).
        public var boxed: String?
        public init(_ runs: [Run], style: String? = nil, alignment: Alignment? = nil, firstLineIndent: Double? = nil,
                    spaceBefore: Double? = nil, spaceAfter: Double? = nil, keepNext: Bool = false, boxed: String? = nil) {
            self.runs = runs
            self.style = style
            self.alignment = alignment
            self.firstLineIndent = firstLineIndent
            self.spaceBefore = spaceBefore
            self.spaceAfter = spaceAfter
            self.keepNext = keepNext
            self.boxed = boxed
        }
        public init(_ text: String, style: String? = nil, alignment: Alignment? = nil) {
            self.init([Run(text)], style: style, alignment: alignment)
        }
    }

    public struct Table: Sendable {
        /// Each cell is its paragraphs.
        public var rows: [[[Paragraph]]]
        /// Relative widths of the columns.
        public var widths: [Double]
        /// Rows repeated at the top of every page the table runs onto.
        public var headerRows: Int
        public var borders: Bool
        /// Shading of the header rows (hex), if any.
        public var headerFill: String?
        public init(rows: [[[Paragraph]]], widths: [Double], headerRows: Int = 0, borders: Bool = true, headerFill: String? = nil) {
            self.rows = rows
            self.widths = widths
            self.headerRows = headerRows
            self.borders = borders
            self.headerFill = headerFill
        }
    }

    /// Page size and margins in millimetres.
    public struct Page: Sendable {
        public var width = 210.0, height = 297.0
        public var top = 20.0, bottom = 20.0, left = 30.0, right = 15.0
        public init() {}
        var textWidth: Double { width - left - right }
    }

    public var page = Page()
    private var body = ""
    private var charts: [Chart] = []

    public init() {}

    public static let contentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

    /// Twentieths of a point, rounded up: a 15 mm margin must not come out as 14.99 mm.
    static func twips(_ mm: Double) -> Int { Int((mm * 1440 / 25.4).rounded(.up)) }

    public mutating func add(_ paragraph: Paragraph) { Self.write(paragraph, into: &body) }

    public mutating func add(_ table: Table) {
        Self.write(table, width: page.textWidth, into: &body)
        // Word needs a paragraph between two tables, or it merges them.
        body += "<w:p><w:pPr><w:spacing w:before=\"0\" w:after=\"0\"/></w:pPr></w:p>"
    }

    /// A chart as an inline drawing, `width` × `height` millimetres, centred.
    public mutating func add(_ chart: Chart, width: Double, height: Double) {
        charts.append(chart)
        let n = charts.count
        body += "<w:p><w:pPr><w:keepNext/><w:jc w:val=\"center\"/></w:pPr><w:r><w:drawing>"
            + "<wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"\(Int(width * 36000))\" cy=\"\(Int(height * 36000))\"/>"
            + "<wp:effectExtent l=\"0\" t=\"0\" r=\"0\" b=\"0\"/><wp:docPr id=\"\(n)\" name=\"Chart \(n)\" descr=\"\(XML.escape(chart.title))\"/>"
            + "<wp:cNvGraphicFramePr/><a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">"
            + "<a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/chart\">"
            + "<c:chart xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" r:id=\"rIdChart\(n)\"/>"
            + "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>"
    }

    static func write(_ p: Paragraph, into out: inout String) {
        out += "<w:p><w:pPr>"
        if let style = p.style { out += "<w:pStyle w:val=\"\(style)\"/>" }
        if p.keepNext { out += "<w:keepNext/>" }
        if let box = p.boxed {
            out += "<w:pBdr>" + ["top", "left", "bottom", "right"].map { "<w:\($0) w:val=\"dashed\" w:sz=\"6\" w:space=\"4\" w:color=\"\(box)\"/>" }.joined() + "</w:pBdr>"
        }
        if p.spaceBefore != nil || p.spaceAfter != nil {
            out += "<w:spacing" + (p.spaceBefore.map { " w:before=\"\(Int($0 * 20))\"" } ?? "") + (p.spaceAfter.map { " w:after=\"\(Int($0 * 20))\"" } ?? "") + "/>"
        }
        if let indent = p.firstLineIndent { out += "<w:ind w:firstLine=\"\(twips(indent))\"/>" }
        if let alignment = p.alignment { out += "<w:jc w:val=\"\(alignment.rawValue)\"/>" }
        out += "</w:pPr>"
        for run in p.runs {
            out += "<w:r>"
            if run.bold || run.italic || run.underline || run.size != nil || run.color != nil {
                out += "<w:rPr>"
                if run.bold { out += "<w:b/><w:bCs/>" }
                if run.italic { out += "<w:i/><w:iCs/>" }
                if let color = run.color { out += "<w:color w:val=\"\(color)\"/>" }
                if let size = run.size { out += "<w:sz w:val=\"\(Int(size * 2))\"/><w:szCs w:val=\"\(Int(size * 2))\"/>" }
                if run.underline { out += "<w:u w:val=\"single\"/>" }
                out += "</w:rPr>"
            }
            out += "<w:t xml:space=\"preserve\">"
            XML.escape(run.text, into: &out)
            out += "</w:t></w:r>"
        }
        out += "</w:p>"
    }

    static func write(_ table: Table, width: Double, into out: inout String) {
        let total = table.widths.reduce(0, +)
        let columns = table.widths.map { Int((Double(twips(width)) * $0 / total).rounded()) }
        out += "<w:tbl><w:tblPr><w:tblW w:w=\"\(columns.reduce(0, +))\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>"
        if table.borders {
            out += "<w:tblBorders>" + ["top", "left", "bottom", "right", "insideH", "insideV"]
                .map { "<w:\($0) w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/>" }.joined() + "</w:tblBorders>"
        }
        out += "<w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"57\" w:type=\"dxa\"/><w:right w:w=\"57\" w:type=\"dxa\"/></w:tblCellMar>"
            + "<w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"1\" w:lastColumn=\"0\" w:noHBand=\"0\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>"
        for column in columns { out += "<w:gridCol w:w=\"\(column)\"/>" }
        out += "</w:tblGrid>"
        for (r, row) in table.rows.enumerated() {
            let header = r < table.headerRows
            out += "<w:tr><w:trPr><w:cantSplit/>\(header ? "<w:tblHeader/>" : "")</w:trPr>"
            for (c, paragraphs) in row.enumerated() {
                out += "<w:tc><w:tcPr><w:tcW w:w=\"\(columns[min(c, columns.count - 1)])\" w:type=\"dxa\"/>"
                if header, let fill = table.headerFill { out += "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"\(fill)\"/>" }
                out += "</w:tcPr>"
                for p in paragraphs.isEmpty ? [Paragraph([])] : paragraphs { write(p, into: &out) }
                out += "</w:tc>"
            }
            out += "</w:tr>"
        }
        out += "</w:tbl>"
    }

    /// The file. `title` is its property; charts carry their data as embedded workbooks.
    public func zipped(title: String, created: Date) throws -> Data {
        var package = OOXMLPackage()
        var rels = Relationships()
        rels.add("styles", target: "styles.xml")
        rels.add("settings", target: "settings.xml")
        let header = rels.add("header", target: "header1.xml"), firstHeader = rels.add("header", target: "header2.xml")
        var document = XML.declaration
            + "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" "
            + "xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"><w:body>" + body
        document += "<w:sectPr><w:headerReference w:type=\"default\" r:id=\"\(header)\"/><w:headerReference w:type=\"first\" r:id=\"\(firstHeader)\"/>"
            + "<w:pgSz w:w=\"\(Self.twips(page.width))\" w:h=\"\(Self.twips(page.height))\"/>"
            + "<w:pgMar w:top=\"\(Self.twips(page.top))\" w:right=\"\(Self.twips(page.right))\" w:bottom=\"\(Self.twips(page.bottom))\" "
            + "w:left=\"\(Self.twips(page.left))\" w:header=\"\(Self.twips(10))\" w:footer=\"\(Self.twips(10))\" w:gutter=\"0\"/>"
            + "<w:titlePg/></w:sectPr></w:body></w:document>"
        let chartRelation = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
        var chartRels: [String] = []
        for (index, chart) in charts.enumerated() {
            let n = index + 1
            chartRels.append("<Relationship Id=\"rIdChart\(n)\" Type=\"\(chartRelation)\" Target=\"charts/chart\(n).xml\"/>")
            var own = Relationships()
            let data = own.add("package", target: "../embeddings/Microsoft_Excel_Worksheet\(n).xlsx")
            package.add("word/charts/chart\(n).xml", contentType: Chart.contentType, xml: chart.xml(dataRelationship: data))
            package.add("word/charts/_rels/chart\(n).xml.rels", relationships: own)
            package.add("word/embeddings/Microsoft_Excel_Worksheet\(n).xlsx", contentType: Workbook.contentType,
                        bytes: try chart.dataWorkbook.zipped(title: chart.title, created: created))
        }
        var relsXML = rels.xml
        relsXML.replace("</Relationships>", with: chartRels.joined() + "</Relationships>")
        package.add("word/document.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", xml: document)
        package.add("word/_rels/document.xml.rels", contentType: nil, xml: relsXML)
        package.add("word/styles.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml", xml: WordStyles.xml)
        package.add("word/settings.xml", contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml", xml: WordStyles.settings)
        let headerType = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
        package.add("word/header1.xml", contentType: headerType, xml: WordStyles.header(pageNumber: true))
        package.add("word/header2.xml", contentType: headerType, xml: WordStyles.header(pageNumber: false))
        package.addCoreProperties(title: title, creator: "ThiDua", created: created)
        package.addAppProperties()
        package.addRootRelationships(main: "word/document.xml")
        return try package.zipped(modified: created)
    }
}
