import Foundation

/// A report's `Content-Disposition`: the Vietnamese name for clients that read RFC 6266's
/// `filename*` (every current browser), an ASCII one for those that do not.
public enum ReportFileName {
    public static func contentDisposition(_ name: String, ascii: String, format: ReportFormat) -> String {
        let ext = format.rawValue
        return "attachment; filename=\"\(ascii).\(ext)\"; filename*=UTF-8''\(percentEncoded(name + "." + ext))"
    }

    /// RFC 5987's attr-char kept, every other UTF-8 byte as %XX.
    static func percentEncoded(_ text: String) -> String {
        var out = ""
        for byte in text.precomposedStringWithCanonicalMapping.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                out.unicodeScalars.append(UnicodeScalar(byte))
            case _ where "!#$&+-.^_`|~".utf8.contains(byte):
                out.unicodeScalars.append(UnicodeScalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded
            }
        }
        return out
    }
}

private extension String {
    var leftPadded: String { count == 1 ? "0" + self : self }
}
