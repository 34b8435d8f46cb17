import PQ

/// What the layers above the stores need to know of a database error without importing the
/// driver: whether it is the database being away (answer "try again later"), not a bug.
public enum StorageFailure {
    public static func isUnavailable(_ error: any Error) -> Bool {
        guard let error = error as? PQError else { return false }
        switch error.kind {
        case .connection, .poolTimeout, .poolClosed: return true
        case .server: return error.isConnectionLoss
        case .decoding, .usage: return false
        }
    }
}
