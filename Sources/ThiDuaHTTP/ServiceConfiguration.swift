import Foundation
import Logging
import PQ

/// What the service needs to run, read from the environment and the command line.
public struct ServiceConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// The database; nil means the embedded default cluster under `.thidua/`.
    public var databaseURL: String?
    public var pool: PQPool.Options
    /// Streaming hot standbys of the database that serve reads (`DATABASE_REPLICA_URLS`).
    public var replicaURLs: [String] = []
    /// How the standbys are used (`THIDUA_REPLICA_MAX_LAG_MS`).
    public var replicas = PQStandbySet.Options()
    public var logLevel: Logger.Level
    /// bcrypt's work factor (4–31); each step doubles the time of a login.
    public var bcryptCost: UInt8 = 12
    /// How long a login token lives (`THIDUA_TOKEN_TTL_SECONDS`).
    public var tokenLifetime: TimeInterval = 12 * 3600
    /// Request body limits (`THIDUA_MAX_BODY_BYTES`, `THIDUA_MAX_IMPORT_BYTES`).
    public var bodyLimits = BodyLimits()
    /// How long a connection may sit without sending a byte before it is closed
    /// (`THIDUA_IDLE_TIMEOUT_SECONDS`): a client that opens sockets and trickles nothing holds
    /// none of them for long.
    public var idleTimeout: Duration = .seconds(30)
    /// When the pages' cookies are `Secure` (`THIDUA_COOKIE_SECURE`: true, false or auto).
    public var cookies = CookiePolicy()

    public init(
        host: String = "127.0.0.1",
        port: Int = 8080,
        databaseURL: String? = nil,
        pool: PQPool.Options = .init(minConnections: 2, maxConnections: 10),
        logLevel: Logger.Level = .info
    ) {
        self.host = host
        self.port = port
        self.databaseURL = databaseURL
        self.pool = pool
        self.logLevel = logLevel
    }

    /// `THIDUA_HOST`, `THIDUA_PORT`, `DATABASE_URL`, `THIDUA_DB_POOL_MIN`, `THIDUA_DB_POOL_MAX`,
    /// `THIDUA_DB_WAIT_MS`, `THIDUA_BCRYPT_COST`, `THIDUA_TOKEN_TTL_SECONDS`, `THIDUA_MAX_BODY_BYTES`,
    /// `THIDUA_MAX_IMPORT_BYTES`, `THIDUA_IDLE_TIMEOUT_SECONDS`, `THIDUA_COOKIE_SECURE`, `DATABASE_REPLICA_URLS`,
    /// `THIDUA_REPLICA_MAX_LAG_MS`, `LOG_LEVEL`; anything unset keeps its default.
    public static func fromEnvironment(_ environment: [String: String]) throws -> ServiceConfiguration {
        var configuration = ServiceConfiguration()
        if let host = environment["THIDUA_HOST"], !host.isEmpty { configuration.host = host }
        if let port = environment["THIDUA_PORT"], !port.isEmpty {
            guard let value = Int(port), (1...65535).contains(value) else { throw ConfigurationError("THIDUA_PORT must be a port number") }
            configuration.port = value
        }
        if let url = environment["DATABASE_URL"], !url.isEmpty { configuration.databaseURL = url }
        if let urls = environment["DATABASE_REPLICA_URLS"] {
            configuration.replicaURLs = urls.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for url in configuration.replicaURLs where !(url.hasPrefix("postgresql://") || url.hasPrefix("postgres://")) {
                throw ConfigurationError("DATABASE_REPLICA_URLS must be postgresql:// URLs separated by commas")
            }
        }
        if let lag = try integer(environment, "THIDUA_REPLICA_MAX_LAG_MS") {
            guard lag > 0 else { throw ConfigurationError("THIDUA_REPLICA_MAX_LAG_MS must be positive") }
            configuration.replicas.maxLag = .milliseconds(lag)
        }
        let minimum = try integer(environment, "THIDUA_DB_POOL_MIN") ?? configuration.pool.minConnections
        let maximum = try integer(environment, "THIDUA_DB_POOL_MAX") ?? configuration.pool.maxConnections
        guard minimum >= 0, maximum >= max(1, minimum) else {
            throw ConfigurationError("THIDUA_DB_POOL_MAX must be at least 1 and at least THIDUA_DB_POOL_MIN")
        }
        configuration.pool.minConnections = minimum
        configuration.pool.maxConnections = maximum
        if let wait = try integer(environment, "THIDUA_DB_WAIT_MS") { configuration.pool.waitLimit = .milliseconds(wait) }
        if let cost = try integer(environment, "THIDUA_BCRYPT_COST") {
            guard (4...31).contains(cost) else { throw ConfigurationError("THIDUA_BCRYPT_COST must be from 4 to 31") }
            configuration.bcryptCost = UInt8(cost)
        }
        if let seconds = try integer(environment, "THIDUA_TOKEN_TTL_SECONDS") {
            guard seconds > 0 else { throw ConfigurationError("THIDUA_TOKEN_TTL_SECONDS must be positive") }
            configuration.tokenLifetime = TimeInterval(seconds)
        }
        if let bytes = try integer(environment, "THIDUA_MAX_BODY_BYTES") {
            guard bytes >= 1024 else { throw ConfigurationError("THIDUA_MAX_BODY_BYTES must be at least 1024") }
            configuration.bodyLimits.json = bytes
        }
        if let bytes = try integer(environment, "THIDUA_MAX_IMPORT_BYTES") {
            guard bytes >= 1024 else { throw ConfigurationError("THIDUA_MAX_IMPORT_BYTES must be at least 1024") }
            configuration.bodyLimits.import = bytes
        }
        if let seconds = try integer(environment, "THIDUA_IDLE_TIMEOUT_SECONDS") {
            guard seconds > 0 else { throw ConfigurationError("THIDUA_IDLE_TIMEOUT_SECONDS must be positive") }
            configuration.idleTimeout = .seconds(seconds)
        }
        if let secure = environment["THIDUA_COOKIE_SECURE"], !secure.isEmpty {
            guard let value = CookiePolicy.Secure(rawValue: secure.lowercased()) else {
                throw ConfigurationError("THIDUA_COOKIE_SECURE must be true, false or auto")
            }
            configuration.cookies.secure = value
        }
        if let level = environment["LOG_LEVEL"], !level.isEmpty {
            guard let value = Logger.Level(rawValue: level.lowercased()) else {
                throw ConfigurationError("LOG_LEVEL must be one of trace, debug, info, notice, warning, error, critical")
            }
            configuration.logLevel = value
        }
        return configuration
    }

    /// The pool of the primary, with the standbys when any are configured.
    public func makePool(url: String, logger: Logger) -> PQPool {
        let standbys = replicaURLs.isEmpty ? nil : PQStandbySet(
            replicaURLs.map { PQConfiguration(url: $0, applicationName: "thidua", connectTimeout: 2) }, options: replicas, logger: logger)
        return PQPool(configuration: PQConfiguration(url: url, applicationName: "thidua"), options: pool, standbys: standbys, logger: logger)
    }

    private static func integer(_ environment: [String: String], _ key: String) throws -> Int? {
        guard let text = environment[key], !text.isEmpty else { return nil }
        guard let value = Int(text) else { throw ConfigurationError("\(key) must be a whole number") }
        return value
    }
}

public struct ConfigurationError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
