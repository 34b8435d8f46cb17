import Foundation

/// CSV of a report: UTF-8 with a byte-order mark (so Excel reads Vietnamese), one table per
/// section: its title on a line of its own, the column names, the rows, then a blank line.
public struct ReportCSV: ReportRenderer {
    public init() {}

    public func render(_ model: ReportModel) -> [UInt8] { Array(Self.render(model.dataTables).utf8) }

    public static func render(_ tables: [ReportTable]) -> String {
        var out = "\u{FEFF}"
        for (index, table) in tables.enumerated() {
            if index > 0 { out += "\r\n" }
            out += line([ReportTable.Cell.neutralised(table.title)])
            out += line(table.columns.map(ReportTable.Cell.neutralised))
            for row in table.rows { out += line(row.map(\.csv)) }
        }
        return out
    }

    private static func line(_ fields: [String]) -> String {
        fields.map(quoted).joined(separator: ",") + "\r\n"
    }

    private static func quoted(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
