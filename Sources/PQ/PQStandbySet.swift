import Foundation
import Logging
import Metrics
import Synchronization

/// The streaming hot standbys of a pool's primary, and the monitor that decides which of
/// them serve reads (GitLab's database load balancing is the model).
///
/// Every `checkInterval` the monitor reads the primary's log position and each standby's
/// replay position; `StandbyLag` turns them into a lag. A standby past `maxLag`, or that does
/// not answer, or that failed a request, is out until a check finds it well again. With none
/// in, reads go to the primary.
public final class PQStandbySet: Sendable {
    public struct Options: Sendable {
        /// A standby further behind than this serves nothing (`THIDUA_REPLICA_MAX_LAG_MS`).
        public var maxLag: Duration
        public var checkInterval: Duration
        /// Each standby's own pool. Its wait limit is short: past it the read goes to the primary.
        public var pool: PQPool.Options

        public init(maxLag: Duration = .seconds(5), checkInterval: Duration = .milliseconds(200),
                    pool: PQPool.Options = PQPool.Options(minConnections: 0, maxConnections: 10, waitLimit: .seconds(1))) {
            self.maxLag = maxLag
            self.checkInterval = checkInterval
            self.pool = pool
        }
    }

    public let standbys: [PQStandby]
    public let options: Options
    private let logger: Logger
    private let lag: Mutex<StandbyLag<ContinuousClock.Instant>>
    private let next = Atomic<Int>(0)
    private let fallbacks = Counter(label: "pq_standby_fallbacks_total")

    public init(_ configurations: [PQConfiguration], options: Options = Options(), logger: Logger) {
        self.options = options
        self.logger = logger
        standbys = configurations.enumerated().map { index, configuration in
            var pool = options.pool
            pool.metricsLabel = "pq_standby_pool_\(index + 1)"
            return PQStandby(configuration: configuration, options: pool, logger: logger)
        }
        // Samples are kept a little past the limit, so that a standby beyond it reads as beyond.
        lag = Mutex(StandbyLag(window: options.maxLag * 2))
    }

    /// A standby that may serve a read needing the primary's writes up to `after`, in turn.
    func pick(after: PQWALPosition?) -> PQStandby? {
        let start = next.add(1, ordering: .relaxed).oldValue
        for offset in 0..<standbys.count {
            let standby = standbys[(start + offset) % standbys.count]
            if standby.serves(after: after) { return standby }
        }
        return nil
    }

    /// A read failed on `standby` and goes to the primary instead.
    func fellBack(from standby: PQStandby, _ error: PQError) {
        fallbacks.increment()
        if error.isConnectionLoss {
            logger.warning("pq standby out: a request lost its connection", metadata: ["standby": "\(standby.name)", "error": "\(error)"])
            standby.markDown("a request lost its connection")
        }
    }

    // MARK: Monitor

    /// Runs the standbys' pools and checks them until cancelled or shut down.
    func run(primary: PQPool) async {
        await withTaskGroup(of: Void.self) { group in
            for standby in standbys {
                group.addTask { try? await standby.pool.run() }
            }
            group.addTask { await self.monitor(primary: primary) }
            await group.waitForAll()
        }
    }

    private func monitor(primary: PQPool) async {
        let clock = ContinuousClock()
        while !Task.isCancelled, primary.isRunning {
            await check(primary: primary, now: clock.now)
            try? await Task.sleep(for: options.checkInterval)
        }
    }

    /// One round of checks: the primary's position first, then each standby's replay.
    func check(primary: PQPool, now: ContinuousClock.Instant) async {
        if let position = try? await primary.withPrimaryConnection({ try await $0.query(Self.primaryPosition)[0].decode(PQWALPosition.self, at: 0) }) {
            lag.withLock { $0.primary(at: now, position: position) }
        }
        for standby in standbys {
            let before = standby.current
            let after = await status(of: standby, now: now)
            standby.record(after)
            if before.state != after.state, before.state != .starting || after.state != .up {
                logger.notice("pq standby \(after.state.rawValue)", metadata: [
                    "standby": "\(standby.name)", "reason": "\(after.reason ?? "")",
                    "lag_ms": "\(after.lag.map { Int($0.seconds * 1000) } ?? -1)"])
            }
        }
    }

    private func status(of standby: PQStandby, now: ContinuousClock.Instant) async -> PQStandby.Status {
        let replayed: PQWALPosition?
        do {
            let row = try await standby.pool.query(Self.replayPosition, prepare: true)[0]
            guard try row.decode(Bool.self, at: 0) else {
                return .init(state: .notStandby, reason: "the server is not in recovery")
            }
            replayed = try row.decode(PQWALPosition?.self, at: 1)
        } catch {
            return .init(state: .down, reason: "\(error)")
        }
        guard let replayed, let lag = lag.withLock({ $0.lag(replayed: replayed, now: now) }) else {
            return .init(state: .starting, replayed: replayed)
        }
        if lag > options.maxLag {
            return .init(state: .lagging, replayed: replayed, lag: lag,
                         reason: "replay lag \(Int(lag.seconds * 1000)) ms passes \(Int(options.maxLag.seconds * 1000)) ms")
        }
        return .init(state: .up, replayed: replayed, lag: lag)
    }

    static let primaryPosition: PQQuery = "SELECT pg_current_wal_lsn()::text"
    static let replayPosition: PQQuery = "SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text"
}

extension PQStatement where Value == Date {
    /// How fresh the data a transaction reads is: on the primary its start (`now()`); on a
    /// standby that has replayed all it received, the same; on one behind, the commit time of
    /// the last transaction it replayed (replay paused or slow).
    public static var dataAsOf: PQStatement<Date> {
        PQStatement("""
            SELECT CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() IS NOT DISTINCT FROM pg_last_wal_replay_lsn()
                        THEN now() ELSE coalesce(pg_last_xact_replay_timestamp(), now()) END
            """) { try $0[0].decode(Date.self, at: 0) }
    }
}
