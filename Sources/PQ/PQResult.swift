import CLibPQ
import Synchronization

/// The rows of a finished statement. Owns its `PGresult` and clears it exactly once, when the
/// last reference goes. A `PGresult` is immutable, so rows are decoded on the caller's thread.
public final class PQResult: @unchecked Sendable {
    let raw: OpaquePointer
    public let columnNames: [String]
    private let columnTypes: [PQType]
    public let count: Int

    init(taking raw: OpaquePointer) {
        self.raw = raw
        let columns = Int(PQnfields(raw))
        // A COPY result counts columns but names none.
        columnNames = (0..<columns).map { PQfname(raw, Int32($0)).map { String(cString: $0) } ?? "column \($0 + 1)" }
        columnTypes = (0..<columns).map { PQType(rawValue: PQftype(raw, Int32($0))) }
        count = Int(PQntuples(raw))
        LiveHandles.results.add(1, ordering: .relaxed)
    }

    deinit {
        PQclear(raw)
        LiveHandles.results.subtract(1, ordering: .relaxed)
    }

    /// Rows changed by an INSERT/UPDATE/DELETE/COPY (`PQcmdTuples`), 0 for others.
    public var affectedRows: Int {
        Int(String(cString: PQcmdTuples(raw))) ?? 0
    }

    public var rows: Rows { Rows(result: self) }

    public subscript(row: Int) -> PQRow { PQRow(result: self, index: row) }

    /// The first row, or nil when there is none.
    public var first: PQRow? { count > 0 ? self[0] : nil }

    /// Decodes the single column of every row.
    public func column<Value: PQDecodable>(_ type: Value.Type) throws -> [Value] {
        try rows.map { try $0.decode(Value.self, at: 0) }
    }

    public struct Rows: RandomAccessCollection, Sendable {
        let result: PQResult
        public var startIndex: Int { 0 }
        public var endIndex: Int { result.count }
        public subscript(position: Int) -> PQRow { PQRow(result: result, index: position) }
    }

    func columnIndex(_ name: String) -> Int? { columnNames.firstIndex(of: name) }

    func cell(row: Int, column: Int) -> PQCell? {
        if PQgetisnull(raw, Int32(row), Int32(column)) != 0 { return nil }
        let length = Int(PQgetlength(raw, Int32(row), Int32(column)))
        let pointer = UnsafeRawPointer(PQgetvalue(raw, Int32(row), Int32(column))!)
        return PQCell(
            bytes: UnsafeBufferPointer(start: pointer.assumingMemoryBound(to: UInt8.self), count: length),
            type: columnTypes[column],
            column: columnNames[column]
        )
    }
}

/// One row of a result.
public struct PQRow: Sendable {
    let result: PQResult
    let index: Int

    public var columnCount: Int { result.columnNames.count }

    /// Decodes the column at `column`; a NULL into a non-optional or a wrong type throws.
    public func decode<Value: PQDecodable>(_ type: Value.Type = Value.self, at column: Int) throws -> Value {
        guard column >= 0, column < columnCount else {
            throw PQError(.usage, "column \(column) requested but the row has \(columnCount)")
        }
        let name = result.columnNames[column]
        guard let cell = result.cell(row: index, column: column) else {
            return try Value.decodeNull(column: name)
        }
        return try withExtendedLifetime(result) { try Value.decode(from: cell) }
    }

    /// Decodes the column named `column` (exactly as the statement names it).
    public func decode<Value: PQDecodable>(_ type: Value.Type = Value.self, column: String) throws -> Value {
        guard let position = result.columnIndex(column) else {
            throw PQError(.usage, "the result has no column \"\(column)\"", column: column)
        }
        return try decode(Value.self, at: position)
    }

    /// Decodes the whole row as a tuple: `row.decode((Int, String?, Date).self)`.
    public func decode<each Value: PQDecodable>(_ types: (repeat each Value).Type) throws -> (repeat each Value) {
        var expected = 0
        for _ in repeat (each Value).self { expected += 1 }
        guard expected == columnCount else {
            throw PQError(.usage, "decoding \(expected) values from a row of \(columnCount) columns")
        }
        return try decodeLeading(types)
    }

    /// Decodes the row's first columns as a tuple, for a store's own columns followed by what a
    /// join adds (a recipient's name, say), which the caller reads `at:` their positions.
    public func decodeLeading<each Value: PQDecodable>(_ types: (repeat each Value).Type) throws -> (repeat each Value) {
        var expected = 0
        for _ in repeat (each Value).self { expected += 1 }
        guard expected <= columnCount else {
            throw PQError(.usage, "decoding \(expected) values from a row of \(columnCount) columns")
        }
        var position = 0
        func next<V: PQDecodable>(_ type: V.Type) throws -> V {
            defer { position += 1 }
            return try decode(V.self, at: position)
        }
        return (repeat try next((each Value).self))
    }
}

/// Counts of live libpq handles, for the leak checks of the tests.
public enum LiveHandles {
    static let results = Atomic<Int>(0)
    static let connections = Atomic<Int>(0)

    public static var resultCount: Int { results.load(ordering: .relaxed) }
    public static var connectionCount: Int { connections.load(ordering: .relaxed) }
}
