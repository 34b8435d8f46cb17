import Foundation

/// A DrawingML chart (`c:chartSpace`) with its figures in the part's own caches and in a small
/// workbook of its own, so that Word can restyle it, change its type and edit its data.
public struct Chart: Sendable {
    public enum Kind: Sendable {
        case bars(stacked: Bool)
        case lines
    }

    public struct Series: Sendable {
        public var name: String
        /// Six hex digits, no `#`.
        public var color: String
        /// nil leaves a gap (no figure for that category).
        public var values: [Double?]
        public init(name: String, color: String, values: [Double?]) {
            self.name = name
            self.color = color
            self.values = values
        }
    }

    public var kind: Kind
    public var title: String
    public var categories: [String]
    public var series: [Series]
    /// `0%` for ratios, `#,##0` for counts.
    public var valueFormat: String
    /// The value axis' top, where fixed (1 for a share).
    public var maximum: Double?

    public init(kind: Kind, title: String, categories: [String], series: [Series], valueFormat: String, maximum: Double? = nil) {
        self.kind = kind
        self.title = title
        self.categories = categories
        self.series = series
        self.valueFormat = valueFormat
        self.maximum = maximum
    }

    public static let contentType = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"

    /// The chart's data as Excel would keep it: categories down column A, one series a column.
    public var dataWorkbook: Workbook {
        var rows = [[Workbook.Cell(.empty)] + series.map { Workbook.Cell(.text($0.name), .header) }]
        for (i, category) in categories.enumerated() {
            rows.append([Workbook.Cell(.text(category), .text)] + series.map { s in
                s.values[i].map { Workbook.Cell(.number($0), valueFormat.hasSuffix("%") ? .percent : .integer) } ?? Workbook.Cell(.empty)
            })
        }
        return Workbook(sheets: [Workbook.Sheet(name: "Sheet1", rows: rows, frozenRows: 1)])
    }

