import Foundation
import PQ
import Testing
import TestSupport
import ThiDua

@Suite struct MigratorTests {
    @Test func createsTheSchemaOnceAndThenDoesNothing() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let migrator = Migrator(logger: TestDatabase.logger)
            let before = try await migrator.installedVersion(c)
            #expect(before == nil)
            let first = try await migrator.migrate(c)
            #expect(first == .created(version: Migrator.currentVersion))
            let second = try await migrator.migrate(c)
            #expect(second == .current(version: Migrator.currentVersion))
            let rows = try await c.query("SELECT count(*) FROM schema_version")[0].decode(Int.self, at: 0)
            #expect(rows == Migrator.currentVersion)
        }
    }

    @Test func schemaFileRecordsTheVersionTheBuildExpects() async throws {
        try await TestDatabase.withConnection { c in
            let version = try await Migrator(logger: TestDatabase.logger).installedVersion(c)
            #expect(version == Migrator.currentVersion)
            #expect(Migrator.schemaSQL.contains("CREATE TABLE schema_version"))
        }
    }

    @Test func refusesADatabaseNewerThanTheBuild() async throws {
        try await TestDatabase.withConnection { c in
            try await c.query("INSERT INTO schema_version (version, description) VALUES (\(Migrator.currentVersion + 1), 'future')")
            await #expect(throws: MigrationError.self) {
                try await Migrator(logger: TestDatabase.logger).migrate(c)
            }
        }
    }

    @Test func concurrentMigrationsCreateTheSchemaOnce() async throws {
        try await TestDatabase.withDatabase(migrated: false) { configuration in
            let outcomes = try await withThrowingTaskGroup(of: Migrator.Outcome.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        let connection = try await PQConnection.connect(configuration, logger: TestDatabase.logger)
                        let outcome = try await Migrator(logger: TestDatabase.logger).migrate(connection)
                        await connection.close()
                        return outcome
                    }
                }
                var all: [Migrator.Outcome] = []
                for try await outcome in group { all.append(outcome) }
                return all
            }
            #expect(outcomes.filter { $0 == .created(version: Migrator.currentVersion) }.count == 1)
            #expect(outcomes.filter { $0 == .current(version: Migrator.currentVersion) }.count == 2)
        }
    }

    /// A version 1 database (the schema before its first upgrade section) with data, upgraded,
    /// has the same tables, columns and functions as a new one, and its report tables are filled.
    @Test func upgradesAVersionOneDatabaseToTheSameSchema() async throws {
        let catalog: PQQuery = """
            SELECT string_agg(table_name || '.' || column_name || ':' || data_type, ',' ORDER BY table_name, column_name)
                   || '|' || (SELECT string_agg(proname, ',' ORDER BY proname) FROM pg_proc WHERE pronamespace = 'public'::regnamespace)
            FROM information_schema.columns WHERE table_schema = 'public'
            """
        let fresh = try await TestDatabase.withConnection { c in try await c.query(catalog)[0].decode(String.self, at: 0) }
        try await TestDatabase.withConnection(migrated: false) { c in
            let text = Migrator.schemaSQL
            let versionOne = String(text[..<text.range(of: "-- BEGIN schema version 2")!.lowerBound])
            try await c.execute(unsafeSQL: versionOne)
            try await c.execute(unsafeSQL: """
                INSERT INTO organization (id, code, kind, name, ancestors, valid_from)
                VALUES ('00000000-0000-0000-0000-000000000001', 'C', 'CELL', 'Chi bộ', '{00000000-0000-0000-0000-000000000001}', '2016-01-01');
                INSERT INTO member (id, full_name, gender, party_card_number, admitted_on, category, status, organization_id, cell_since)
                VALUES ('00000000-0000-0000-0000-0000000000a1', 'Lê Thị Hà', 'FEMALE', '1', '2010-01-01', 'OTHER', 'OFFICIAL',
                        '00000000-0000-0000-0000-000000000001', '2010-01-01');
                INSERT INTO member_assignment (member_id, organization_id, valid_from)
                VALUES ('00000000-0000-0000-0000-0000000000a1', '00000000-0000-0000-0000-000000000001', '2010-01-01');
                """)
            let outcome = try await Migrator(logger: TestDatabase.logger).migrate(c)
            #expect(outcome == .upgraded(from: 1, to: Migrator.currentVersion))
            let upgraded = try await c.query(catalog)[0].decode(String.self, at: 0)
            #expect(upgraded == fresh)
            let members = try await c.query("SELECT members FROM report_org_year WHERE year = 2020")[0].decode(Int.self, at: 0)
            #expect(members == 1)
        }
    }
}
