import Foundation
import PQ
import Testing
@testable import ThiDua
@testable import ThiDuaAPI

/// The API's JSON is written by `StreamingJSONEncoder` (issue 15); it must write what
/// Foundation's `JSONEncoder` (`.sortedKeys`, `.iso8601`, `.withoutEscapingSlashes`) wrote.
@Suite struct StreamingJSONEncoderTests {
    struct Nested: Codable, Sendable {
        var title: String
        var share: Double
        var count: Int?
        var when: Date
        var tags: [String]
        var table: [String: [Int]]
        var matrix: [[Double]]
        var nothing: String?
        var empty: [Int]
        var flag: Bool
    }

    /// A type writing through nested containers and a single value by hand, as custom
    /// `encode(to:)` code does, and asking for its container twice.
    struct Handwritten: Encodable, Sendable {
        enum Keys: String, CodingKey { case name, inner, list, after }
        enum InnerKeys: String, CodingKey { case a, b }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode("Nguyễn Thị \"Hai\"\n\t/\\", forKey: .name)
            var inner = container.nestedContainer(keyedBy: InnerKeys.self, forKey: .inner)
            try inner.encode(1, forKey: .a)
            var list = container.nestedUnkeyedContainer(forKey: .list)
            try list.encode(1.5)
            try list.encodeNil()
            var deeper = list.nestedContainer(keyedBy: InnerKeys.self)
            try deeper.encode(true, forKey: .b)
            try list.encode(CalendarDate(year: 2022, month: 12, day: 31)!)
            var again = encoder.container(keyedBy: Keys.self)
            try again.encode(UUID(uuidString: "E621E1F8-C36C-495A-93FC-0C247A3E6E5F")!, forKey: .after)
        }
    }

    struct Empty: Encodable, Sendable {}

    /// Byte for byte what the API wrote before: `JSONEncoder` with sorted keys.
    func same(_ value: some Encodable) throws {
        let foundation = JSONEncoder()
        foundation.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        foundation.dateEncodingStrategy = .iso8601
        let reference = String(decoding: try foundation.encode(value), as: UTF8.self)
        let written = String(decoding: try StreamingJSONEncoder().encode(value), as: UTF8.self)
        #expect(written == reference)
    }

    @Test func writesWhatFoundationWrites() throws {
        let nested = Nested(title: "Gương mẫu, cầu thị, trách nhiệm, nói đi đôi với làm", share: 87.5, count: nil,
                            when: Date(timeIntervalSince1970: 1_764_745_200.75), tags: ["a", "", "\u{1}\u{1F}"],
                            table: ["HTXSNV": [1, 2], "": []], matrix: [[0.1, 2], [-3.25e-7, 1e21]], nothing: nil, empty: [], flag: false)
        try same(nested)
        try same([nested, nested])
        try same(Handwritten())
        try same(Empty())
        try same(["x": Empty()])
        try same(Page([1, 2, 3], limit: 2, key: { _ in MemberCursor(givenName: "An", fullName: "Nguyễn Văn An", id: UUID()) }))
        try same(Optional<Int>.none)
        try same(42)
        try same("chỉ một chuỗi")
        try same([UUID(), UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!])
        try same([CalendarDate(year: 1, month: 2, day: 3)!, CalendarDate(year: 2026, month: 12, day: 31)!])
        try same(Interruption(fromOn: CalendarDate(year: 2020, month: 1, day: 1)!, toOn: CalendarDate(year: 2020, month: 6, day: 30)!, reason: nil))
    }

    @Test func writesDatesNumbersAndEscapesAsTheAPIHasThem() throws {
        func text(_ value: some Encodable) throws -> String { String(decoding: try StreamingJSONEncoder().encode(value), as: UTF8.self) }
        #expect(try text(Date(timeIntervalSince1970: 1_764_745_200.75)) == "\"2025-12-03T07:00:00Z\"")
        #expect(try text([2.0, 0.5, -0.0]) == "[2,0.5,-0]")
        #expect(try text("a/b \"c\" \\ \n\u{7}") == "\"a/b \\\"c\\\" \\\\ \\n\\u0007\"")
        #expect(try text(["k": [Int]()]) == "{\"k\":[]}")
        // A dictionary's keys in order whatever its own order, nested objects too.
        let keys = (0..<40).map { "k\($0)" }
        let dictionary = Dictionary(uniqueKeysWithValues: keys.map { ($0, ["z": 1, "a": 2]) })
        #expect(try text(dictionary) == "{" + keys.sorted().map { "\"\($0)\":{\"a\":2,\"z\":1}" }.joined(separator: ",") + "}")
        #expect(throws: EncodingError.self) { try text(Double.nan) }
    }
}
