import Foundation
import PQ
import Testing
import TestSupport

@Suite struct PipelineTests {
    static func count(_ table: String, above: Int) -> PQStatement<Int> {
        PQStatement("SELECT count(*) FROM \(unsafeSQL: table) WHERE n > \(above)") { try $0[0].decode(Int.self, at: 0) }
    }

    static let names = PQStatement<[String]>("SELECT name FROM t ORDER BY n") { try $0.column(String.self) }

    @Test func independentStatementsComeBackInOrderInOneRoundTrip() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE t (n int, name text)")
            try await c.query("INSERT INTO t SELECT n, 'tên ' || n FROM generate_series(1, 10) n")
            let before = c.roundTrips
            let (big, small, names, empty) = try await c.pipeline(
                Self.count("t", above: 2), Self.count("t", above: 8), Self.names,
                PQStatement("SELECT n FROM t WHERE name = \("không có")") { try $0.column(Int.self) })
            #expect(c.roundTrips - before == 1)
            #expect(big == 8 && small == 2)
            #expect(names.first == "tên 1" && names.count == 10)
            #expect(empty.isEmpty)
        }
    }

    @Test func repeatedPipelinesArePreparedAndStillAnswerRight() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE t (n int, name text)")
            try await c.query("INSERT INTO t SELECT n, 'x' FROM generate_series(1, 10) n")
            for above in 0..<4 {
                let (first, second) = try await c.pipeline(Self.count("t", above: above), Self.count("t", above: above + 5))
                #expect(first == 10 - above && second == max(0, 5 - above))
            }
            // Second sight prepares; the SQL of both statements is one text with parameters.
            #expect(await c.preparedCount == 1)
            let before = c.roundTrips
            _ = try await c.pipeline(Self.count("t", above: 1), Self.count("t", above: 2))
            #expect(c.roundTrips - before == 1, "the prepared statements still go in one round trip")
        }
    }

    @Test func aStatementEvictedFromAFullCacheIsDeallocatedInsideThePipeline() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            for n in 0..<PQConnection.preparedCapacity {
                for _ in 0..<2 { try await c.query("SELECT \(unsafeSQL: String(n))::int8 + \(1)") }
            }
            #expect(await c.preparedCount == PQConnection.preparedCapacity)
            let before = c.roundTrips
            let statement = PQStatement("SELECT 'mới'::text || \(1)") { try $0[0].decode(String.self, at: 0) }
            let (first, second) = try await c.pipeline(statement, statement)
            #expect(first == "mới1" && second == "mới1")
            #expect(c.roundTrips - before == 1, "the DEALLOCATE went with the rest")
            #expect(await c.preparedCount == PQConnection.preparedCapacity)
            let onServer = try await c.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(Int.self, at: 0)
            #expect(onServer == PQConnection.preparedCapacity, "the evicted statement is gone from the server too")
        }
    }

    @Test func theFirstFailureIsThrownWithItsStatementAndTheConnectionStaysUsable() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE t (n int, name text)")
            let error = await #expect(throws: PQError.self) {
                _ = try await c.pipeline(Self.count("t", above: 0), Self.count("missing", above: 0), Self.names)
            }
            #expect(error?.sqlState == "42P01")
            #expect(error?.statement?.contains("missing") == true)
            #expect(await c.inTransaction == false)
            let (count, names) = try await c.pipeline(Self.count("t", above: 0), Self.names)
            #expect(count == 0 && names.isEmpty)
        }
    }

    @Test func insideATransactionAFailureRollsBackTheWholeTransaction() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE t (n int PRIMARY KEY, name text)")
            await #expect(throws: PQError.self) {
                try await c.withTransaction {
                    try await c.query("INSERT INTO t VALUES (1, 'một')")
                    _ = try await c.pipeline(
                        PQStatement("INSERT INTO t VALUES (2, 'hai')") { _ in () },
                        PQStatement("INSERT INTO t VALUES (1, 'lại một')") { _ in () })
                }
            }
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
        }
    }

    @Test func aNULInAParameterIsRefusedBeforeAnythingIsSent() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let before = c.roundTrips
            let error = await #expect(throws: PQError.self) {
                _ = try await c.pipeline(
                    PQStatement("SELECT \("a\u{0}b")::text") { _ in () },
                    PQStatement("SELECT 1") { _ in () })
            }
            #expect(error?.kind == .usage)
            #expect(c.roundTrips == before)
        }
    }
}
