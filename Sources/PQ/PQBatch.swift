/// Statements gathered from several places to go in one pipeline (`PQConnection.run`): each
/// `add` hands back a ticket, and the ticket reads its statement's value from the results.
/// A report gathers its figures this way from the parts that compute them.
public struct PQBatch: Sendable {
    public struct Ticket<Value>: Sendable {
        let index: Int
        let read: @Sendable (PQResult) throws -> Value
    }

    public struct Results: Sendable {
        let results: [PQResult]

        public func read<Value>(_ ticket: Ticket<Value>) throws -> Value {
            try ticket.read(results[ticket.index])
        }
    }

    private(set) var queries: [PQQuery] = []

    public init() {}

    public mutating func add<Value>(_ statement: PQStatement<Value>) -> Ticket<Value> {
        queries.append(statement.query)
        return Ticket(index: queries.count - 1, read: statement.read)
    }
}

extension PQConnection {
    /// Sends the batch's statements in one pipeline.
    nonisolated(nonsending) public func run(_ batch: PQBatch, file: String = #fileID, line: Int = #line) async throws -> PQBatch.Results {
        PQBatch.Results(results: try await pipeline(batch.queries, file: file, line: line))
    }
}
