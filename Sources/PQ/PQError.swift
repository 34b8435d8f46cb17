import CLibPQ
import Foundation

/// An error from the database or from this wrapper.
///
/// The server's message and detail can quote the failing statement's values (a duplicate key's
/// value, for instance), so `description` prints only the kind, SQLSTATE and schema names; the
/// full fields stay available to code that decides what is safe to show.
public struct PQError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Could not connect, or the connection was lost.
        case connection
        /// The server rejected a statement; see `sqlState` and `server`.
        case server
        /// A value could not be decoded into the requested Swift type.
        case decoding
        /// No pooled connection became free within the pool's wait limit.
        case poolTimeout
        /// The pool is shut down or draining.
        case poolClosed
        /// The client side misused the API (wrong column count, unsupported value...).
        case usage
    }

    /// Fields of a server error (libpq's `PG_DIAG_*`).
    public struct ServerFields: Sendable, Equatable {
        public var severity: String?
        public var sqlState: String?
        public var message: String?
        public var detail: String?
        public var hint: String?
        public var schema: String?
        public var table: String?
        public var column: String?
        public var dataType: String?
        public var constraint: String?
    }

    public var kind: Kind
    /// A short, data-free explanation written by this wrapper.
    public var reason: String
    public var server: ServerFields?
    /// The column involved in a decoding error.
    public var column: String?
    /// The SQL text of the failing statement (its values are bound parameters, so the text
    /// holds none) and where it was run from; shown by `debugDescription`, for the log line of
    /// a 500, never by `description`.
    public var statement: String?
    public var callSite: String?

    public var sqlState: String? { server?.sqlState }

    /// "cached plan must not change result type": a prepared statement whose table changed.
    var isStalePlan: Bool { sqlState == "0A000" && (server?.message?.contains("cached plan") ?? false) }

    public init(_ kind: Kind, _ reason: String, server: ServerFields? = nil, column: String? = nil) {
        self.kind = kind
        self.reason = reason
        self.server = server
        self.column = column
    }

    public var description: String {
        var parts = ["PQError.\(kind)", reason]
        if let state = sqlState { parts.append("SQLSTATE \(state)") }
        if let schema = server?.schema, let table = server?.table { parts.append("table \(schema).\(table)") }
        else if let table = server?.table { parts.append("table \(table)") }
        if let constraint = server?.constraint { parts.append("constraint \(constraint)") }
        if let column = column ?? server?.column { parts.append("column \(column)") }
        return parts.joined(separator: ": ")
    }

    /// The description, plus the statement and the call site that ran it: for logs only.
    public var debugDescription: String {
        var text = description
        if let callSite { text += " at \(callSite)" }
        if let statement { text += " in: \(statement.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " "))" }
        return text
    }

    /// True for the errors after which the connection cannot be trusted.
    public var isConnectionLoss: Bool {
        kind == .connection || (sqlState?.hasPrefix("08") ?? false) || sqlState == "57P01"
    }
}

extension PQError {
    /// A read a standby failed that the primary can serve: the standby was lost or busy, the
    /// statement conflicted with recovery, or it tried to write.
    var sendsReadToPrimary: Bool {
        isConnectionLoss || kind == .poolTimeout || kind == .poolClosed
            || sqlState == Self.readOnlyTransaction || sqlState == Self.serializationFailure
    }

    public static let readOnlyTransaction = "25006"
    public static let uniqueViolation = "23505"
    public static let foreignKeyViolation = "23503"
    public static let checkViolation = "23514"
    public static let notNullViolation = "23502"
    public static let invalidTextRepresentation = "22P02"
    public static let serializationFailure = "40001"
    public static let deadlockDetected = "40P01"

    static func fromResult(_ result: OpaquePointer) -> PQError {
        func field(_ code: Int32) -> String? {
            guard let value = PQresultErrorField(result, code) else { return nil }
            return String(cString: value)
        }
        let fields = ServerFields(
            severity: field(Int32(UInt8(ascii: "V"))),
            sqlState: field(Int32(UInt8(ascii: "C"))),
            message: field(Int32(UInt8(ascii: "M"))),
            detail: field(Int32(UInt8(ascii: "D"))),
            hint: field(Int32(UInt8(ascii: "H"))),
            schema: field(Int32(UInt8(ascii: "s"))),
            table: field(Int32(UInt8(ascii: "t"))),
            column: field(Int32(UInt8(ascii: "c"))),
            dataType: field(Int32(UInt8(ascii: "d"))),
            constraint: field(Int32(UInt8(ascii: "n")))
        )
        if fields.sqlState == nil {
            // libpq makes error results of its own (a lost connection) that carry no SQLSTATE.
            return PQError(.connection, "the connection failed while running a statement", server: fields)
        }
        return PQError(.server, "the server rejected the statement", server: fields)
    }
}
