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
            #expect(rows == 1)
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
}
