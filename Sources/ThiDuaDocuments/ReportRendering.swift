import Foundation
import CivilDate
import ThiDua

/// Reports rendered outside a request, for `thidua report`.
public enum ReportRendering {
    public static func render(_ figures: FrozenFigures, format: String, today: CalendarDate) throws -> String {
        switch format {
        case "json":
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            return String(decoding: try encoder.encode(figures), as: UTF8.self)
        case "csv":
            return ReportCSV.render(ReportTables.of(figures))
        default:
            return ReportHTML.shared.render(figures, frame: nil, today: today)
        }
    }
}
