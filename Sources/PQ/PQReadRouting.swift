/// Whether the reads of the current task may be served by a standby, and from which position
/// of the primary's log on (the caller's own last write, for read-your-writes).
///
/// A task-local, set per request by the HTTP layer around safe requests (GET, HEAD); a pool
/// with standbys reads it in `withConnection`. Unset, everything goes to the primary.
public struct PQReadRouting: Sendable, Equatable {
    /// A standby serves the reads only once it has replayed at least this far.
    public var after: PQWALPosition?

    public init(after: PQWALPosition? = nil) { self.after = after }

    @TaskLocal public static var current: PQReadRouting?
}
