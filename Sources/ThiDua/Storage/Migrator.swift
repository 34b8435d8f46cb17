import Logging
import PQ

/// Brings a database to the schema this build expects.
///
/// An empty database gets `schema.sql` whole; a database of an earlier version gets the
/// upgrade steps after its version, each in the same transaction as the version row it adds.
/// A transaction-level advisory lock keeps two starting servers from migrating at once.
public struct Migrator: Sendable {
    /// The version `schema.sql` creates.
    public static let currentVersion = 9

    /// Upgrade steps by the version they produce: step N turns a version N-1 database into
    /// version N. Each is the section of `schema.sql` between `-- BEGIN schema version N` and
    /// `-- END schema version N`, so a new database and an upgraded one run the same text.
    static var upgrades: [Int: String] {
        var steps: [Int: String] = [:]
        for version in 2...currentVersion {
            if let section = section(version) { steps[version] = section }
        }
        return steps
    }

    static func section(_ version: Int) -> String? {
        let text = schemaSQL
        guard let begin = text.range(of: "-- BEGIN schema version \(version)"),
              let end = text.range(of: "-- END schema version \(version)", range: begin.upperBound..<text.endIndex)
        else { return nil }
        return String(text[begin.lowerBound..<end.upperBound])
    }

    /// The full schema text, embedded from the top-level `schema.sql` at build time.
    public static var schemaSQL: String {
        String(decoding: PackageResources.schema_sql, as: UTF8.self)
    }

    private static let lockKey: Int64 = 0x7468_6964_7561 // "thidua"

    let logger: Logger

    public init(logger: Logger) {
        self.logger = logger
    }

    public enum Outcome: Equatable, Sendable {
        case created(version: Int)
        case upgraded(from: Int, to: Int)
        case current(version: Int)
    }

    /// Creates or upgrades the schema; a current database is left untouched.
    @discardableResult
    public func migrate(_ connection: PQConnection) async throws -> Outcome {
        try await connection.withTransaction {
            try await connection.query("SELECT pg_advisory_xact_lock(\(Self.lockKey))")
            guard let version = try await installedVersion(connection) else {
                try await connection.execute(unsafeSQL: Self.schemaSQL)
                logger.info("schema created", metadata: ["version": "\(Self.currentVersion)"])
                return .created(version: Self.currentVersion)
            }
            if version == Self.currentVersion { return .current(version: version) }
            guard version < Self.currentVersion else {
                throw MigrationError.newerThanBuild(database: version, build: Self.currentVersion)
            }
            for step in (version + 1)...Self.currentVersion {
                guard let sql = Self.upgrades[step] else { throw MigrationError.missingStep(step) }
                try await connection.execute(unsafeSQL: sql)
                logger.info("schema upgraded", metadata: ["version": "\(step)"])
            }
            return .upgraded(from: version, to: Self.currentVersion)
        }
    }

    /// The newest version recorded, or nil when the database has no schema of ours.
    public func installedVersion(_ connection: PQConnection) async throws -> Int? {
        let exists = try await connection.query("SELECT to_regclass('schema_version') IS NOT NULL")
        guard try exists[0].decode(Bool.self, at: 0) else { return nil }
        return try await connection.query("SELECT max(version)::int8 FROM schema_version")[0].decode(Int?.self, at: 0)
    }
}

public enum MigrationError: Error, CustomStringConvertible {
    case newerThanBuild(database: Int, build: Int)
    case missingStep(Int)

    public var description: String {
        switch self {
        case .newerThanBuild(let database, let build):
            "the database has schema version \(database), newer than this build's \(build)"
        case .missingStep(let step):
            "no upgrade step to schema version \(step)"
        }
    }
}
