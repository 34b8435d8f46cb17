import Foundation
import PQ

/// The answers kept for `Idempotency-Key`: claimed before a request runs, completed with its
/// answer after, released when it failed.
///
/// A claim that was never completed (the process died in between) is free again after
/// `claimLifetime`, and a kept answer after `replayWindow`, so no key stays taken forever.
/// Requests are compared by a keyed SHA-256 of the request (the key is `server_secret`'s,
/// computed in the database), never by their text.
public struct IdempotencyStore: Sendable {
    public static let claimLifetime: TimeInterval = 60
    public static let replayWindow: TimeInterval = 24 * 3600

    public struct Answer: Sendable, Equatable {
        public var status: Int
        public var contentType: String?
        public var location: String?
        public var body: Data

        public init(status: Int, contentType: String?, location: String?, body: Data) {
            self.status = status
            self.contentType = contentType
            self.location = location
            self.body = body
        }
    }

    public enum Claim: Sendable, Equatable {
        /// The key is this request's now: run it, then `complete` or `release`.
        case claimed
        /// The same request ran before: send this answer again.
        case replay(Answer)
        /// The same request is running right now.
        case running
        /// The key was used for another request.
        case mismatch
    }

    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// The fingerprint of `request` under the database's key, as SQL.
    private static func fingerprint(_ request: [UInt8]) -> PQQuery {
        "encode(sha256((SELECT value FROM server_secret WHERE name = 'idempotency') || \(Data(request))), 'hex')"
    }

    /// Claims `key` for `request` (its method, path and canonical body), or says why not.
    public func claim(key: String, request: [UInt8]) async throws -> Claim {
        try await pool.withConnection { connection in
            // One statement: a new key, or one whose claim or answer has expired, is taken.
            let claimed = try await connection.query("""
                INSERT INTO idempotency_key AS k (key, request_hash) VALUES (\(key), \(Self.fingerprint(request)))
                ON CONFLICT (key) DO UPDATE
                    SET request_hash = EXCLUDED.request_hash, status = NULL, content_type = NULL, location = NULL, body = NULL,
                        created_at = now()
                    WHERE k.created_at < now() - CASE WHEN k.status IS NULL THEN \(Self.claimLifetime) ELSE \(Self.replayWindow) END
                                                * interval '1 second'
                """).affectedRows == 1
            if claimed {
                // Now and then, forget the keys past the window (indexed by created_at).
                if Int.random(in: 0..<64) == 0 {
                    try await connection.query("""
                        DELETE FROM idempotency_key WHERE created_at < now() - \(Self.replayWindow) * interval '1 second'
                        """)
                }
                return .claimed
            }
            guard let row = try await connection.query("""
                SELECT request_hash = \(Self.fingerprint(request)), status, content_type, location, body
                FROM idempotency_key WHERE key = \(key)
                """).first else { return .running }
            let (same, status, contentType, location, body) = try row.decode((Bool, Int?, String?, String?, Data?).self)
            guard same else { return .mismatch }
            guard let status else { return .running }
            return .replay(Answer(status: status, contentType: contentType, location: location, body: body ?? Data()))
        }
    }

    /// Keeps the answer of a claimed key for replay.
    public func complete(key: String, answer: Answer) async throws {
        try await pool.query("""
            UPDATE idempotency_key SET status = \(answer.status), content_type = \(answer.contentType),
                   location = \(answer.location), body = \(answer.body)
            WHERE key = \(key) AND status IS NULL
            """)
    }

    /// Frees a claimed key whose request failed, so that a retry runs again.
    public func release(key: String) async throws {
        try await pool.query("DELETE FROM idempotency_key WHERE key = \(key) AND status IS NULL")
    }
}
