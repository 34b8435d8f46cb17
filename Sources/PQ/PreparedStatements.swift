/// Which statements a connection keeps prepared: a state machine without I/O, in the manner
/// of swift-nio's, so that its rules are tested on their own.
///
/// SQL text is prepared the second time it is seen on a connection: a hot path is planned
/// once and then only bound and executed, while one-off SQL (a seed's batch, a migration)
/// costs no extra Parse round trip and never crowds the cache. At most `capacity` statements
/// are kept; the least recently used one is deallocated to make room.
struct PreparedStatements {
    enum Decision: Equatable {
        /// Send it unnamed (`PQexecParams`): its first sight, or preparing is turned off.
        case unnamed
        /// Execute the statement prepared under this name.
        case execute(String)
        /// Prepare it under `name` first, after deallocating `evicting` when given.
        case prepare(name: String, evicting: String?)
    }

    let capacity: Int
    private var entries: [String: (name: String, used: UInt64)] = [:]
    /// SQL seen once and not (yet) prepared; cleared when it grows past a bound.
    private var seen: Set<String> = []
    private var clock: UInt64 = 0
    private var nextName = 0

    init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
    }

    var count: Int { entries.count }

    mutating func decide(_ sql: String) -> Decision {
        clock += 1
        if let entry = entries[sql] {
            entries[sql] = (entry.name, clock)
            return .execute(entry.name)
        }
        guard seen.remove(sql) != nil else {
            if seen.count >= capacity * 4 { seen.removeAll(keepingCapacity: true) }
            seen.insert(sql)
            return .unnamed
        }
        nextName += 1
        var evicting: String? = nil
        if entries.count >= capacity, let oldest = entries.min(by: { $0.value.used < $1.value.used }) {
            entries[oldest.key] = nil
            evicting = oldest.value.name
        }
        return .prepare(name: "pq_\(nextName)", evicting: evicting)
    }

    /// Records a statement the server prepared.
    mutating func prepared(_ sql: String, name: String) {
        entries[sql] = (name, clock)
    }

    /// Forgets a statement whose plan the server no longer accepts (the table changed under it);
    /// returns its name, to deallocate.
    mutating func forget(_ sql: String) -> String? {
        entries.removeValue(forKey: sql)?.name
    }

    /// After a reconnect the server holds none of them.
    mutating func removeAll() {
        entries.removeAll()
        seen.removeAll()
    }
}
