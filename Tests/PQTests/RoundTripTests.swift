import Foundation
import PQ
import Testing
import TestSupport

/// Every supported type goes to the server as a parameter, is stored in a column of its
/// PostgreSQL type, and comes back equal.
@Suite struct RoundTripTests {
    /// Stores `value` in a `type` column and reads it back.
    func roundTrip<Value: PQCodable>(_ value: Value, as type: String, on connection: PQConnection) async throws -> Value {
        try await connection.query("CREATE TEMP TABLE IF NOT EXISTS rt_\(unsafeSQL: type.filter(\.isLetter)) (v \(unsafeSQL: type))")
        try await connection.query("TRUNCATE rt_\(unsafeSQL: type.filter(\.isLetter))")
        try await connection.query("INSERT INTO rt_\(unsafeSQL: type.filter(\.isLetter)) (v) VALUES (\(value))")
        let result = try await connection.query("SELECT v FROM rt_\(unsafeSQL: type.filter(\.isLetter))")
        #expect(result.count == 1)
        return try result[0].decode(Value.self, at: 0)
    }

    @Test func integers() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            for value in [Int64.min, -1, 0, 42, Int64.max] {
                let value6 = try await roundTrip(value, as: "int8", on: c)
                #expect(value6 == value)
            }
            for value in [Int32.min, 0, Int32.max] {
                let value7 = try await roundTrip(value, as: "int4", on: c)
                #expect(value7 == value)
            }
            for value in [Int16.min, 7, Int16.max] {
                let value8 = try await roundTrip(value, as: "int2", on: c)
                #expect(value8 == value)
            }
            let value9 = try await roundTrip(123_456_789, as: "bigint", on: c)
            #expect(value9 == 123_456_789)
        }
    }

    @Test func booleans() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let value10 = try await roundTrip(true, as: "bool", on: c)
            #expect(value10 == true)
            let value11 = try await roundTrip(false, as: "bool", on: c)
            #expect(value11 == false)
        }
    }

    @Test func vietnameseTextAndEmojiKeepEveryByte() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let samples = [
                "Gương mẫu, cầu thị, trách nhiệm, nói đi đôi với làm",
                "Nguyễn Thị Ánh Tuyết – Đảng ủy phường Hoàng Văn Thụ",
                "ĐẢNG CỘNG SẢN VIỆT NAM 🇻🇳 🎉 👩🏽‍💼",
                "tab\tnewline\nquote' \"double\" back\\slash",
                "",
            ]
            for text in samples {
                let back = try await roundTrip(text, as: "text", on: c)
                #expect(Array(back.utf8) == Array(text.utf8))
            }
            // The server agrees on the characters, not only on our bytes.
            let length = try await c.query("SELECT char_length(\("Đảng"))")[0].decode(Int.self, at: 0)
            #expect(length == 4)
        }
    }

    @Test func numeric() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            for text in ["0", "-12.5", "12345678901234567890.123456789", "0.000001"] {
                let value = try #require(Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")))
                let value12 = try await roundTrip(value, as: "numeric", on: c)
                #expect(value12 == value)
            }
            let server = try await c.query("SELECT (\(Decimal(string: "20.5")!) * 2)::text")[0].decode(String.self, at: 0)
            #expect(server == "41.0")
        }
    }

    @Test func doubles() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            for value in [0.1, -2.5e-300, 1.7976931348623157e308, Double.infinity] {
                let value13 = try await roundTrip(value, as: "float8", on: c)
                #expect(value13 == value)
            }
            let value14 = try await roundTrip(Double.nan, as: "float8", on: c)
            #expect(value14.isNaN)
        }
    }

    @Test func dates() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            for text in ["2016-05-18", "2024-02-29", "1930-02-03", "0001-01-01", "9999-12-31"] {
                let date = try #require(CalendarDate(text))
                let value15 = try await roundTrip(date, as: "date", on: c)
                #expect(value15 == date)
            }
            let server = try await c.query("SELECT (\(CalendarDate("2024-02-28")!) + 1)::text")[0].decode(String.self, at: 0)
            #expect(server == "2024-02-29")
        }
    }

    @Test func timestampsToTheMicrosecond() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            // 2022-06-20 08:30:00.123456 UTC
            let micros: Int64 = 1_655_713_800_123_456
            let instant = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let back = try await roundTrip(instant, as: "timestamptz", on: c)
            #expect(Int64((back.timeIntervalSince1970 * 1_000_000).rounded()) == micros)
            let text = try await c.query(
                "SELECT to_char(\(instant) AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')"
            )[0].decode(String.self, at: 0)
            #expect(text == "2022-06-20 08:30:00.123456")
            // Values the server makes in another zone still decode to the same instant.
            let fromZone = try await c.query(
                "SELECT '2022-06-20 15:30:00.123456+07'::timestamptz"
            )[0].decode(Date.self, at: 0)
            #expect(Int64((fromZone.timeIntervalSince1970 * 1_000_000).rounded()) == micros)
            // The session's zone decides the offset the server prints: hours, minutes and, for
            // local mean time before 1906, seconds (Hà Nội's +07:06:30). Each is read in place.
            for zone in ["Asia/Kolkata", "America/St_Johns", "Asia/Ho_Chi_Minh"] {
                try await c.query("SELECT set_config('TimeZone', \(zone), false)")
                let printed = try await c.query("SELECT \(instant)::text")[0].decode(String.self, at: 0)
                let decoded = try await c.query("SELECT \(instant)::timestamptz")[0].decode(Date.self, at: 0)
                #expect(Int64((decoded.timeIntervalSince1970 * 1_000_000).rounded()) == micros, "\(zone): \(printed)")
            }
            let early = try await c.query("SELECT '1900-01-01 00:00:00+00'::timestamptz, '1900-01-01 00:00:00+00'::timestamptz::text")[0]
            #expect(try early.decode(String.self, at: 1).hasSuffix("+07:06:30"))
            #expect(try early.decode(Date.self, at: 0) == Date(timeIntervalSince1970: -2_208_988_800))
            try await c.query("SELECT set_config('TimeZone', 'UTC', false)")
        }
    }

    @Test func uuids() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let id = UUID()
            let value16 = try await roundTrip(id, as: "uuid", on: c)
            #expect(value16 == id)
        }
    }

    @Test func byteaWithNULBytes() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let bytes = Data([0, 1, 0, 0xff, 0x5c, 0x27, 0])
            let value17 = try await roundTrip(bytes, as: "bytea", on: c)
            #expect(value17 == bytes)
            let length = try await c.query("SELECT length(\(bytes))")[0].decode(Int.self, at: 0)
            #expect(length == 7)
        }
    }

    struct Payload: Codable, Equatable, Sendable {
        var name: String
        var years: [Int]
        var note: String?
    }

    @Test func jsonb() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let payload = Payload(name: "Trần Văn Bình 🎖", years: [2016, 2022], note: nil)
            let back = try await roundTrip(try JSONB(payload), as: "jsonb", on: c)
            #expect(back.value == payload)
            let name = try await c.query("SELECT \(try JSONB(payload)) ->> 'name'")[0].decode(String.self, at: 0)
            #expect(name == payload.name)
        }
    }

    @Test func arrays() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let strings = ["GUONG_MAU", "a,b", "{braces}", "quote\"d", "back\\slash", "Nói đi đôi với làm", "", "NULL"]
            let value18 = try await roundTrip(strings, as: "text[]", on: c)
            #expect(value18 == strings)
            let value19 = try await roundTrip([1, -2, 3] as [Int], as: "int8[]", on: c)
            #expect(value19 == [1, -2, 3])
            let value20 = try await roundTrip([Int](), as: "int8[]", on: c)
            #expect(value20 == [])
            let withNull: [String?] = ["x", nil, "NULL"]
            let value21 = try await roundTrip(withNull, as: "text[]", on: c)
            #expect(value21 == withNull)
            let ids = [UUID(), UUID()]
            let value22 = try await roundTrip(ids, as: "uuid[]", on: c)
            #expect(value22 == ids)
            let dates = [CalendarDate("2016-05-18")!, CalendarDate("2022-09-02")!]
            let value23 = try await roundTrip(dates, as: "date[]", on: c)
            #expect(value23 == dates)
            let count = try await c.query("SELECT cardinality(\(strings))")[0].decode(Int.self, at: 0)
            #expect(count == strings.count)
        }
    }

    @Test func nulls() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let none: String? = nil
            let value24 = try await roundTrip(none, as: "text", on: c)
            #expect(value24 == nil)
            let value25 = try await roundTrip(Optional(5), as: "int8", on: c)
            #expect(value25 == 5)
            let isNull = try await c.query("SELECT \(none) IS NULL")[0].decode(Bool.self, at: 0)
            #expect(isNull)
            let error = await #expect(throws: PQError.self) {
                _ = try await c.query("SELECT NULL::text AS nickname")[0].decode(String.self, at: 0)
            }
            #expect(error?.kind == .decoding)
            #expect(error?.column == "nickname")
        }
    }
}
