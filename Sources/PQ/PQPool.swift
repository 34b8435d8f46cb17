import Logging
import Metrics
import ServiceLifecycle

/// A pool of connections, run as a swift-service-lifecycle `Service`.
///
/// `run()` opens the minimum number of connections at start (lazily opened ones made the first
/// burst of requests slow), expires waiters past the wait limit, checks idle connections and
/// tops the pool up, and on graceful shutdown drains: waiters fail, leased connections are
/// awaited, everything is closed.
public actor PQPool: Service {
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

    private enum State { case running, draining, closed }

    private struct Waiter {
        let id: Int
        let deadline: ContinuousClock.Instant
        let continuation: CheckedContinuation<PQConnection, any Error>
    }

    public nonisolated let configuration: PQConfiguration
    public let options: Options
    private let logger: Logger
    private var state = State.running
    private var idle: [PQConnection] = []
    private var leased = 0
    private var opening = 0
    private var waiters: [Waiter] = []
    private var nextWaiterID = 0
    private var drained: CheckedContinuation<Void, Never>?
    private let inUseGauge: Gauge
    private let idleGauge: Gauge
    private let waitingGauge: Gauge
    private let timeouts: Counter

    /// The tick at which waiters' deadlines are checked and waiting callers are served.
    private static let tick = Duration.milliseconds(20)

    public init(configuration: PQConfiguration, options: Options = Options(), logger: Logger) {
        self.configuration = configuration
        self.options = options
        self.logger = logger
        inUseGauge = Gauge(label: "\(options.metricsLabel)_connections", dimensions: [("state", "in_use")])
        idleGauge = Gauge(label: "\(options.metricsLabel)_connections", dimensions: [("state", "idle")])
        waitingGauge = Gauge(label: "\(options.metricsLabel)_waiting")
        timeouts = Counter(label: "\(options.metricsLabel)_wait_timeouts_total")
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

    public var statistics: Statistics { Statistics(idle: idle.count, inUse: leased, waiting: waiters.count) }

    private var total: Int { idle.count + leased + opening }

    // MARK: Service

    public func run() async throws {
        await topUp()
        let clock = ContinuousClock()
        var nextHealthCheck = clock.now.advanced(by: options.healthCheckInterval)
        while !Task.isShuttingDownGracefully && !Task.isCancelled && state == .running {
            try? await Task.sleep(for: Self.tick)
            expireWaiters(now: clock.now)
            await serveWaiters()
            if clock.now >= nextHealthCheck {
                await checkIdleConnections()
                await topUp()
                nextHealthCheck = clock.now.advanced(by: options.healthCheckInterval)
            }
        }
        await drain()
    }

    /// Refuses new work, fails waiters, waits for leased connections, closes everything.
    public func drain() async {
        guard state == .running else { return }
        state = .draining
        for waiter in waiters {
            waiter.continuation.resume(throwing: PQError(.poolClosed, "the pool is shutting down"))
        }
        waiters.removeAll()
        if leased > 0 {
            logger.info("pq pool draining", metadata: ["leased": "\(leased)"])
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.waitUntilReturned() }
                group.addTask { [drainTimeout = options.drainTimeout] in try? await Task.sleep(for: drainTimeout) }
                await group.next()
                group.cancelAll()
                await self.resumeDrained()
            }
        }
        let connections = idle
        idle.removeAll()
        for connection in connections { await connection.close() }
        state = .closed
        publishMetrics()
    }

    private func waitUntilReturned() async {
        if leased == 0 { return }
        await withCheckedContinuation { drained = $0 }
    }

    private func resumeDrained() {
        drained?.resume()
        drained = nil
    }

    // MARK: Leasing

    /// Runs `body` with a connection of the pool and returns the connection afterwards.
    nonisolated(nonsending) public func withConnection<Result>(
        _ body: nonisolated(nonsending) (PQConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await lease()
        let value: Result
        do {
            value = try await withTaskExecutorPreference(connection.taskExecutor) {
                try await body(connection)
            }
        } catch {
            await release(connection)
            throw error
        }
        await release(connection)
        return value
    }

    /// Runs `body` in a transaction on a pooled connection.
    nonisolated(nonsending) public func withTransaction<Result>(
        _ body: nonisolated(nonsending) (PQConnection) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            try await connection.withTransaction { try await body(connection) }
        }
    }

    /// One statement on any pooled connection.
    @discardableResult
    nonisolated(nonsending) public func query(_ query: PQQuery, prepare: Bool = true,
                                              file: String = #fileID, line: Int = #line) async throws -> PQResult {
        try await withConnection { try await $0.query(query, prepare: prepare, file: file, line: line) }
    }

    private func lease() async throws -> PQConnection {
        guard state == .running else { throw PQError(.poolClosed, "the pool is shut down") }
        if let connection = idle.popLast() {
            leased += 1
            publishMetrics()
            return connection
        }
        if total < options.maxConnections {
            opening += 1
            defer { opening -= 1 }
            let connection = try await PQConnection.connect(configuration, logger: logger)
            guard state == .running else {
                await connection.close()
                throw PQError(.poolClosed, "the pool is shut down")
            }
            leased += 1
            publishMetrics()
            return connection
        }
        nextWaiterID += 1
        let id = nextWaiterID
        let deadline = ContinuousClock.now.advanced(by: options.waitLimit)
        return try await withCheckedThrowingContinuation { continuation in
            waiters.append(Waiter(id: id, deadline: deadline, continuation: continuation))
            publishMetrics()
        }
    }

    private func release(_ connection: PQConnection) async {
        leased -= 1
        defer { publishMetrics() }
        if state != .running {
            await connection.close()
            if leased == 0 { resumeDrained() }
            return
        }
        // A connection whose rollback failed was closed by its transaction; forget it and let
        // the next tick open a replacement for anyone waiting.
        guard !connection.isClosed else { return }
        if !waiters.isEmpty {
            let waiter = waiters.removeFirst()
            leased += 1
            waiter.continuation.resume(returning: connection)
        } else {
            idle.append(connection)
        }
    }

    private func expireWaiters(now: ContinuousClock.Instant) {
        guard waiters.contains(where: { $0.deadline <= now }) else { return }
        let seconds = Double(options.waitLimit.components.seconds) + Double(options.waitLimit.components.attoseconds) / 1e18
        waiters.removeAll { waiter in
            guard waiter.deadline <= now else { return false }
            timeouts.increment()
            waiter.continuation.resume(throwing: PQError(
                .poolTimeout,
                "no database connection became free within \(seconds) s (pool of \(options.maxConnections))"
            ))
            return true
        }
        publishMetrics()
    }

    /// Opens connections for waiters when the pool has room (after a connection was dropped).
    private func serveWaiters() async {
        while !waiters.isEmpty, total < options.maxConnections, state == .running {
            guard let connection = await openConnection() else { return }
            if waiters.isEmpty {
                idle.append(connection)
            } else {
                let waiter = waiters.removeFirst()
                leased += 1
                waiter.continuation.resume(returning: connection)
            }
            publishMetrics()
        }
    }

    /// Brings the pool up to its minimum size; failures are logged and retried later.
    private func topUp() async {
        while total < options.minConnections, state == .running {
            guard let connection = await openConnection() else { return }
            idle.append(connection)
            publishMetrics()
        }
    }

    private func openConnection() async -> PQConnection? {
        opening += 1
        defer { opening -= 1 }
        do {
            return try await PQConnection.connect(configuration, logger: logger)
        } catch {
            logger.warning("pq pool could not open a connection", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// Checks each idle connection (reconnecting one the server dropped); drops those that
    /// cannot be revived, to be replaced by `topUp` once the server answers again.
    private func checkIdleConnections() async {
        let checking = idle
        idle.removeAll()
        leased += checking.count
        for connection in checking {
            let alive: Bool
            do {
                try await connection.ensureAlive()
                alive = true
            } catch {
                alive = false
            }
            leased -= 1
            if alive && state == .running {
                idle.append(connection)
            } else {
                await connection.close()
            }
        }
        publishMetrics()
    }

    private func publishMetrics() {
        inUseGauge.record(leased)
        idleGauge.record(idle.count)
        waitingGauge.record(waiters.count)
    }
}
