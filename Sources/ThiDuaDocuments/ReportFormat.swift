/// The forms a report is written in, for the API, the pages and `thidua report` alike.
public enum ReportFormat: String, CaseIterable, Sendable {
    case json, csv, html, docx, xlsx

    /// "json, csv, html, docx, xlsx": what an error about `format` lists.
    public static let names = allCases.map(\.rawValue).joined(separator: ", ")

    public var mediaType: String {
        switch self {
        case .json: "application/json"
        case .csv: "text/csv; charset=utf-8"
        case .html: "text/html; charset=utf-8"
        case .docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        }
    }

    /// The format an `Accept` media range names (parameters stripped, lower case), if we make it.
    public init?(mediaRange: String) {
        switch mediaRange {
        case "application/json", "application/problem+json": self = .json
        case "text/csv": self = .csv
        case "text/html", "application/xhtml+xml": self = .html
        case "application/vnd.openxmlformats-officedocument.wordprocessingml.document": self = .docx
        case "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": self = .xlsx
        default: return nil
        }
    }

    /// Files a person saves (CSV, Word, Excel) rather than reads in the browser.
    public var isAttachment: Bool { self == .csv || self == .docx || self == .xlsx }
}
