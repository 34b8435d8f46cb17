import Foundation
import PQ
import Testing
import TestSupport

@Suite struct QueryTests {
    @Test func interpolationBindsParametersAndNeverSplicesValues() {
        let name = "x'); DROP TABLE member; --"
        let query: PQQuery = "SELECT id FROM member WHERE name = \(name) AND year = \(2022)"
        #expect(query.sql == "SELECT id FROM member WHERE name = $1 AND year = $2")
        #expect(query.parameters.count == 2)
        #expect(query.parameters[0].type == .text)
        #expect(query.parameters[1].type == .int8)
        #expect(!"\(query)".contains("DROP"))
    }

    @Test func optionalsBindNullWithTheirType() {
        let missing: CalendarDate? = nil
        let present: CalendarDate? = CalendarDate("2016-05-18")
        let query: PQQuery = "SELECT \(missing), \(present)"
        #expect(query.sql == "SELECT $1, $2")
        #expect(query.parameters.map(\.type) == [.date, .date])
        #expect(query.parameters[0].isNull)
        #expect(!query.parameters[1].isNull)
    }

    @Test func embeddedQueriesAreRenumbered() {
        let filter: PQQuery = "status = \("OFFICIAL") AND note <> '$1'"
        let query: PQQuery = "SELECT 1 WHERE year = \(2016) AND \(filter)"
        #expect(query.sql == "SELECT 1 WHERE year = $1 AND status = $2 AND note <> '$1'")
        #expect(query.parameters.count == 2)
    }

    @Test func injectionAttemptIsStoredAsPlainText() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE x (name text)")
            let attack = "'); DROP TABLE x; --"
            try await c.query("INSERT INTO x (name) VALUES (\(attack))")
            let stored = try await c.query("SELECT name FROM x").column(String.self)
            #expect(stored == [attack])
        }
    }

    @Test func uniqueViolationCarriesSQLStateAndNoData() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE card (number text CONSTRAINT card_number_key UNIQUE)")
            try await c.query("INSERT INTO card VALUES (\("HB-000123"))")
            let error = await #expect(throws: PQError.self) {
                try await c.query("INSERT INTO card VALUES (\("HB-000123"))")
            }
            #expect(error?.sqlState == PQError.uniqueViolation)
            #expect(error?.server?.constraint == "card_number_key")
            #expect(error?.server?.detail?.contains("HB-000123") == true)
            let printed = error.map { "\($0)" } ?? ""
            #expect(!printed.contains("HB-000123"))
            #expect(!printed.contains("INSERT"))
            #expect(printed.contains("23505"))
        }
    }

    @Test func syntaxErrorDoesNotPrintTheStatement() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let error = await #expect(throws: PQError.self) { try await c.query("SELEKT \("secret")") }
            #expect(error?.sqlState == "42601")
            #expect(!(error.map { "\($0)" } ?? "").contains("SELEKT"))
        }
    }

    @Test func transactionRollsBackOnThrow() async throws {
        struct Refused: Error {}
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE t (n int8)")
            await #expect(throws: Refused.self) {
                try await c.withTransaction {
                    try await c.query("INSERT INTO t VALUES (\(1))")
                    throw Refused()
                }
            }
            let value2 = try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0)
            #expect(value2 == 0)
            #expect(await c.inTransaction == false)
            try await c.withTransaction { try await c.query("INSERT INTO t VALUES (\(2))") }
            let value3 = try await c.query("SELECT n FROM t").column(Int.self)
            #expect(value3 == [2])
        }
    }

    @Test func serverErrorInsideTransactionRollsBackEverything() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE t (n int8 CHECK (n > 0))")
            let error = await #expect(throws: PQError.self) {
                try await c.withTransaction {
                    try await c.query("INSERT INTO t VALUES (\(1))")
                    try await c.query("INSERT INTO t VALUES (\(-1))")
                }
            }
            #expect(error?.sqlState == PQError.checkViolation)
            let value4 = try await c.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0)
            #expect(value4 == 0)
        }
    }

    @Test func preparedStatementsAreReusedWithNewParameters() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            for n in 1...5 {
                let doubled = try await c.query("SELECT \(n) * 2", prepare: true)[0].decode(Int.self, at: 0)
                #expect(doubled == n * 2)
            }
            let statements = try await c.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(Int.self, at: 0)
            #expect(statements == 1)
        }
    }

    @Test func copyInStoresAHundredThousandRows() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE member_import (n int8, name text, admitted date, note text)")
            let admitted = CalendarDate("1975-02-03")!
            let rows = (1...100_000).lazy.map { n -> [any PQEncodable] in
                let note: String? = n % 10 == 0 ? nil : "ghi chú\t\(n)\\"
                return [n, "Đảng viên số \(n)", admitted, note]
            }
            let stored = try await c.copyIn(unsafeSQL: "COPY member_import (n, name, admitted, note) FROM STDIN", rows: rows)
            #expect(stored == 100_000)
            let (count, sum, nulls) = try await c.query(
                "SELECT count(*), sum(n)::int8, count(*) FILTER (WHERE note IS NULL) FROM member_import"
            )[0].decode((Int, Int, Int).self)
            #expect(count == 100_000)
            #expect(sum == 100_000 * 100_001 / 2)
            #expect(nulls == 10_000)
            let sample = try await c.query("SELECT name, note FROM member_import WHERE n = 77")[0].decode((String, String?).self)
            #expect(sample.0 == "Đảng viên số 77")
            #expect(sample.1 == "ghi chú\t77\\")
        }
    }

    @Test func copyInFailureLeavesTheConnectionUsable() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE strict_rows (n int8 NOT NULL)")
            let rows: [[any PQEncodable]] = [[1], [Optional<Int>.none]]
            let error = await #expect(throws: PQError.self) {
                try await c.copyIn(unsafeSQL: "COPY strict_rows (n) FROM STDIN", rows: rows)
            }
            #expect(error?.sqlState == PQError.notNullViolation)
            let value5 = try await c.query("SELECT count(*) FROM strict_rows")[0].decode(Int.self, at: 0)
            #expect(value5 == 0)
        }
    }

    @Test func connectionFailureIsAConnectionError() async throws {
        let configuration = PQConfiguration(host: "127.0.0.1", port: 1, user: "nobody", database: "none", connectTimeout: 2)
        let error = await #expect(throws: PQError.self) {
            _ = try await PQConnection.connect(configuration, logger: TestDatabase.logger)
        }
        #expect(error?.kind == .connection)
    }
}

