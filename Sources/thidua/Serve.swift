import ArgumentParser
import Foundation
import Logging
import PQ
import ThiDua
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the web application and the REST API (on the embedded PostgreSQL when no DATABASE_URL is given)."
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
        let pool = configuration.makePool(url: url, logger: logger)
        var demoLoaded = false
        if embedded != nil, case .created = outcome {
            // The embedded default's first run: a new user sees the demo district at once.
            try await DemoDistrict.load(into: pool, today: PartyCalendar.today())
            logger.info("loaded the demo district (Hồng Bàng, Hải Phòng)")
            demoLoaded = true
        }
        let accounts = accountStore(configuration: configuration, pool: pool)
        try await createFirstAdministrator(accounts: accounts, embedded: embedded != nil,
                                           address: "http://\(configuration.host):\(configuration.port)", logger: logger)
        if demoLoaded {
            let password = randomPassword()
            let created = try await DemoAccounts.create(accounts: accounts, pool: pool, password: password)
            if !created.isEmpty {
                print("ThiDua: demo accounts to try each role, all with the password \(password)")
                for account in created {
                    print("    \(account.username.padding(toLength: 9, withPad: " ", startingAt: 0)) \(VietnameseLabels.role(account.role)): \(account.about)")
                }
                print("")
                fflush(nil)
            }
        }
        let app = buildApplication(configuration: configuration, pool: pool, logger: logger)
        logger.info("serving", metadata: ["address": "http://\(configuration.host):\(configuration.port)"])
        try await app.runService()
    }
}

/// When no account exists: the administrator from `THIDUA_ADMIN_USER`/`THIDUA_ADMIN_PASSWORD`,
/// or on the embedded default `admin` with a random password, printed once on standard output
/// (never logged).
func createFirstAdministrator(accounts: AccountStore, embedded: Bool, address: String, logger: Logger) async throws {
    guard try await accounts.count() == 0 else { return }
    let environment = ProcessInfo.processInfo.environment
    if let user = environment["THIDUA_ADMIN_USER"], !user.isEmpty, let password = environment["THIDUA_ADMIN_PASSWORD"], !password.isEmpty {
        if let problem = PasswordRules.problem(password) { throw ConfigurationError("THIDUA_ADMIN_PASSWORD \(problem)") }
        if try await accounts.createFirstAdministrator(username: user.lowercased(), password: password) != nil {
            logger.info("created the first administrator", metadata: ["username": "\(user.lowercased())"])
        }
        return
    }
    guard embedded else {
        logger.warning("no account exists: set THIDUA_ADMIN_USER and THIDUA_ADMIN_PASSWORD and restart to create the first administrator")
        return
    }
    let password = randomPassword()
    if try await accounts.createFirstAdministrator(username: "admin", password: password) != nil {
        print("""

            ThiDua: created the first administrator. Open \(address) and sign in as admin
            (or POST /api/v1/auth/login):
                username: admin
                password: \(password)
            This password is shown only now.

            """)
        fflush(nil) // all output streams: stdout may be a pipe, which buffers
    }
}

/// Sixteen letters and digits, without the ones that read alike (l, 1, O, 0).
func randomPassword() -> String {
    var generator = SystemRandomNumberGenerator()
    let alphabet = Array("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
    return String((0..<16).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] })
}
