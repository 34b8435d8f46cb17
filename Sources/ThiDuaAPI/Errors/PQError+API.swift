import PQ

extension PQError {
    /// The API's view of a database error. Constraint violations that reach the edge mean the
    /// request conflicted with stored data or broke a rule the database enforces; a lost
    /// database is a 503. The server's message is never shown: it can quote row data.
    var apiError: APIError {
        switch kind {
        case .connection, .poolTimeout, .poolClosed:
            return .unavailable()
        case .server where isConnectionLoss:
            return .unavailable()
        case .server:
            switch sqlState {
            case PQError.uniqueViolation:
                return .conflict("A record with the same unique value already exists.")
            case PQError.foreignKeyViolation:
                return .validation(field: server?.column ?? "", "refers to a record that does not exist or is still in use")
            case PQError.checkViolation, PQError.notNullViolation, PQError.invalidTextRepresentation:
                return .validation(field: server?.column ?? "", "is not an acceptable value")
            case "22003", "22001", "54000":
                // Out of range, too long, or over an index row's size: the routes' own limits
                // should have said so first; this keeps a missed one a client error.
                return .validation(field: server?.column ?? "", "is too large or too long to store")
            case PQError.serializationFailure, PQError.deadlockDetected:
                return APIError(.conflict, code: .conflict, detail: "The record changed concurrently; retry the request.")
            default:
                return .internalError
            }
        case .usage where reason.contains("NUL"):
            return .validation(field: "", "text must not contain a NUL character (U+0000)")
        case .decoding, .usage:
            return .internalError
        }
    }
}