@Suite struct ConnectionLossTests {
    /// Ends `connection`'s server session from another connection, as a restart or an
    /// administrator would.
    func terminate(_ connection: PQConnection, from admin: PQConnection) async throws {
        let pid = try await connection.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
        try await admin.query("SELECT pg_terminate_backend(\(pid), 5000)")
    }

    @Test func aSessionEndedWhileIdleIsReplacedBeforeTheNextStatement() async throws {
        try await TestDatabase.withDatabase(migrated: false) { configuration in
            let connection = try await PQConnection.connect(configuration, logger: TestDatabase.logger)
            let admin = try await PQConnection.connect(configuration, logger: TestDatabase.logger)
            try await terminate(connection, from: admin)
            let value = try await connection.query("SELECT 1 + 1")[0].decode(Int.self, at: 0)
            #expect(value == 2)
            await connection.close()
            await admin.close()
        }
    }

    @Test func aSessionLostInsideATransactionIsAnErrorAndNothingCommits() async throws {
        try await TestDatabase.withDatabase(migrated: false) { configuration in
            let connection = try await PQConnection.connect(configuration, logger: TestDatabase.logger)
            let admin = try await PQConnection.connect(configuration, logger: TestDatabase.logger)
            try await admin.query("CREATE TABLE t (n int8)")
            let error = await #expect(throws: PQError.self) {
                try await connection.withTransaction {
                    try await connection.query("INSERT INTO t VALUES (\(1))")
                    try await terminate(connection, from: admin)
                    try await connection.query("INSERT INTO t VALUES (\(2))")
                }
            }
            #expect(error?.kind == .connection)
            let count = try await admin.query("SELECT count(*) FROM t")[0].decode(Int.self, at: 0)
            #expect(count == 0)
            // Its rollback could not run either, so the connection was discarded (a pool
            // replaces it) rather than handed back in an unknown state.
            #expect(connection.isClosed)
            await admin.close()
        }
    }
}
