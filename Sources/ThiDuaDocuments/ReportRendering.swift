import Foundation
import CivilDate
import ThiDua

/// A report in any of its forms, from its figures: the one entry for the API, the pages and
/// `thidua report`.
public enum ReportRendering {
    public static func render(_ figures: FrozenFigures, as format: ReportFormat, frame: ReportFrame? = nil, today: CalendarDate,
                              link: (@Sendable (ReportDrill) -> String)? = nil) throws -> [UInt8] {
        guard let renderer = renderer(format, link: link) else { return try json(figures) }
        return try renderer.render(ReportModel(figures, frame: frame, today: today))
    }

    /// The renderer of a form made from the model; nil for JSON, which is the figures themselves.
    public static func renderer(_ format: ReportFormat, link: (@Sendable (ReportDrill) -> String)? = nil) -> (any ReportRenderer)? {
        switch format {
        case .json: nil
        case .csv: ReportCSV()
        case .html: link.map { ReportHTML.shared.linking($0) } ?? ReportHTML.shared
        case .docx: ReportDOCX()
        case .xlsx: ReportXLSX()
        }
    }

    static func json(_ figures: FrozenFigures) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // As the API writes them (RFC 3339), not as seconds since 2001.
        encoder.dateEncodingStrategy = .iso8601
        return Array(try encoder.encode(figures))
    }
}
