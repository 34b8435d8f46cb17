import ArgumentParser
import Foundation
import Logging
import PQ
import ThiDua
import ThiDuaAPI

/// Options shared by the commands that open the database.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "PostgreSQL URL; defaults to $DATABASE_URL, else the embedded cluster under .thidua/.")
    var databaseURL: String?

    @Option(help: "Folder of the embedded cluster (default: $THIDUA_HOME or ./.thidua).")
    var home: String?

    @Option(help: "Port of the embedded PostgreSQL (default: $THIDUA_EMBEDDED_PG_PORT or 54329).")
    var embeddedPort: Int?

    func embedded(logger: Logger) throws -> EmbeddedDatabase {
        let environment = ProcessInfo.processInfo.environment
        let home = URL(fileURLWithPath: home ?? environment["THIDUA_HOME"] ?? ".thidua")
        let asked = embeddedPort ?? environment["THIDUA_EMBEDDED_PG_PORT"].flatMap(Int.init)
        return try EmbeddedDatabase(home: home, port: asked ?? 54329, portIsExplicit: asked != nil, logger: logger)
    }
}

/// Sets up logging once: plain text lines on standard error with their metadata (the request
/// id among them), at the configured level.
func makeLogger(level: Logger.Level) -> Logger {
    LoggingSystem.bootstrap { label in
        var handler = StreamLogHandler.standardError(label: label)
        handler.logLevel = level
        return handler
    }
    var logger = Logger(label: "thidua")
    logger.logLevel = level
    return logger
}

/// Applies the schema through one short-lived connection.
func migrate(url: String, logger: Logger) async throws -> Migrator.Outcome {
    try await PQConnection.withConnection(PQConfiguration(url: url), logger: logger) {
        try await Migrator(logger: logger).migrate($0)
    }
}

/// Runs `body` with the database's URL: `--database-url`, `$DATABASE_URL`, or the embedded
/// cluster, started for the command and stopped after it.
func withDatabase(_ options: DatabaseOptions, logger: Logger, _ body: (String) async throws -> Void) async throws {
    let environment = ProcessInfo.processInfo.environment
    if let url = options.databaseURL ?? environment["DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
        try await body(url)
        return
    }
    let embedded = try options.embedded(logger: logger)
    let url = try await embedded.start()
    defer { embedded.stop() }
    try await body(url)
}
