import Foundation
import PQ
import Testing
import TestSupport

/// Issue 11: a failed statement says which one it was (for the log), never in `description`;
/// a NUL never reaches libpq, which would cut the text there; a broken connection is closed.
@Suite struct ErrorContextTests {
    @Test func aServerErrorCarriesItsStatementAndCallSite() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let secret = "giá-trị-bí-mật"
            let line = #line + 1 // the #expect line: the macro reports its own
            let error = await #expect(throws: PQError.self) {
                try await c.query("SELECT 1 / 0 WHERE \(secret) <> ''")
            }
            #expect(error?.sqlState == "22012")
            #expect(error?.statement == "SELECT 1 / 0 WHERE $1 <> ''")
            #expect(error?.callSite == "PQTests/ErrorContextTests.swift:\(line)")
            let logged = String(reflecting: try #require(error))
            #expect(logged.contains("SELECT 1 / 0") && logged.contains("ErrorContextTests.swift"))
            #expect(!logged.contains(secret))
            #expect(!"\(try #require(error))".contains("SELECT"))
        }
    }

    @Test func aNULInATextParameterIsRefusedNotCut() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE t (name text)")
            let error = await #expect(throws: PQError.self) {
                try await c.query("INSERT INTO t (name) VALUES (\("Nguyễn\u{0}Văn"))")
            }
            #expect(error?.kind == .usage)
            #expect(try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0) == 0)
            // bytea goes as hex text: its NUL bytes are fine.
            try await c.query("CREATE TABLE b (data bytea)")
            try await c.query("INSERT INTO b (data) VALUES (\(Data([0, 1, 0])))")
            #expect(try await c.query("SELECT data FROM b")[0].decode(Data.self, at: 0) == Data([0, 1, 0]))
        }
    }

    @Test func aConnectionTheServerEndedIsClosedSoAPoolDropsIt() async throws {
        try await TestDatabase.withDatabase(migrated: false) { configuration in
            let victim = try await PQConnection.connect(configuration, logger: TestDatabase.logger)
            let pid = try await victim.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
            try await victim.query("BEGIN")
            try await PQConnection.withConnection(configuration, logger: TestDatabase.logger) { admin in
                _ = try await admin.query("SELECT pg_terminate_backend(\(pid))")
            }
            try await Task.sleep(for: .milliseconds(200))
            // Inside a transaction the loss is an error; the connection is then closed.
            await #expect(throws: PQError.self) { try await victim.query("SELECT 1") }
            #expect(victim.isClosed)
        }
    }
}
