import Logging
import Metrics
import ServiceLifecycle
import Synchronization

/// A pool of connections, run as a swift-service-lifecycle `Service`.
///
/// `run()` opens the minimum number of connections at start (lazily opened ones made the first
/// burst of requests slow), expires waiters past the wait limit, checks idle connections and
/// tops the pool up, and on graceful shutdown drains: waiters fail, leased connections are
/// awaited, everything is closed.
///
/// Its bookkeeping is `PoolStateMachine` under a mutex: a lease and its return are plain calls
/// on the caller's thread, with no hop to an actor (`Docs/architecture.md`, "The hot path").
public final class PQPool: Service, Sendable {
    public struct Options: Sendable {
        public var minConnections: Int
        public var maxConnections: Int
        /// How long `withConnection` waits for a free connection before `PQError.poolTimeout`.
        public var waitLimit: Duration
        public var healthCheckInterval: Duration
        /// How long a drain waits for leased connections to come back.
        public var drainTimeout: Duration
        /// Label prefix of the pool's metrics.
        public var metricsLabel: String

        public init(
            minConnections: Int = 2,
            maxConnections: Int = 10,
            waitLimit: Duration = .seconds(5),
            healthCheckInterval: Duration = .seconds(10),
            drainTimeout: Duration = .seconds(10),
            metricsLabel: String = "pq_pool"
        ) {
            precondition(minConnections >= 0 && maxConnections >= max(1, minConnections))
            self.minConnections = minConnections
            self.maxConnections = maxConnections
            self.waitLimit = waitLimit
            self.healthCheckInterval = healthCheckInterval
            self.drainTimeout = drainTimeout
            self.metricsLabel = metricsLabel
        }
    }

    private typealias Machine = PoolStateMachine<PQConnection, CheckedContinuation<PQConnection, any Error>>

    public let configuration: PQConfiguration
    public let options: Options
    /// Hot standbys of this pool's server that may serve reads (`PQReadRouting`); nil for none.
    public let standbys: PQStandbySet?
    private let logger: Logger
    private let machine: Mutex<Machine>
    private let inUseGauge: Gauge
    private let idleGauge: Gauge
    private let waitingGauge: Gauge
    private let timeouts: Counter
    private let roundTripCounter: Counter
    private let roundTripTotal = Atomic<Int>(0)

    /// The tick at which waiters' deadlines are checked, waiting callers are served and the
    /// gauges are published (a lease does not publish them: that was three metric updates a
    /// lease, and a scrape reads a sample anyway).
    private static let tick = Duration.milliseconds(20)

    public init(configuration: PQConfiguration, options: Options = Options(), standbys: PQStandbySet? = nil, logger: Logger) {
        self.configuration = configuration
        self.options = options
        self.standbys = standbys.flatMap { $0.standbys.isEmpty ? nil : $0 }
        self.logger = logger
        machine = Mutex(Machine(maxConnections: options.maxConnections))
        inUseGauge = Gauge(label: "\(options.metricsLabel)_connections", dimensions: [("state", "in_use")])
        idleGauge = Gauge(label: "\(options.metricsLabel)_connections", dimensions: [("state", "idle")])
        waitingGauge = Gauge(label: "\(options.metricsLabel)_waiting")
        timeouts = Counter(label: "\(options.metricsLabel)_wait_timeouts_total")
        roundTripCounter = Counter(label: "\(options.metricsLabel)_round_trips_total")
    }

    public struct Statistics: Sendable, Equatable {
        public var idle: Int
        public var inUse: Int
        public var waiting: Int

        public init(idle: Int, inUse: Int, waiting: Int) {
            self.idle = idle
            self.inUse = inUse
            self.waiting = waiting
        }
    }

    /// Round trips to the server made through the pool's leases so far (each statement is
    /// one, a pipeline of several is one): `pq_pool_round_trips_total` in the metrics.
    public var roundTrips: Int { roundTripTotal.load(ordering: .relaxed) }

    public var statistics: Statistics {
        machine.withLock { Statistics(idle: $0.idle.count, inUse: $0.leased, waiting: $0.waiters.count) }
    }

    var isRunning: Bool { machine.withLock { $0.phase == .running } }

    // MARK: Service

