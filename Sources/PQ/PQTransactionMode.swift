/// How a transaction begins: its isolation and access, set by its BEGIN rather than by a
/// statement of their own (one round trip less).
public struct PQTransactionMode: Sendable {
    let begin: PQQuery
    /// A read-only transaction may run on a standby.
    var isReadOnly = false

    /// PostgreSQL's default.
    public static let readCommitted = PQTransactionMode(begin: "BEGIN")
    /// One snapshot for every statement: what a report reads adds up while records change.
    public static let repeatableRead = PQTransactionMode(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ")
    /// One snapshot, and no writes.
    public static let repeatableReadOnly = PQTransactionMode(begin: "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", isReadOnly: true)
}
