/// One non-NULL value of a result, in PostgreSQL's text format, valid while its result lives.
public struct PQCell {
    public let bytes: UnsafeBufferPointer<UInt8>
    public let type: PQType
    public let column: String

    public var string: String { String(decoding: bytes, as: UTF8.self) }

    /// The error for a value of an unexpected type.
    public func typeMismatch(_ expected: Any.Type) -> PQError {
        PQError(.decoding, "column \"\(column)\" of type \(type) cannot be decoded as \(expected)", column: column)
    }

    /// The error for a value that does not parse (its text is not quoted: it may be personal data).
    public func malformed(_ expected: Any.Type) -> PQError {
        PQError(.decoding, "column \"\(column)\" holds a \(type) value that is not a valid \(expected)", column: column)
    }
}