    /// Runs the pool, and its standbys' pools and their monitor beside it.
    public func run() async throws {
        guard let standbys else { return await runPool() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await standbys.run(primary: self) }
            await runPool()
            group.cancelAll()
        }
    }

    private func runPool() async {
        await openWanted()
        let clock = ContinuousClock()
        var nextHealthCheck = clock.now.advanced(by: options.healthCheckInterval)
        while !Task.isShuttingDownGracefully && !Task.isCancelled && machine.withLock({ $0.phase == .running }) {
            try? await Task.sleep(for: Self.tick)
            expireWaiters(now: clock.now)
            await openWanted()
            if clock.now >= nextHealthCheck {
                await checkIdleConnections()
                await openWanted()
                nextHealthCheck = clock.now.advanced(by: options.healthCheckInterval)
            }
            publishMetrics()
        }
        await drain()
    }

    /// Refuses new work, fails waiters, waits for leased connections, closes everything.
    public func drain() async {
        let failed: [CheckedContinuation<PQConnection, any Error>]? = machine.withLock {
            $0.phase == .running ? $0.startDraining() : nil
        }
        guard let failed else { return }
        for waiter in failed {
            waiter.resume(throwing: PQError(.poolClosed, "the pool is shutting down"))
        }
        let leased = statistics.inUse
        if leased > 0 {
            logger.info("pq pool draining", metadata: ["leased": "\(leased)"])
            // Returned connections are closed by `release`; this only waits for the last one.
            let deadline = ContinuousClock.now.advanced(by: options.drainTimeout)
            while !machine.withLock({ $0.isDrained }), ContinuousClock.now < deadline {
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        for connection in machine.withLock({ $0.close() }) { await connection.close() }
        publishMetrics()
    }

    // MARK: Leasing

    /// Runs `body` with a connection of the pool and returns the connection afterwards.
    ///
    /// The body runs on the connection's thread, and the connection goes back to the pool
    /// there, before the caller's task moves on.
    ///
    /// When the task's `PQReadRouting` allows it and a standby is in and has replayed far
    /// enough, the body runs on a standby's connection instead. If the standby fails it (lost,
    /// busy past its wait limit, a conflict with recovery, or a write it cannot take), the body
    /// runs again on the primary: nothing was written there, and no caller sees the standby's
    /// failure.
    nonisolated(nonsending) public func withConnection<Result>(
        _ body: nonisolated(nonsending) (PQConnection) async throws -> Result
    ) async throws -> Result {
        if let standbys, let routing = PQReadRouting.current, let standby = standbys.pick(after: routing.after) {
            do {
                let value = try await standby.pool.withConnection(body)
                standby.reads.increment()
                return value
            } catch let error as PQError where error.sendsReadToPrimary {
                standbys.fellBack(from: standby, error)
            }
        }
        return try await withPrimaryConnection(body)
    }

    /// Runs `body` on the primary whatever the task's routing: reads that must not be behind
    /// (a token's validity) and anything that writes.
    nonisolated(nonsending) public func onPrimary<Result>(
        _ body: nonisolated(nonsending) () async throws -> Result
    ) async throws -> Result {
        guard standbys != nil, PQReadRouting.current != nil else { return try await body() }
        return try await PQReadRouting.$current.withValue(nil) { try await body() }
    }

    /// The primary's current log position, after a write, for read-your-writes; nil without
    /// standbys (nothing to wait for).
    public func primaryPosition() async throws -> PQWALPosition? {
        guard standbys != nil else { return nil }
        return try await withPrimaryConnection { try await $0.query(PQStandbySet.primaryPosition)[0].decode(PQWALPosition.self, at: 0) }
    }

    nonisolated(nonsending) func withPrimaryConnection<Result>(
        _ body: nonisolated(nonsending) (PQConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await lease()
        let roundTripsBefore = connection.roundTrips
        return try await withTaskExecutorPreference(connection.taskExecutor) {
            let value: Result
            do {
                value = try await body(connection)
            } catch {
                await release(connection, roundTripsBefore: roundTripsBefore)
                throw error
            }
            await release(connection, roundTripsBefore: roundTripsBefore)
            return value
        }
    }

    /// Runs `body` in a transaction on a pooled connection.
    nonisolated(nonsending) public func withTransaction<Result>(
        _ mode: PQTransactionMode = .readCommitted,
        _ body: nonisolated(nonsending) (PQConnection) async throws -> Result
    ) async throws -> Result {
        // Only a read-only transaction may go to a standby.
        guard mode.isReadOnly else {
            return try await withPrimaryConnection { connection in
                try await connection.withTransaction(mode) { try await body(connection) }
            }
        }
        return try await withConnection { connection in
            try await connection.withTransaction(mode) { try await body(connection) }
        }
    }

    /// One statement on any pooled connection.
    @discardableResult
    nonisolated(nonsending) public func query(_ query: PQQuery, prepare: Bool = true,
                                              file: String = #fileID, line: Int = #line) async throws -> PQResult {
        try await withConnection { try await $0.query(query, prepare: prepare, file: file, line: line) }
    }

    nonisolated(nonsending) private func lease() async throws -> PQConnection {
        switch machine.withLock({ $0.lease() }) {
        case .use(let connection):
            return connection
        case .closed:
            throw PQError(.poolClosed, "the pool is shut down")
        case .open:
            let connection: PQConnection
            do {
                connection = try await PQConnection.connect(configuration, logger: logger)
            } catch {
                machine.withLock { $0.openFailed() }
                throw error
            }
            if case .close = machine.withLock({ $0.openedForCaller(connection) }) {
                await connection.close()
                throw PQError(.poolClosed, "the pool is shut down")
            }
            return connection
        case .mustWait:
            let deadline = ContinuousClock.now.advanced(by: options.waitLimit)
            return try await withCheckedThrowingContinuation { continuation in
                switch machine.withLock({ $0.wait(continuation, deadline: deadline) }) {
                case .use(let connection): continuation.resume(returning: connection)
                case .queued: break
                case .closed: continuation.resume(throwing: PQError(.poolClosed, "the pool is shut down"))
                }
            }
        }
    }

    nonisolated(nonsending) private func release(_ connection: PQConnection, roundTripsBefore: Int) async {
        let roundTrips = connection.roundTrips - roundTripsBefore
        roundTripTotal.add(roundTrips, ordering: .relaxed)
        roundTripCounter.increment(by: roundTrips)
        let action = machine.withLock { $0.release(connection, isClosed: connection.isClosed) }
        await perform(action)
    }

    nonisolated(nonsending) private func perform(_ action: Machine.ReleaseAction) async {
        switch action {
        case .resume(let waiter, let connection): waiter.resume(returning: connection)
        case .keep, .forget: break
        case .close(let connection): await connection.close()
        }
    }

    private func expireWaiters(now: ContinuousClock.Instant) {
        let expired = machine.withLock { $0.expire(now: now) }
        guard !expired.isEmpty else { return }
        let seconds = Double(options.waitLimit.components.seconds) + Double(options.waitLimit.components.attoseconds) / 1e18
        for waiter in expired {
            timeouts.increment()
            waiter.resume(throwing: PQError(
                .poolTimeout,
                "no database connection became free within \(seconds) s (pool of \(options.maxConnections))"
            ))
        }
    }

    /// Opens what the pool lacks: its minimum, and connections for waiters when the pool has
    /// room (after a connection was dropped). Failures are logged and retried next tick.
    private func openWanted() async {
        let count = machine.withLock { $0.connectionsToOpen(minimum: options.minConnections) }
        for opened in 0..<count {
            do {
                let connection = try await PQConnection.connect(configuration, logger: logger)
                switch machine.withLock({ $0.openedForPool(connection) }) {
                case .resume(let waiter, let connection): waiter.resume(returning: connection)
                case .keep: break
                case .close(let connection): await connection.close()
                }
            } catch {
                logger.warning("pq pool could not open a connection", metadata: ["error": "\(error)"])
                machine.withLock { for _ in opened..<count { $0.openFailed() } }
                return
            }
        }
    }

    /// Checks each idle connection (reconnecting one the server dropped); drops those that
    /// cannot be revived, to be replaced by `openWanted` once the server answers again.
    private func checkIdleConnections() async {
        for connection in machine.withLock({ $0.takeIdleForCheck() }) {
            let alive: Bool
            do {
                try await connection.ensureAlive()
                alive = true
            } catch {
                alive = false
            }
            await perform(machine.withLock { $0.checked(connection, alive: alive) })
        }
    }

    private func publishMetrics() {
        let statistics = statistics
        inUseGauge.record(statistics.inUse)
        idleGauge.record(statistics.idle)
        waitingGauge.record(statistics.waiting)
    }
}
