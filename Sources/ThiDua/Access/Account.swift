import Foundation
import PQ

/// An account as the API shows it: never its password hash.
public struct Account: Codable, Sendable, Equatable {
    public var id: UUID
    public var username: String
    public var fullName: String
    public var disabled: Bool
    public var grants: [Grant]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
}

/// Issued at login: the token itself is shown once and stored only as its SHA-256.
public struct IssuedToken: Sendable {
    public var token: String
    public var expiresAt: Date
    public var account: Account
}

/// Password hashing, supplied by the API layer (bcrypt); the store only calls it.
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) async -> String
    func verify(_ password: String, hash: String) async -> Bool
    /// A hash of a random password at the configured cost: what an unknown username is
    /// checked against, so that a failed login takes as long whether or not the name exists.
    var decoyHash: String { get }
}

/// The password rules: at least 10 characters, at most 72 UTF-8 bytes (bcrypt reads no
/// further: a longer password, or a Vietnamese one of fewer characters but more bytes, would
/// be cut and two different passwords would both sign in), and no control characters (libpq
/// and bcrypt both stop at NUL).
public enum PasswordRules {
    public static let minimumCharacters = 10
    public static let maximumBytes = 72

    /// What is wrong with `password`, or nil.
    public static func problem(_ password: String) -> String? {
        if password.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            return "must not contain control characters"
        }
        if password.count < minimumCharacters { return "must have at least \(minimumCharacters) characters" }
        if password.utf8.count > maximumBytes {
            return "must be at most \(maximumBytes) bytes in UTF-8 (bcrypt's limit; a letter with diacritics takes 2 or 3)"
        }
        return nil
    }
}

/// Login throttling: five failures for one username within fifteen minutes close the door
/// until the oldest of them is fifteen minutes old.
public enum LoginThrottle {
    public static let limit = 5
    public static let window: TimeInterval = 15 * 60

    /// Seconds until another attempt is allowed, or nil when one is allowed now.
    public static func retryAfter(failures: [Date], now: Date) -> Int? {
        let recent = failures.filter { now.timeIntervalSince($0) < window }.sorted()
        guard recent.count >= limit else { return nil }
        let reopens = recent[recent.count - limit].addingTimeInterval(window)
        return max(1, Int(reopens.timeIntervalSince(now).rounded(.up)))
    }
}

public enum LoginError: Error, Sendable, Equatable {
    case invalidCredentials
    case throttled(retryAfter: Int)
}
