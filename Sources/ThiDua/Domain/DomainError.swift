/// Failures of the domain that the API turns into problem documents.
public enum DomainError: Error, Sendable, Equatable {
    /// No such record (or none the caller may see).
    case notFound(String)
    /// The record changed since the version the client holds (`If-Match`).
    case versionMismatch(current: Int)
    /// The request collides with stored data (a unique value taken).
    case conflict(String, field: String?)
    /// The record is in a state that does not allow this.
    case invalidState(String)
}
