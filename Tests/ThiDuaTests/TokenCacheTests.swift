import Foundation
import Testing
@testable import ThiDua

@Suite struct TokenCacheTests {
    let lan = Caller(userId: UUID(), username: "lan", grants: [])
    let binh = Caller(userId: UUID(), username: "binh", grants: [])

    @Test func offUntilTheListenerIsUp() {
        let cache = TokenCache()
        #expect(cache.lookup("t").generation == nil, "no listener: every request reads the database")
        cache.store("t", caller: lan, expiresIn: .seconds(60), generation: 0)
        #expect(cache.count == 0)
        cache.setListening(true)
        let generation = try! #require(cache.lookup("t").generation)
        cache.store("t", caller: lan, expiresIn: .seconds(60), generation: generation)
        #expect(cache.lookup("t").caller == lan)
        cache.setListening(false)
        #expect(cache.lookup("t").caller == nil, "down again: what was held is gone")
    }

    @Test func entriesLastTheLifetimeOrTheTokenWhicheverEndsFirst() {
        let cache = TokenCache(lifetime: .seconds(30))
        cache.setListening(true)
        let now = ContinuousClock.now
        let generation = cache.lookup("a", now: now).generation!
        cache.store("a", caller: lan, expiresIn: .seconds(3600), generation: generation, now: now)
        cache.store("b", caller: binh, expiresIn: .seconds(5), generation: generation, now: now)
        #expect(cache.lookup("a", now: now + .seconds(29)).caller == lan)
        #expect(cache.lookup("a", now: now + .seconds(31)).caller == nil)
        #expect(cache.lookup("b", now: now + .seconds(4)).caller == binh)
        #expect(cache.lookup("b", now: now + .seconds(6)).caller == nil, "never past the token's own expiry")
    }

    @Test func aNotificationDropsTheUsersTokensAndAStaleReadIsNotStored() {
        let cache = TokenCache()
        cache.setListening(true)
        let before = cache.lookup("lan-1").generation!
        cache.store("lan-1", caller: lan, expiresIn: .seconds(60), generation: before)
        cache.store("lan-2", caller: lan, expiresIn: .seconds(60), generation: before)
        cache.store("binh", caller: binh, expiresIn: .seconds(60), generation: before)
        cache.received(userId: lan.userId)
        #expect(cache.lookup("lan-1").caller == nil && cache.lookup("lan-2").caller == nil)
        #expect(cache.lookup("binh").caller == binh)
        // A lookup that read the database before the notification must not put it back.
        cache.store("lan-1", caller: lan, expiresIn: .seconds(60), generation: before)
        #expect(cache.lookup("lan-1").caller == nil)
    }

    @Test func aWriterWaitsForItsOwnNotificationOnly() async {
        // No bound from above on how long a wait takes: a loaded machine may be slow. What is
        // shown: another user's notification does not end the wait, the writer's own does, and
        // with the listener down nothing is waited for.
        let cache = TokenCache()
        cache.setListening(true)
        let mark = cache.mark
        cache.received(userId: binh.userId)
        let started = ContinuousClock.now
        await cache.settle(lan.userId, after: mark, limit: .milliseconds(60))
        #expect(ContinuousClock.now - started >= .milliseconds(60), "binh's notification is not lan's")
        cache.received(userId: lan.userId)
        let again = ContinuousClock.now
        await cache.settle(lan.userId, after: mark, limit: .seconds(30))
        #expect(ContinuousClock.now - again < .seconds(15), "lan's own notification ends the wait")
        let off = TokenCache()
        let quick = ContinuousClock.now
        await off.settle(lan.userId, after: 0, limit: .seconds(30))
        #expect(ContinuousClock.now - quick < .seconds(15), "no listener, no wait")
    }
}
