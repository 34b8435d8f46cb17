import Foundation
import HTTPTypes

/// `X-Data-As-Of` on every live report: when its figures were current, in RFC 3339 (UTC, to
/// the second, as the JSON writes dates). A report read from a standby says how far behind the
/// primary it was.
public enum DataAsOf {
    public static var headerName: HTTPField.Name { HTTPField.Name("X-Data-As-Of")! }

    public static func text(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }
}
