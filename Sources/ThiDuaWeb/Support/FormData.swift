import Foundation
import Hummingbird

/// A posted `application/x-www-form-urlencoded` form, its fields in the order sent (a row of
/// repeated names stays a row).
struct FormData: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []
    /// The position of each name's first pair: a ward's decision form has a few thousand
    /// fields, and the page reads each of them once, so a linear search per read is quadratic.
    private var firstIndex: [String: Int] = [:]

    /// The largest form is a ward's decision: a city ward of 2,000 members sends about 200 KB,
    /// more with reasons; a 40-member meeting with every comment filled stays far below this.
    static let byteLimit = 2 * 1024 * 1024

    init(pairs: [(name: String, value: String)]) {
        for pair in pairs { append(pair.name, pair.value) }
    }

    private mutating func append(_ name: String, _ value: String) {
        if firstIndex[name] == nil { firstIndex[name] = pairs.count }
        pairs.append((name, value))
    }

    init(encoded: String) {
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(halves[0])
            let value = halves.count > 1 ? Self.decode(halves[1]) : ""
            append(name, value)
        }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        // A malformed escape is kept as sent rather than dropping the field.
        return spaced.removingPercentEncoding ?? spaced
    }

    /// A form as browsers send it: URL-encoded, or `multipart/form-data` when it carries a file
    /// (a CSV to import), whose content is then the value of the file's field.
    static func read(_ request: Request) async throws -> FormData {
        let type = request.headers[.contentType] ?? ""
        if type.lowercased().hasPrefix("multipart/form-data") {
            guard let boundary = MultipartBody.boundary(of: type) else { throw HTTPError(.badRequest) }
            let buffer = try await request.body.collect(upTo: byteLimit)
            guard let parts = MultipartBody.parts(Array(buffer.readableBytesView), boundary: boundary) else { throw HTTPError(.badRequest) }
            return FormData(pairs: parts)
        }
        guard type.lowercased().hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType)
        }
        let buffer = try await request.body.collect(upTo: byteLimit)
        return FormData(encoded: String(buffer: buffer))
    }

    /// The first value sent for `name`.
    subscript(name: String) -> String? {
        firstIndex[name].map { pairs[$0].value }
    }

    /// The first value of `name`, trimmed; nil when absent or blank.
    func text(_ name: String) -> String? {
        guard let value = self[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    func all(_ name: String) -> [String] {
        pairs.filter { $0.name == name }.map(\.value)
    }

    func has(_ name: String) -> Bool {
        firstIndex[name] != nil
    }
}

extension FormData {
    /// Replaces the value of `name` (or adds it).
    mutating func set(_ name: String, _ value: String) {
        let kept = pairs.filter { $0.name != name }
        self = FormData(pairs: kept + [(name, value)])
    }
}
