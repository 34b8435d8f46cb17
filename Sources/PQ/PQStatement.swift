/// A statement with the reading of its result: what a pipeline sends together and hands back
/// one value each (`PQConnection.pipeline`).
public struct PQStatement<Value>: Sendable {
    public let query: PQQuery
    public let read: @Sendable (PQResult) throws -> Value

    public init(_ query: PQQuery, read: @escaping @Sendable (PQResult) throws -> Value) {
        self.query = query
        self.read = read
    }
}

extension PQConnection {
    /// Runs one statement and reads its result.
    nonisolated(nonsending) public func run<Value>(_ statement: PQStatement<Value>, file: String = #fileID, line: Int = #line) async throws -> Value {
        try statement.read(try await query(statement.query, file: file, line: line))
    }
}
