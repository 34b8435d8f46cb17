import PQ

/// Runs `pool` as its service would run in the server, for the length of `body`; then
/// cancels it, which drains it.
public func withRunningPool<Result: Sendable>(
    _ pool: PQPool,
    _ body: @Sendable (PQPool) async throws -> Result
) async throws -> Result {
    try await withThrowingTaskGroup(of: Result?.self) { group in
        group.addTask { try await pool.run(); return nil }
        let result = try await body(pool)
        group.cancelAll()
        while let _ = try await group.next() {}
        return result
    }
}