    /// The chart part; `dataRelationship` is the id of its relationship to `dataWorkbook`.
    public func xml(dataRelationship: String?) -> String {
        let last = categories.count + 1
        var plot = ""
        switch kind {
        case .bars(let stacked):
            plot += "<c:barChart><c:barDir val=\"col\"/><c:grouping val=\"\(stacked ? "stacked" : "clustered")\"/><c:varyColors val=\"0\"/>"
            for (index, s) in series.enumerated() {
                plot += seriesStart(index, s) + "<c:spPr><a:solidFill><a:srgbClr val=\"\(s.color)\"/></a:solidFill></c:spPr>"
                    + "<c:invertIfNegative val=\"0\"/>" + data(index, s, last: last) + "</c:ser>"
            }
            plot += "<c:gapWidth val=\"60\"/>\(stacked ? "<c:overlap val=\"100\"/>" : "")<c:axId val=\"5001\"/><c:axId val=\"5002\"/></c:barChart>"
        case .lines:
            plot += "<c:lineChart><c:grouping val=\"standard\"/><c:varyColors val=\"0\"/>"
            for (index, s) in series.enumerated() {
                plot += seriesStart(index, s)
                    + "<c:spPr><a:ln w=\"28575\" cap=\"rnd\"><a:solidFill><a:srgbClr val=\"\(s.color)\"/></a:solidFill><a:round/></a:ln></c:spPr>"
                    + "<c:marker><c:symbol val=\"circle\"/><c:size val=\"5\"/><c:spPr><a:solidFill><a:srgbClr val=\"\(s.color)\"/></a:solidFill></c:spPr></c:marker>"
                    + data(index, s, last: last) + "<c:smooth val=\"0\"/></c:ser>"
            }
            plot += "<c:marker val=\"1\"/><c:axId val=\"5001\"/><c:axId val=\"5002\"/></c:lineChart>"
        }
        let font = "<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1000\"><a:latin typeface=\"Times New Roman\"/>"
            + "<a:cs typeface=\"Times New Roman\"/></a:defRPr></a:pPr><a:endParaRPr lang=\"vi-VN\"/></a:p></c:txPr>"
        var out = XML.declaration
            + "<c:chartSpace xmlns:c=\"http://schemas.openxmlformats.org/drawingml/2006/chart\" "
            + "xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" "
            + "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">"
            + "<c:lang val=\"vi-VN\"/><c:roundedCorners val=\"0\"/><c:chart>"
            + "<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz=\"1100\" b=\"1\"/></a:pPr>"
            + "<a:r><a:rPr lang=\"vi-VN\" sz=\"1100\" b=\"1\"/><a:t>\(XML.escape(title))</a:t></a:r></a:p></c:rich></c:tx>"
            + "<c:overlay val=\"0\"/></c:title><c:autoTitleDeleted val=\"0\"/><c:plotArea><c:layout/>" + plot
            + "<c:catAx><c:axId val=\"5001\"/><c:scaling><c:orientation val=\"minMax\"/></c:scaling><c:delete val=\"0\"/>"
            + "<c:axPos val=\"b\"/><c:numFmt formatCode=\"General\" sourceLinked=\"0\"/><c:majorTickMark val=\"out\"/>"
            + "<c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"5002\"/><c:crosses val=\"autoZero\"/>"
            + "<c:auto val=\"1\"/><c:lblAlgn val=\"ctr\"/><c:lblOffset val=\"100\"/><c:noMultiLvlLbl val=\"0\"/></c:catAx>"
            + "<c:valAx><c:axId val=\"5002\"/><c:scaling><c:orientation val=\"minMax\"/>"
            + (maximum.map { "<c:max val=\"\(Workbook.number($0))\"/>" } ?? "") + "<c:min val=\"0\"/></c:scaling><c:delete val=\"0\"/>"
            + "<c:axPos val=\"l\"/><c:majorGridlines/><c:numFmt formatCode=\"\(XML.escape(valueFormat))\" sourceLinked=\"0\"/>"
            + "<c:majorTickMark val=\"out\"/><c:minorTickMark val=\"none\"/><c:tickLblPos val=\"nextTo\"/><c:crossAx val=\"5001\"/>"
            + "<c:crosses val=\"autoZero\"/><c:crossBetween val=\"between\"/></c:valAx></c:plotArea>"
        if series.count > 1 { out += "<c:legend><c:legendPos val=\"b\"/><c:overlay val=\"0\"/></c:legend>" }
        out += "<c:plotVisOnly val=\"1\"/><c:dispBlanksAs val=\"gap\"/></c:chart>" + font
        if let dataRelationship { out += "<c:externalData r:id=\"\(dataRelationship)\"><c:autoUpdate val=\"0\"/></c:externalData>" }
        return out + "</c:chartSpace>"
    }

    private func seriesStart(_ index: Int, _ s: Series) -> String {
        let column = Workbook.column(index + 1)
        return "<c:ser><c:idx val=\"\(index)\"/><c:order val=\"\(index)\"/><c:tx><c:strRef><c:f>Sheet1!$\(column)$1</c:f>"
            + "<c:strCache><c:ptCount val=\"1\"/><c:pt idx=\"0\"><c:v>\(XML.escape(s.name))</c:v></c:pt></c:strCache></c:strRef></c:tx>"
    }

    private func data(_ index: Int, _ s: Series, last: Int) -> String {
        let column = Workbook.column(index + 1)
        var out = "<c:cat><c:strRef><c:f>Sheet1!$A$2:$A$\(last)</c:f><c:strCache><c:ptCount val=\"\(categories.count)\"/>"
        for (i, category) in categories.enumerated() { out += "<c:pt idx=\"\(i)\"><c:v>\(XML.escape(category))</c:v></c:pt>" }
        out += "</c:strCache></c:strRef></c:cat><c:val><c:numRef><c:f>Sheet1!$\(column)$2:$\(column)$\(last)</c:f>"
            + "<c:numCache><c:formatCode>\(XML.escape(valueFormat))</c:formatCode><c:ptCount val=\"\(categories.count)\"/>"
        for (i, value) in s.values.enumerated() {
            if let value { out += "<c:pt idx=\"\(i)\"><c:v>\(Workbook.number(value))</c:v></c:pt>" }
        }
        return out + "</c:numCache></c:numRef></c:val>"
    }
}
