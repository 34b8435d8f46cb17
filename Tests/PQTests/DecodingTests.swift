import Foundation
import PQ
import Testing
import TestSupport

@Suite struct DecodingTests {
    @Test func wrongTypeThrowsNamingTheColumn() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let row = try await c.query("SELECT 41::int4 AS age, 'x'::text AS name")[0]
            let error = await #expect(throws: PQError.self) { _ = try row.decode(String.self, column: "age") }
            #expect(error?.kind == .decoding)
            #expect(error?.column == "age")
            #expect(error.map { "\($0)" }?.contains("age") == true)
            #expect(throws: PQError.self) { _ = try row.decode(Int.self, column: "name") }
            #expect(throws: PQError.self) { _ = try row.decode(Bool.self, at: 0) }
            #expect(throws: PQError.self) { _ = try row.decode(Int.self, column: "missing") }
        }
    }

    @Test func tuplesDecodeWholeRows() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let row = try await c.query("SELECT 7::int8, NULL::text, 'Hải Phòng'::text, DATE '2016-05-18'")[0]
            let (id, nickname, city, issued) = try row.decode((Int, String?, String, CalendarDate).self)
            #expect(id == 7)
            #expect(nickname == nil)
            #expect(city == "Hải Phòng")
            #expect(issued == CalendarDate(year: 2016, month: 5, day: 18))
            // A tuple of the wrong width is refused, not truncated.
            #expect(throws: PQError.self) { _ = try row.decode((Int, String?).self) }
        }
    }

    @Test func integerOverflowIsAnErrorNotATruncation() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let row = try await c.query("SELECT 3000000000::int8 AS big")[0]
            #expect(throws: PQError.self) { _ = try row.decode(Int32.self, at: 0) }
            #expect(try row.decode(Int64.self, at: 0) == 3_000_000_000)
        }
    }
}
