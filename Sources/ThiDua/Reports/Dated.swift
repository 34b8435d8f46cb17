import Foundation

/// A report with how fresh its figures are: a report may be read from a standby that is a
/// little behind the primary, and says so (`dataAsOf` in JSON, `X-Data-As-Of`, and the
/// "Số liệu tính đến" line of its files).
@dynamicMemberLookup
public struct Dated<Report: Sendable>: Sendable {
    public var report: Report
    /// Every change committed by then is in the figures.
    public var dataAsOf: Date

    public init(_ report: Report, asOf: Date) {
        self.report = report
        self.dataAsOf = asOf
    }

    /// The report's own fields, read through (`dated.figures`).
    public subscript<Value>(dynamicMember keyPath: KeyPath<Report, Value>) -> Value { report[keyPath: keyPath] }
}

extension Dated: Encodable where Report: Encodable {
    enum CodingKeys: String, CodingKey { case dataAsOf }

    /// The report's own fields, and `dataAsOf` beside them.
    public func encode(to encoder: any Encoder) throws {
        try report.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(dataAsOf, forKey: .dataAsOf)
    }
}
