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
