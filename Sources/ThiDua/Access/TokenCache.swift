import Foundation
import Synchronization

/// Verified tokens and their callers, held for a short time so that a request needs no
/// database trip to know who is calling.
///
/// It answers only while `TokenInvalidation` listens. Every change to a user's tokens, account
/// or grants notifies `thidua_auth` with the user's id when it commits (triggers of schema 6,
/// so a change made outside the service counts too), and every server process drops that
/// user's entries when the notification arrives. A write through this process drops them
/// here at once and answers only once its own notification has come back, by which time the
/// other processes have been sent theirs. With the listener down (PostgreSQL restarting) the
/// cache is off and empty, and every request reads the database as before.
public final class TokenCache: Sendable {
    struct Entry {
        var caller: Caller
        var until: ContinuousClock.Instant
    }

    struct State {
        var listening = false
        var entries: [String: Entry] = [:]
        /// Moves on at every invalidation: a lookup that read the database before one must not
        /// store what it read after it.
        var generation = 0
        /// Notifications received, counted; and the count at each user's latest, for a writer
        /// waiting for its own.
        var sequence = 0
        var latest: [UUID: Int] = [:]
    }

    private let state = Mutex(State())
    /// How long a verified token is trusted without the database.
    public let lifetime: Duration
    public let capacity: Int

    public init(lifetime: Duration = .seconds(30), capacity: Int = 20_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The cached caller of `token` while fresh; with the generation a later `store` must
    /// match (nil when the cache is off).
    func lookup(_ token: String, now: ContinuousClock.Instant = .now) -> (caller: Caller?, generation: Int?) {
        state.withLock { state in
            guard state.listening else { return (nil, nil) }
            guard let entry = state.entries[token] else { return (nil, state.generation) }
            if entry.until <= now {
                state.entries[token] = nil
                return (nil, state.generation)
            }
            return (entry.caller, state.generation)
        }
    }

    /// Keeps a caller just read from the database, unless an invalidation came in between;
    /// never past the token's own expiry.
    func store(_ token: String, caller: Caller, expiresIn: Duration, generation: Int, now: ContinuousClock.Instant = .now) {
        state.withLock { state in
            guard state.listening, state.generation == generation, expiresIn > .zero else { return }
            if state.entries.count >= capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[token] = Entry(caller: caller, until: now + min(lifetime, expiresIn))
        }
    }

    /// Drops every token of `userId`.
    public func invalidate(userId: UUID) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { $0.value.caller.userId != userId }
        }
    }

    /// A notification for `userId` arrived.
    func received(userId: UUID) {
        state.withLock { state in
            state.generation += 1
            state.entries = state.entries.filter { $0.value.caller.userId != userId }
            state.sequence += 1
            state.latest[userId] = state.sequence
        }
    }

    /// Where the notifications stand before a write (`settle` waits for one past it).
    var mark: Int { state.withLock { $0.sequence } }

    /// After a write committed: drops the user's tokens here at once, then waits (at most
    /// `limit`) for the write's own notification, so that the write answers only once the
    /// change has been sent to every listener. Returns at once when the cache is off.
    func settle(_ userId: UUID, after mark: Int, limit: Duration = .milliseconds(500)) async {
        invalidate(userId: userId)
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            let done = state.withLock { !$0.listening || $0.latest[userId, default: 0] > mark }
            if done { break }
            try? await Task.sleep(for: .milliseconds(1))
        }
    }

    /// The listener is up (`true`, after LISTEN succeeded) or down; either way what was held
    /// is dropped, since notifications may have been missed meanwhile.
    public func setListening(_ listening: Bool) {
        state.withLock { state in
            state.generation += 1
            state.listening = listening
            state.entries.removeAll()
        }
    }

    var count: Int { state.withLock { $0.entries.count } }
    var isListening: Bool { state.withLock { $0.listening } }
}
