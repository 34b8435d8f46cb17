/// One form of a report: HTML, CSV, DOCX or XLSX, each from the same `ReportModel`.
public protocol ReportRenderer: Sendable {
    func render(_ model: ReportModel) throws -> [UInt8]
}
