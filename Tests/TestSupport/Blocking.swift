import Dispatch

/// Runs blocking work (a socket read, `pg_ctl`) on a thread of its own rather than on one of
/// Swift's cooperative threads: on two cores a blocked cooperative thread stalls every other
/// test running in parallel.
public func blocking<Value: Sendable>(_ body: @escaping @Sendable () throws -> Value) async throws -> Value {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global().async {
            continuation.resume(with: Swift.Result(catching: { try body() }))
        }
    }
}
