import Foundation
import Hummingbird

/// A posted `application/x-www-form-urlencoded` form, its fields in the order sent (a row of
/// repeated names stays a row).
struct FormData: Sendable {
    private(set) var pairs: [(name: String, value: String)] = []

    /// Forms are small: a 40-member meeting with every comment filled stays far below this.
    static let byteLimit = 512 * 1024

    init(pairs: [(name: String, value: String)]) {
        self.pairs = pairs
    }

    init(encoded: String) {
        for part in encoded.split(separator: "&", omittingEmptySubsequences: true) {
            let halves = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = Self.decode(halves[0])
            let value = halves.count > 1 ? Self.decode(halves[1]) : ""
            pairs.append((name, value))
        }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        // A malformed escape is kept as sent rather than dropping the field.
        return spaced.removingPercentEncoding ?? spaced
    }

    static func read(_ request: Request) async throws -> FormData {
        let type = request.headers[.contentType]?.lowercased() ?? ""
        guard type.hasPrefix("application/x-www-form-urlencoded") else {
            throw HTTPError(.unsupportedMediaType)
        }
        let buffer = try await request.body.collect(upTo: byteLimit)
        return FormData(encoded: String(buffer: buffer))
    }

    /// The first value sent for `name`.
    subscript(name: String) -> String? {
        pairs.first { $0.name == name }?.value
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
        pairs.contains { $0.name == name }
    }
}

extension FormData {
    /// Replaces the value of `name` (or adds it).
    mutating func set(_ name: String, _ value: String) {
        pairs.removeAll { $0.name == name }
        pairs.append((name, value))
    }
}
