import Foundation
import Logging
import PQ
import ThiDua

/// Throwaway databases on the test cluster that `scripts/test` starts.
///
/// Each test gets a database of its own, copied from a template (empty, or with the schema
/// applied once per run), so tests run in parallel without seeing each other's rows.
public enum TestDatabase {
    /// The cluster's maintenance database, from `THIDUA_TEST_DATABASE_URL`.
    public static var serverURL: String {
        guard let url = ProcessInfo.processInfo.environment["THIDUA_TEST_DATABASE_URL"], !url.isEmpty else {
            fatalError("THIDUA_TEST_DATABASE_URL is not set: run the tests with scripts/test, which starts a PostgreSQL for them")
        }
        return url
    }

    public static let logger: Logger = {
        var logger = Logger(label: "test")
        logger.logLevel = .error
        return logger
    }()

    /// A configuration for `database` on the test cluster.
    public static func configuration(database: String) -> PQConfiguration {
        var configuration = PQConfiguration(url: serverURL, applicationName: "thidua-tests")
        configuration.extra = [("dbname", database)]
        return configuration
    }

    /// Runs `body` with a new database (with the schema when `migrated`), dropped afterwards.
    public static func withDatabase<Result>(
        migrated: Bool = true,
        _ body: (PQConfiguration) async throws -> Result
    ) async throws -> Result {
        let template = migrated ? try await Templates.shared.migratedTemplate() : "template0"
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        try await admin { try await $0.execute(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE \(template)") }
        do {
            let result = try await body(configuration(database: String(name)))
            try await admin { try await $0.execute(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)") }
            return result
        } catch {
            try? await admin { try await $0.execute(unsafeSQL: "DROP DATABASE \(name) WITH (FORCE)") }
            throw error
        }
    }

    /// Runs `body` on a connection to a new database, closing and dropping both afterwards.
    public static func withConnection<Result>(
        migrated: Bool = true,
        _ body: (PQConnection) async throws -> Result
    ) async throws -> Result {
        try await withDatabase(migrated: migrated) { configuration in
            try await PQConnection.withConnection(configuration, logger: logger, body)
        }
    }

    static func admin<Result>(_ body: (PQConnection) async throws -> Result) async throws -> Result {
        try await PQConnection.withConnection(PQConfiguration(url: serverURL, applicationName: "thidua-tests"), logger: logger, body)
    }
}

/// Builds the migrated template once per test process.
actor Templates {
    static let shared = Templates()
    private var building: Task<String, any Error>?

    func migratedTemplate() async throws -> String {
        if let building { return try await building.value }
        let task = Task<String, any Error> {
            // Named after the schema text, so a changed schema never reuses a stale template.
            var hash: UInt64 = 1469598103934665603
            for byte in Migrator.schemaSQL.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
            let name = "thidua_template_\(String(hash, radix: 16))"
            let exists = try await TestDatabase.admin {
                try await $0.query("SELECT count(*) FROM pg_database WHERE datname = \(name)")[0].decode(Int.self, at: 0)
            }
            if exists == 0 {
                try await TestDatabase.admin { try await $0.execute(unsafeSQL: "CREATE DATABASE \(name) TEMPLATE template0") }
                try await PQConnection.withConnection(TestDatabase.configuration(database: name), logger: TestDatabase.logger) {
                    try await Migrator(logger: TestDatabase.logger).migrate($0)
                }
            }
            return name
        }
        building = task
        return try await task.value
    }
}
