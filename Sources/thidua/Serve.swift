import ArgumentParser
import Foundation
import Logging
import PQ
import ThiDua
import ThiDuaAPI

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the REST API (on the embedded PostgreSQL when no DATABASE_URL is given)."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Address to listen on (default: $THIDUA_HOST or 127.0.0.1).")
    var host: String?

    @Option(help: "Port to listen on (default: $THIDUA_PORT or 8080).")
    var port: Int?

    func run() async throws {
        var configuration = try ServiceConfiguration.fromEnvironment(ProcessInfo.processInfo.environment)
        if let host { configuration.host = host }
        if let port { configuration.port = port }
        if let url = database.databaseURL { configuration.databaseURL = url }
        let logger = makeLogger(level: configuration.logLevel)

        var embedded: EmbeddedDatabase? = nil
        let url: String
        if let external = configuration.databaseURL {
            url = external
        } else {
            let cluster = try database.embedded(logger: logger)
            embedded = cluster
            do {
                url = try await cluster.start()
            } catch {
                cluster.stop()
                throw error
            }
        }
        defer { embedded?.stop() }

        let outcome = try await migrate(url: url, logger: logger)
        logger.info("database ready", metadata: ["schema": "\(outcome)"])

        _ = MetricsRegistry.shared
        let pool = PQPool(configuration: PQConfiguration(url: url, applicationName: "thidua"), options: configuration.pool, logger: logger)
        if embedded != nil, case .created = outcome {
            // The embedded default's first run: a new user sees the demo district at once.
            try await DemoDistrict.load(into: pool, today: PartyCalendar.today())
            logger.info("loaded the demo district (Hồng Bàng, Hải Phòng)")
        }
        let app = buildApplication(configuration: configuration, pool: pool, logger: logger)
        logger.info("serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)"])
        try await app.runService()
    }
}
