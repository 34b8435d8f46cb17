import Foundation

/// The parts of a `multipart/form-data` body (RFC 7578) as (field name, value) pairs, in the
/// order sent: what a form with a file input posts. A file's bytes are its value, as UTF-8
/// text (the only files ThiDua takes are CSV); a part without a name is skipped.
enum MultipartBody {
    /// The boundary parameter of a `Content-Type`, quoted or not.
    static func boundary(of contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    /// Nil when the body is not well-formed (no opening or closing delimiter, a part without
    /// its blank line after the headers).
    static func parts(_ body: [UInt8], boundary: String) -> [(name: String, value: String)]? {
        let delimiter = Array("--\(boundary)".utf8)
        let separator = Array("\r\n--\(boundary)".utf8)
        guard body.starts(with: delimiter) else { return nil }
        var position = delimiter.count
        var parts: [(name: String, value: String)] = []
        while true {
            // After a delimiter: "--" closes the body, CRLF opens a part.
            if body[position...].starts(with: Array("--".utf8)) { return parts }
            guard body[position...].starts(with: Array("\r\n".utf8)) else { return nil }
            position += 2
            guard let headersEnd = find(Array("\r\n\r\n".utf8), in: body, from: position) else { return nil }
            let headers = String(decoding: body[position..<headersEnd], as: UTF8.self)
            let start = headersEnd + 4
            guard let end = find(separator, in: body, from: start) else { return nil }
            if let name = fieldName(headers) {
                parts.append((name, String(decoding: body[start..<end], as: UTF8.self)))
            }
            position = end + separator.count
        }
    }

    /// The `name` of a part's `Content-Disposition: form-data; name="…"`.
    static func fieldName(_ headers: String) -> String? {
        for line in headers.split(separator: "\r\n") where line.lowercased().hasPrefix("content-disposition:") {
            guard let match = line.firstMatch(of: /[;\s]name="([^"]*)"/) else { return nil }
            return String(match.1)
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard needle.count <= haystack.count - start else { return nil }
        var index = start
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }
}
