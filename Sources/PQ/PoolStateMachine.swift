/// The pool's bookkeeping without I/O, as swift-nio writes its state machines: each event
/// changes the counts and says what the pool must do (hand a connection over, open one, close
/// one, fail a waiter), and `PQPool` does it outside its lock.
///
/// Leasing and returning used to go through the pool's actor: two executor hops a lease on top
/// of the hop to the connection's thread, which halved the rate of one-statement leases
/// (`scripts/bench-pq`). Under a lock they are a few instructions on the caller's thread.
///
/// Generic over the connection and the waiter so that its rules are unit-tested with plain
/// values; the pool uses `PQConnection` and a checked continuation.
struct PoolStateMachine<Connection, Waiter> {
    enum Phase: Equatable { case running, draining, closed }

    struct Queued {
        let deadline: ContinuousClock.Instant
        let waiter: Waiter
    }

    let maxConnections: Int
    private(set) var phase = Phase.running
    private(set) var idle: [Connection] = []
    /// Connections handed out (to callers, or taken for a health check).
    private(set) var leased = 0
    /// Connections being opened, counted against the maximum.
    private(set) var opening = 0
    private(set) var waiters: [Queued] = []

    init(maxConnections: Int) {
        self.maxConnections = maxConnections
    }

    var total: Int { idle.count + leased + opening }

    // MARK: Leasing

    enum LeaseAction {
        /// Use this idle connection; it is counted as leased.
        case use(Connection)
        /// Open a connection for the caller (counted as opening), then report `opened`.
        case open
        /// Every connection is in use: the caller must queue with `wait`.
        case mustWait
        case closed
    }

    /// A caller asks for a connection.
    mutating func lease() -> LeaseAction {
        guard phase == .running else { return .closed }
        if let connection = idle.popLast() {
            leased += 1
            return .use(connection)
        }
        if total < maxConnections {
            opening += 1
            return .open
        }
        return .mustWait
    }

    enum WaitAction {
        /// A connection came back between `lease` and `wait`: no need to queue.
        case use(Connection)
        case queued
        case closed
    }

    /// A caller told `mustWait` queues (first come, first served).
    mutating func wait(_ waiter: Waiter, deadline: ContinuousClock.Instant) -> WaitAction {
        guard phase == .running else { return .closed }
        if let connection = idle.popLast() {
            leased += 1
            return .use(connection)
        }
        waiters.append(Queued(deadline: deadline, waiter: waiter))
        return .queued
    }

    enum OpenedAction {
        /// Hand it to this waiter (a connection opened for the pool, not for a caller).
        case resume(Waiter, Connection)
        /// The caller that opened it keeps it, or the pool keeps it idle.
        case keep
        /// The pool is shutting down: close it.
        case close(Connection)
    }

    /// A connection asked for by `lease`'s `.open` is open: the caller has it.
    mutating func openedForCaller(_ connection: Connection) -> OpenedAction {
        opening -= 1
        guard phase == .running else { return .close(connection) }
        leased += 1
        return .keep
    }

    /// A connection the pool opened by itself (top-up, or for waiters) is open.
    mutating func openedForPool(_ connection: Connection) -> OpenedAction {
        opening -= 1
        guard phase == .running else { return .close(connection) }
        if !waiters.isEmpty {
            leased += 1
            return .resume(waiters.removeFirst().waiter, connection)
        }
        idle.append(connection)
        return .keep
    }

    mutating func openFailed() {
        opening -= 1
    }

    enum ReleaseAction {
        case resume(Waiter, Connection)
        case keep
        case close(Connection)
        /// The connection closed itself (a failed rollback): forgotten; the next tick opens
        /// a replacement for anyone waiting.
        case forget
    }

    /// A caller gives a connection back.
    mutating func release(_ connection: Connection, isClosed: Bool) -> ReleaseAction {
        leased -= 1
        if phase != .running { return .close(connection) }
        if isClosed { return .forget }
        if !waiters.isEmpty {
            leased += 1
            return .resume(waiters.removeFirst().waiter, connection)
        }
        idle.append(connection)
        return .keep
    }

    // MARK: Upkeep

    /// Waiters whose deadline has passed, taken out of the queue to be failed.
    mutating func expire(now: ContinuousClock.Instant) -> [Waiter] {
        guard waiters.contains(where: { $0.deadline <= now }) else { return [] }
        var expired: [Waiter] = []
        waiters.removeAll { queued in
            guard queued.deadline <= now else { return false }
            expired.append(queued.waiter)
            return true
        }
        return expired
    }

    /// How many connections the pool should open now, counted as opening: enough for the
    /// waiters (after connections were dropped) and for the minimum, within the maximum.
    mutating func connectionsToOpen(minimum: Int) -> Int {
        guard phase == .running else { return 0 }
        let wanted = max(minimum - total, waiters.count - opening)
        let count = max(0, min(wanted, maxConnections - total))
        opening += count
        return count
    }

    /// The idle connections, taken out (counted as leased) for a health check.
    mutating func takeIdleForCheck() -> [Connection] {
        let taken = idle
        idle.removeAll()
        leased += taken.count
        return taken
    }

    /// A health-checked connection comes back; `alive` is whether it answered.
    mutating func checked(_ connection: Connection, alive: Bool) -> ReleaseAction {
        guard alive else {
            leased -= 1
            return .close(connection)
        }
        return release(connection, isClosed: false)
    }

    // MARK: Shutdown

    /// Refuses new leases; returns the waiters to fail.
    mutating func startDraining() -> [Waiter] {
        guard phase == .running else { return [] }
        phase = .draining
        let failed = waiters.map(\.waiter)
        waiters.removeAll()
        return failed
    }

    /// Whether every leased connection has come back.
    var isDrained: Bool { leased == 0 }

    /// Ends the drain: the idle connections, to be closed.
    mutating func close() -> [Connection] {
        phase = .closed
        let connections = idle
        idle.removeAll()
        return connections
    }
}
