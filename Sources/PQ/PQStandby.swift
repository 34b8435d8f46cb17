import Foundation
import Logging
import Metrics
import Synchronization

/// One streaming hot standby of the primary: its own pool and what the monitor last found.
public final class PQStandby: Sendable {
    /// Where it stands, as `/health/ready` and `/metrics` show it.
    public enum State: String, Sendable {
        /// Not checked yet: not used until the first check.
        case starting
        /// Serving reads.
        case up
        /// Out: its replay lag passed the limit.
        case lagging
        /// Out: it does not answer.
        case down
        /// Out: the server is not in recovery (a primary named as a standby).
        case notStandby = "not_standby"
    }

    public struct Status: Sendable, Equatable {
        public var state: State
        /// How far it had replayed at the last check.
        public var replayed: PQWALPosition?
        /// Its lag at the last check; nil when unknown.
        public var lag: Duration?
        /// Why it is out, when it is.
        public var reason: String?
    }

    /// `host:port/database`, never the URL's user or password.
    public let name: String
    public let pool: PQPool
    private let status: Mutex<Status>
    private let upGauge: Gauge
    private let lagGauge: Gauge
    let reads: Counter

    init(configuration: PQConfiguration, options: PQPool.Options, logger: Logger) {
        name = Self.name(of: configuration)
        pool = PQPool(configuration: configuration, options: options, logger: logger)
        status = Mutex(Status(state: .starting))
        upGauge = Gauge(label: "pq_standby_up", dimensions: [("standby", name)])
        lagGauge = Gauge(label: "pq_standby_lag_seconds", dimensions: [("standby", name)])
        reads = Counter(label: "pq_standby_reads_total", dimensions: [("standby", name)])
    }

    public var current: Status { status.withLock { $0 } }

    /// Serves reads that need the primary's writes up to `after`.
    func serves(after: PQWALPosition?) -> Bool {
        status.withLock { status in
            guard status.state == .up else { return false }
            guard let after else { return true }
            return status.replayed.map { $0 >= after } ?? false
        }
    }

    func record(_ new: Status) {
        status.withLock { $0 = new }
        upGauge.record(new.state == .up ? 1 : 0)
        if let lag = new.lag { lagGauge.record(lag.seconds) }
    }

    /// Taken out at once by a failed request; the next check puts it back if it answers.
    func markDown(_ reason: String) {
        let changed = status.withLock { status -> Bool in
            defer { status.state = .down; status.reason = reason }
            return status.state != .down
        }
        if changed { upGauge.record(0) }
    }

    static func name(of configuration: PQConfiguration) -> String {
        if let url = configuration.url, let parts = URLComponents(string: url) {
            let host = parts.host.flatMap { $0.isEmpty ? nil : $0 } ?? "localhost"
            return "\(host):\(parts.port ?? 5432)\(parts.path.isEmpty ? "" : parts.path)"
        }
        return "\(configuration.host ?? "localhost"):\(configuration.port ?? 5432)/\(configuration.database ?? "")"
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
