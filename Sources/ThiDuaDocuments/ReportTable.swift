import Foundation
import ThiDua

/// One table of a report, shared by the CSV and HTML forms so both print the same figures.
public struct ReportTable: Sendable {
    enum Cell {
        case text(String)
        case count(Int)
        /// A count that can be followed down to the records it counts.
        case drill(Int, ReportDrill)
        /// A ratio (0.9523); nil prints as a dash.
        case ratio(Double?)
        /// A signed change against another figure.
        case change(Int)
        /// A year: a number to a spreadsheet, never grouped ("2016", not "2.016").
        case year(Int)

        /// Machine-readable, for CSV: plain integers, percentages with a dot.
        var csv: String {
            switch self {
            case .text(let text): Self.neutralised(text)
            case .count(let n), .drill(let n, _): String(n)
            case .ratio(let r): r.map { String(format: "%.2f", $0 * 100) } ?? ""
            case .change(let n): n > 0 ? "+\(n)" : String(n)
            case .year(let year): String(year)
            }
        }

        /// Text a spreadsheet would run as a formula (`=HYPERLINK(...)`, `+`, `-`, `@`, or a
        /// leading tab or carriage return) gets a leading apostrophe, the form spreadsheets
        /// read as "this is text" (CSV injection). Names come from users, so every text cell.
        static func neutralised(_ text: String) -> String {
            guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
            return "'" + text
        }

        /// As Vietnamese print writes numbers: 1.234 and 95,23%.
        var printed: String {
            switch self {
            case .text(let text): text
            case .count(let n), .drill(let n, _): Self.grouped(n)
            case .ratio(let r): r.map { String(format: "%.2f", $0 * 100).replacingOccurrences(of: ".", with: ",") + "%" } ?? "–"
            case .change(let n): n > 0 ? "+" + Self.grouped(n) : n < 0 ? "−" + Self.grouped(-n) : "0"
            case .year(let year): String(year)
            }
        }

        /// A count, linked to its records where the table knows what it counts and it is not zero.
        static func count(_ n: Int, _ drill: ReportDrill?) -> Cell {
            guard let drill, n > 0 else { return .count(n) }
            return .drill(n, drill)
        }

        var drill: ReportDrill? {
            if case .drill(_, let drill) = self { return drill }
            return nil
        }

        /// Figures (right-aligned in print); a year is a label, not a figure.
        var isNumeric: Bool {
            switch self {
            case .text, .year: false
            default: true
            }
        }

        static func grouped(_ n: Int) -> String {
            let digits = String(abs(n))
            var out = ""
            for (index, digit) in digits.enumerated() {
                if index > 0 && (digits.count - index) % 3 == 0 { out.append(".") }
                out.append(digit)
            }
            return (n < 0 ? "-" : "") + out
        }
    }

    var title: String
    var columns: [String]
    var rows: [[Cell]]
    /// The table's sheet in a workbook (Excel allows 31 characters).
    var sheet: String
    /// The last column is each row's total of the counts before it ("Cộng").
    var sumColumn = false
    /// Rows whose counts total every row above them ("Cộng").
    var sumRows: [Int] = []

    init(title: String, columns: [String], rows: [[Cell]], sheet: String, sumColumn: Bool = false, sumRows: [Int] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.sheet = sheet
        self.sumColumn = sumColumn
        self.sumRows = sumRows
    }

    init(title: String, columns: [String], sheet: String, sumColumn: Bool = false, sumRows: [Int] = [], rows: [[Cell]]) {
        self.init(title: title, columns: columns, rows: rows, sheet: sheet, sumColumn: sumColumn, sumRows: sumRows)
    }
}
