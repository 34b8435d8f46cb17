import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/health/live` (the process answers) and `/health/ready` (the database answers with the
/// schema this build expects). Neither needs a token: load balancers and orchestrators call them.
struct HealthRoutes {
    let pool: PQPool

    struct Health: Codable, Sendable {
        var status = "ok"
        var database: String?
        var schemaVersion: Int?
        /// Each standby's state and lag, when any are configured: one that is out does not make
        /// the service unready (its reads go to the primary).
        var standbys: [Standby]?
    }

    struct Standby: Codable, Sendable {
        var name: String
        /// `starting`, `up`, `lagging`, `down` or `not_standby`.
        var state: String
        var lagMs: Int?
        var replayedPosition: String?
        var reason: String?

        init(_ standby: PQStandby) {
            let status = standby.current
            name = standby.name
            state = status.state.rawValue
            lagMs = status.lag.map { Int(($0 / .milliseconds(1)).rounded()) }
            replayedPosition = status.replayed?.description
            reason = status.reason
        }
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let routes = SecureRouter(router: router, prefix: "/health")
        routes.get("/live", .open) { _, _, _ in JSONResponse(value: Health()) }
        routes.get("/ready", .open) { _, _, _ in try await ready() }
    }

    private func ready() async throws -> JSONResponse<Health> {
        let version: Int?
        do {
            // The primary's schema: what a standby holds follows it.
            version = try await pool.onPrimary {
                try await pool.withConnection { try await Migrator(logger: .init(label: "health")).installedVersion($0) }
            }
        } catch let error as PQError {
            throw error.isConnectionLoss || error.kind != .server ? APIError.unavailable() : error
        }
        guard version == Migrator.currentVersion else {
            throw APIError.unavailable("The database schema is at version \(version.map(String.init) ?? "none"), this server needs \(Migrator.currentVersion); run `thidua migrate`.")
        }
        return JSONResponse(value: Health(database: "ok", schemaVersion: version, standbys: pool.standbys?.standbys.map(Standby.init)))
    }
}
