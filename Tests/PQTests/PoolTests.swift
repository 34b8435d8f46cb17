import Foundation
import LocalPostgres
import PQ
import Testing
import TestSupport

@Suite struct PoolTests {
    @Test func sixtyFourConcurrentQueriesThroughFourConnections() async throws {
        try await TestDatabase.withDatabase(migrated: false) { base in
            var configuration = base
            let tag = "pool-\(UUID().uuidString.prefix(8))"
            configuration.applicationName = tag
            // The point is the bound of four, not speed: a generous wait, since the whole suite
            // shares two cores and one server (5 s ran out once in a full run).
            let pool = PQPool(configuration: configuration, options: .init(minConnections: 1, maxConnections: 4, waitLimit: .seconds(60)),
                              logger: TestDatabase.logger)
            let seen = try await withRunningPool(pool) { pool in
                try await withThrowingTaskGroup(of: (Int, Int, Int).self) { group in
                    for n in 0..<64 {
                        group.addTask {
                            let row = try await pool.query("""
                                SELECT \(n), (SELECT count(*) FROM pg_stat_activity WHERE application_name = \(tag)), pg_sleep(0.01)::text IS NOT NULL
                                """)[0]
                            let (echo, backends, _) = try row.decode((Int, Int, Bool).self)
                            return (n, echo, backends)
                        }
                    }
                    var results: [(Int, Int, Int)] = []
                    for try await result in group { results.append(result) }
                    return results
                }
            }
            #expect(seen.count == 64)
            #expect(seen.allSatisfy { $0.0 == $0.1 })
            #expect(seen.map(\.2).max()! <= 4)
            #expect(seen.map(\.2).max()! >= 2)
        }
    }

    @Test func waitLimitGivesAClearError() async throws {
        try await TestDatabase.withDatabase(migrated: false) { configuration in
            let pool = PQPool(
                configuration: configuration,
                options: .init(minConnections: 1, maxConnections: 1, waitLimit: .milliseconds(150)),
                logger: TestDatabase.logger
            )
            try await withRunningPool(pool) { pool in
                try await pool.withConnection { held in
                    let started = ContinuousClock.now
                    let error = await #expect(throws: PQError.self) {
                        try await pool.query("SELECT 1")
                    }
                    #expect(error?.kind == .poolTimeout)
                    #expect(ContinuousClock.now - started >= .milliseconds(150))
                    #expect(ContinuousClock.now - started < .seconds(2))
                    try await held.query("SELECT 1")
                }
                // The held connection came back: the pool serves again.
                let value1 = try await pool.query("SELECT 2")[0].decode(Int.self, at: 0)
                #expect(value1 == 2)
            }
        }
    }

    @Test func drainWaitsForLeasedConnectionsAndClosesEverything() async throws {
        try await TestDatabase.withDatabase(migrated: false) { configuration in
            let pool = PQPool(configuration: configuration, options: .init(minConnections: 2, maxConnections: 3), logger: TestDatabase.logger)
            try await withRunningPool(pool) { pool in
                try await pool.query("SELECT 1")
                #expect(pool.statistics.idle >= 1)
            }
            #expect(pool.statistics == .init(idle: 0, inUse: 0, waiting: 0))
            let error = await #expect(throws: PQError.self) { try await pool.query("SELECT 1") }
            #expect(error?.kind == .poolClosed)
        }
    }

    /// The pool must heal by itself when the server restarts under it: the first query after
    /// the restart succeeds without the caller retrying.
    @Test func recoversAfterTheServerRestarts() async throws {
        try await withPrivateCluster(port: 55_433) { cluster in
            let pool = PQPool(
                configuration: PQConfiguration(url: cluster.url()),
                options: .init(minConnections: 3, maxConnections: 3),
                logger: TestDatabase.logger
            )
            try await withRunningPool(pool) { pool in
                let before = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
                try await blocking { try cluster.restart() }
                // Every pooled connection was terminated by the restart; each must heal on use.
                for _ in 0..<6 {
                    let value = try await pool.query("SELECT 41 + 1", prepare: true)[0].decode(Int.self, at: 0)
                    #expect(value == 42)
                }
                let after = try await pool.query("SELECT pg_backend_pid()")[0].decode(Int32.self, at: 0)
                #expect(before != after)
            }
        }
    }
}
