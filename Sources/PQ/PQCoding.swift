/// A Swift value that can be bound as a statement parameter or written by COPY.
///
/// Values travel in PostgreSQL's text format with an explicit type OID, so the server never
/// guesses a parameter's type from its text.
public protocol PQEncodable: Sendable {
    /// The parameter's type OID.
    static var pqType: PQType { get }
    /// Appends the value's text representation (no terminating NUL).
    func encode(into buffer: inout [UInt8])
    /// True for SQL NULL (a `nil` optional).
    var isNull: Bool { get }
}

extension PQEncodable {
    public var isNull: Bool { false }
}

extension Optional: PQEncodable where Wrapped: PQEncodable {
    public static var pqType: PQType { Wrapped.pqType }
    public var isNull: Bool { self == nil }
    public func encode(into buffer: inout [UInt8]) {
        if case .some(let value) = self { value.encode(into: &buffer) }
    }
}

/// A Swift value that can be read from a result column.
public protocol PQDecodable {
    /// Decodes a non-NULL value; throws when the column's type does not fit.
    static func decode(from cell: PQCell) throws -> Self
    /// Called for SQL NULL: only `Optional` accepts it.
    static func decodeNull(column: String) throws -> Self
}

extension PQDecodable {
    public static func decodeNull(column: String) throws -> Self {
        throw PQError(.decoding, "column \"\(column)\" is NULL but \(Self.self) is not optional", column: column)
    }
}

public typealias PQCodable = PQEncodable & PQDecodable

extension Optional: PQDecodable where Wrapped: PQDecodable {
    public static func decode(from cell: PQCell) throws -> Self { try Wrapped.decode(from: cell) }
    public static func decodeNull(column: String) throws -> Self { nil }
}

extension PQEncodable {
    /// The text representation as a Swift string (used by COPY and tests).
    public var pqText: String {
        var buffer: [UInt8] = []
        encode(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
