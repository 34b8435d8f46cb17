import Foundation
import OOXML

/// A report as a Word document in the layout of Hướng dẫn 36-HD/VPTW: the heading block as a
/// borderless two-column table, "BÁO CÁO" and its summary line, the sections under real
/// headings, tables with a repeated header row, native charts, the recipients and the signer.
public struct ReportDOCX: ReportRenderer {
    typealias Paragraph = WordDocument.Paragraph
    typealias Run = WordDocument.Run

    public init() {}

    public func render(_ model: ReportModel) throws -> [UInt8] {
        Array(try document(model).zipped(title: model.heading.documentTitle, created: model.stamp))
    }

    func document(_ model: ReportModel) -> WordDocument {
        var doc = WordDocument()
        if let draft = model.heading.draft {
            doc.add(Paragraph([Run(draft, size: 11, color: "AA0000")], style: "Plain", spaceAfter: 6, boxed: "AA0000"))
        }
        doc.add(heading(model))
        doc.add(Paragraph([Run("BÁO CÁO")], style: "Title"))
        doc.add(Paragraph([Run(model.heading.summaryLine, bold: true)], style: "Plain", alignment: .center))
        doc.add(Paragraph([Run("-----")], style: "Plain", alignment: .center, spaceAfter: 12))
        for section in model.sections {
            doc.add(Paragraph(section.heading, style: "Heading1"))
            for block in section.blocks {
                switch block {
                case .paragraph(let text): doc.add(Paragraph([Run(text)], firstLineIndent: 10))
                case .chart(let spec): doc.add(Self.chart(spec), width: 160, height: spec.categories.count > 8 ? 95 : 85)
                case .table(let table):
                    doc.add(Paragraph(table.title, style: "Caption"))
                    doc.add(Self.table(table))
                }
            }
        }
        doc.add(closing(model))
        return doc
    }

    /// The issuer on the left (parent body, committee, "*", number); the party's name and the
    /// place and date on the right.
    func heading(_ model: ReportModel) -> WordDocument.Table {
        var left: [Paragraph] = []
        if let parent = model.heading.parentBody { left.append(Paragraph([Run(parent, size: 12)], style: "Plain")) }
        left += [Paragraph([Run(model.heading.issuer, bold: true, size: 13)], style: "Plain"),
                 Paragraph([Run("*", size: 13)], style: "Plain"),
                 Paragraph([Run("Số \(model.heading.number)", size: 13)], style: "Plain")]
        let right = [Paragraph([Run("ĐẢNG CỘNG SẢN VIỆT NAM", bold: true, underline: true, size: 14)], style: "Plain"),
                     Paragraph([Run(model.heading.dateLine, italic: true, size: 13)], style: "Plain", spaceBefore: 14)]
        return WordDocument.Table(rows: [[left, right]], widths: [48, 52], borders: false)
    }

    func closing(_ model: ReportModel) -> WordDocument.Table {
        let left = [Paragraph([Run("Nơi nhận:", bold: true, italic: true, underline: true, size: 12)], style: "Plain", alignment: .left, spaceBefore: 18)]
            + model.heading.recipients.map { Paragraph([Run("- " + $0, size: 11)], style: "Plain", alignment: .left) }
        var right = [Paragraph([Run(model.heading.signerLine, bold: true)], style: "Plain", spaceBefore: 18)]
        if let position = model.heading.signerPosition { right.append(Paragraph([Run(position, bold: true)], style: "Plain")) }
        right += [Paragraph([], style: "Plain"), Paragraph([], style: "Plain"), Paragraph([], style: "Plain"), Paragraph([], style: "Plain"),
                  Paragraph([Run(model.heading.signerName, bold: true)], style: "Plain")]
        return WordDocument.Table(rows: [[left, right]], widths: [45, 55], borders: false)
    }

    /// A figures table: the header row repeated on each page, numbers right-aligned as print
    /// writes them, total rows in bold; 9 pt when it has many columns.
    static func table(_ table: ReportTable) -> WordDocument.Table {
        let size: Double? = table.columns.count > 8 ? 9 : nil
        let header = table.columns.map { [Paragraph([Run($0, bold: true, size: size)], style: "TableText", alignment: .center)] }
        let rows = table.rows.enumerated().map { index, row in
            let total = table.sumRows.contains(index)
            return row.map { cell in
                [Paragraph([Run(cell.printed, bold: total, size: size)], style: "TableText", alignment: cell.isNumeric ? .right : .left)]
            }
        }
        return WordDocument.Table(rows: [header] + rows, widths: widths(table), headerRows: 1, headerFill: "F2F2F2")
    }

    /// Relative widths: the longest text of each column, within bounds so that a long name
    /// wraps rather than squeezing the figures.
    static func widths(_ table: ReportTable) -> [Double] {
        let nameLimit = table.columns.count > 8 ? 20 : 30
        return table.columns.indices.map { c in
            let cells = table.rows.compactMap { $0.indices.contains(c) ? $0[c] : nil }
            let headerWord = Double(table.columns[c].split(separator: " ").map(\.count).max() ?? 0) * 1.2
            guard cells.contains(where: { !$0.isNumeric }) else {
                return max(Double(cells.map(\.printed.count).max() ?? 0), headerWord, 5) + 1
            }
            return Double(min(max(cells.map(\.printed.count).max() ?? 0, 8), nameLimit))
        }
    }

    /// The chart as Word draws it natively: counts as stacked columns, ratios as lines or
    /// columns on a percentage axis.
    static func chart(_ spec: ReportChartSpec) -> Chart {
        let series = spec.series.map { Chart.Series(name: $0.name, color: String($0.color.drop { $0 == "#" }).uppercased(), values: $0.values) }
        return switch spec.kind {
        case .stackedCounts: Chart(kind: .bars(stacked: true), title: spec.title, categories: spec.categories, series: series, valueFormat: "#,##0")
        case .ratioLines: Chart(kind: .lines, title: spec.title, categories: spec.categories, series: series, valueFormat: "0%", maximum: spec.ratioCeiling)
        case .ratioBars: Chart(kind: .bars(stacked: false), title: spec.title, categories: spec.categories, series: series, valueFormat: "0%", maximum: 1)
        }
    }
}
