import Foundation
import OOXML

/// A report as an Excel workbook: a first sheet saying what the figures are and where they
/// come from, then one sheet per table with numbers as numbers, ratios as percentages,
/// totals as `SUM` formulas, and the title and header rows frozen.
public struct ReportXLSX: ReportRenderer {
    typealias Cell = Workbook.Cell

    public init() {}

    public func render(_ model: ReportModel) throws -> [UInt8] {
        Array(try workbook(model).zipped(title: model.heading.documentTitle, created: model.stamp))
    }

    func workbook(_ model: ReportModel) -> Workbook {
        let tables = Self.sheets(model).filter { !$0.rows.isEmpty }
        var about: [[Cell]] = [[Cell(.text(model.heading.documentTitle), .title)], []]
        about += model.facts.map { [Cell(.text($0.label), .label), Cell(.text($0.value))] }
        about += [[], [Cell(.text("Các trang tính"), .label)]]
        about += tables.map { [Cell(.empty), Cell(.text($0.sheet)), Cell(.text($0.title))] }
        return Workbook(sheets: [Workbook.Sheet(name: "Thông tin", rows: about)] + tables.map(Self.sheet))
    }

    /// Every table in full, then those only print shows (the child × year matrices of a
    /// summary, its criterion × year shares), each on a sheet of its own.
    static func sheets(_ model: ReportModel) -> [ReportTable] {
        var names = Set(model.dataTables.map(\.sheet))
        var tables = model.dataTables
        for section in model.sections {
            for table in section.tables where names.insert(table.sheet).inserted { tables.append(table) }
        }
        return tables
    }

    /// The table's title on row 1, its header on row 2 (both frozen), its rows from row 3.
    static func sheet(_ table: ReportTable) -> Workbook.Sheet {
        let first = 2
        var rows: [[Cell]] = [[Cell(.text(table.title), .title)], table.columns.map { Cell(.text($0), .header) }]
        for (index, row) in table.rows.enumerated() {
            let r = first + index, total = table.sumRows.contains(index)
            var cells = row.map { cell(for: $0, total: total) }
            if total {
                // The rows this total adds up: those since the previous total.
                let above = table.sumRows.last(where: { $0 < index }).map { $0 + 1 } ?? 0
                for c in cells.indices {
                    guard case .number(let value) = cells[c].value else { continue }
                    let column = (above..<index).map { table.rows[$0].indices.contains(c) ? count(table.rows[$0][c]) : nil }
                    guard !column.isEmpty, column.allSatisfy({ $0 != nil }), column.reduce(0, { $0 + $1! }) == Int(value) else { continue }
                    let letter = Workbook.column(c)
                    cells[c].value = .formula("SUM(\(letter)\(first + above + 1):\(letter)\(r))", cached: value)
                }
            }
            if table.sumColumn, let last = cells.indices.last, last > 1, case .number(let value) = cells[last].value {
                let parts = row.dropLast().dropFirst().map(count)
                if parts.allSatisfy({ $0 != nil }), parts.reduce(0, { $0 + $1! }) == Int(value) {
                    cells[last].value = .formula("SUM(B\(r + 1):\(Workbook.column(last - 1))\(r + 1))", cached: value)
                    cells[last].style = .totalInteger
                }
            }
            rows.append(cells)
        }
        return Workbook.Sheet(name: table.sheet, rows: rows, frozenRows: 2, landscape: table.columns.count > 8)
    }

    static func count(_ cell: ReportTable.Cell) -> Int? {
        switch cell {
        case .count(let n), .drill(let n, _): n
        default: nil
        }
    }

    static func cell(for cell: ReportTable.Cell, total: Bool) -> Cell {
        switch cell {
        case .text(let text): Cell(text.isEmpty ? .empty : .text(text), total ? .totalText : .text)
        case .year(let year): Cell(.number(Double(year)), .text)
        case .count(let n), .drill(let n, _), .change(let n): Cell(.number(Double(n)), total ? .totalInteger : .integer)
        case .ratio(let r): Cell(r.map { .number($0) } ?? .empty, total ? .totalPercent : .percent)
        }
    }
}
