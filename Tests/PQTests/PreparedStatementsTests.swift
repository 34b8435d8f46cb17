import Foundation
@testable import PQ
import Testing
import TestSupport

@Suite struct PreparedStatementsTests {
    @Test func sqlIsPreparedOnItsSecondSightAndThenExecuted() {
        var cache = PreparedStatements(capacity: 2)
        #expect(cache.decide("SELECT 1") == .unnamed, "a one-off statement costs no Parse")
        #expect(cache.decide("SELECT 1") == .prepare(name: "pq_1", evicting: nil))
        cache.prepared("SELECT 1", name: "pq_1")
        #expect(cache.decide("SELECT 1") == .execute("pq_1"))
        #expect(cache.count == 1)
    }

    @Test func theLeastRecentlyUsedStatementMakesRoom() {
        var cache = PreparedStatements(capacity: 2)
        for sql in ["A", "B"] {
            _ = cache.decide(sql)
            guard case .prepare(let name, nil) = cache.decide(sql) else { Issue.record("\(sql) not prepared"); return }
            cache.prepared(sql, name: name)
        }
        #expect(cache.decide("A") == .execute("pq_1"), "A is now the more recently used")
        _ = cache.decide("C")
        #expect(cache.decide("C") == .prepare(name: "pq_3", evicting: "pq_2"), "B goes, not A")
        cache.prepared("C", name: "pq_3")
        #expect(cache.count == 2)
        #expect(cache.decide("B") == .unnamed, "B starts over")
    }

    @Test func aStalePlanIsForgottenAndAReconnectForgetsAll() {
        var cache = PreparedStatements(capacity: 4)
        _ = cache.decide("A")
        _ = cache.decide("A")
        cache.prepared("A", name: "pq_1")
        #expect(cache.forget("A") == "pq_1")
        #expect(cache.forget("A") == nil)
        _ = cache.decide("B")
        _ = cache.decide("B")
        cache.prepared("B", name: "pq_2")
        cache.removeAll()
        #expect(cache.count == 0)
        #expect(cache.decide("B") == .unnamed)
    }

    @Test func aConnectionKeepsAtMostItsCapacityPrepared() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let texts = PQConnection.preparedCapacity + 40
            for n in 0..<texts {
                for _ in 0..<2 { _ = try await c.query("SELECT \(unsafeSQL: String(n)) + \(1)") }
            }
            let held = try await c.query("SELECT count(*) FROM pg_prepared_statements")[0].decode(Int.self, at: 0)
            #expect(held == PQConnection.preparedCapacity, "the oldest were deallocated on the server too")
            #expect(await c.preparedCount == PQConnection.preparedCapacity)
            let once = try await c.query("SELECT 'only once'", prepare: false)[0].decode(String.self, at: 0)
            #expect(once == "only once")
        }
    }

    @Test func aStatementWhoseTableChangedIsPreparedAfresh() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            try await c.query("CREATE TABLE plan_change (a int)")
            try await c.query("INSERT INTO plan_change VALUES (\(1))")
            for _ in 0..<3 { _ = try await c.query("SELECT * FROM plan_change") }
            try await c.query("ALTER TABLE plan_change ADD COLUMN b text DEFAULT 'x'")
            let row = try await c.query("SELECT * FROM plan_change")[0]
            #expect(try row.decode(String.self, at: 1) == "x", "the new column is there, no 'cached plan must not change result type'")
        }
    }
}
