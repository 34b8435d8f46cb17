import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import LocalPostgres
import PQ
import Testing
import TestSupport
import ThiDua
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

/// A PostgreSQL restarted under write load (`pg_ctl restart -m fast`) on a cluster of the
/// test's own, so that no other test is disturbed.
@Suite struct RestartTests {
    struct Outcome: Sendable {
        var card: String
        var status: HTTPResponse.Status
        var startedAfterRestart: Duration?
    }

    @Test func writesSurviveAFastRestartAndResumeWithinASecond() async throws {
        try await withPrivateCluster(port: 55_434) { cluster in try await Self.write(through: cluster) }
    }

    static func write(through cluster: LocalCluster) async throws {
        let database = PQConfiguration(url: cluster.url())
        // The errors of the outage are expected here; the log would only repeat them.
        var quiet = TestDatabase.logger
        quiet.logLevel = .critical
        _ = try await PQConnection.withConnection(database, logger: quiet) { try await Migrator(logger: quiet).migrate($0) }

        let pool = PQPool(configuration: database, options: .init(minConnections: 2, maxConnections: 6, waitLimit: .seconds(2)),
                          logger: quiet)
        var service = ServiceConfiguration()
        service.bcryptCost = 4
        let settings = service
        let app = buildApplication(configuration: settings, pool: pool, logger: quiet)
        try await app.test(.router) { client in
            let accounts = accountStore(configuration: settings, pool: pool)
            _ = try await accounts.createFirstAdministrator(username: "admin", password: TestAuth.adminPassword)
            let token = try await accounts.login(username: "admin", password: TestAuth.adminPassword).token
            try await TestAuth.$token.withValue(token) {
                let tree = try await TreeFixture.make(client)
                let restarted = RestartClock()
                let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
                    for writer in 0..<6 {
                        group.addTask {
                            var outcomes: [Outcome] = []
                            let clock = ContinuousClock()
                            // The load goes on until a dozen writes have started a second or
                            // more after the server was back, however long the restart took: on
                            // a machine busy with the rest of the suite a fixed span left too few
                            // of them to judge. The minute is only a bound for a server that never
                            // recovers (the expectations below then fail).
                            let end = clock.now.advanced(by: .seconds(60))
                            var index = 0
                            while clock.now < end, await restarted.lateWrites < 12 {
                                index += 1
                                let card = "R-\(writer)-\(index)"
                                let startedAfter = await restarted.elapsed()
                                let answer = try await client.call(.post, "/api/v1/members",
                                                                   json: memberBody("Nguyễn Văn Ghi", card: card, cell: tree.cellA1))
                                outcomes.append(Outcome(card: card, status: answer.status, startedAfterRestart: startedAfter))
                                if let startedAfter, startedAfter >= .seconds(1) { await restarted.countLateWrite() }
                                if answer.status != .created { try await Task.sleep(for: .milliseconds(20)) }
                            }
                            return outcomes
                        }
                    }
                    group.addTask {
                        try await Task.sleep(for: .seconds(2))
                        // pg_ctl -w returns once the server accepts connections again.
                        try await blocking { try cluster.restart() }
                        await restarted.mark()
                        return []
                    }
                    return try await group.reduce(into: [Outcome]()) { $0 += $1 }
                }
                let stored = Set(try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                    try await $0.query("SELECT party_card_number FROM member").column(String.self)
                })
                let acknowledged = outcomes.filter { $0.status == .created }
                let failed = outcomes.filter { $0.status != .created }
                // The restart fell inside the load. (Whether any write saw it fail depends on
                // timing: an idle connection the server dropped is reset before its next statement.)
                #expect(outcomes.contains { $0.startedAfterRestart == nil } && outcomes.contains { $0.startedAfterRestart != nil })
                #expect(Set(failed.map(\.status)).isSubset(of: [.serviceUnavailable]), "\(Set(failed.map(\.status)))")
                #expect(acknowledged.filter { !stored.contains($0.card) }.map(\.card) == [], "acknowledged writes missing")
                #expect(failed.filter { stored.contains($0.card) }.map(\.card) == [], "writes stored though answered as failed")
                let firstSuccess = outcomes.filter { $0.status == .created }.compactMap(\.startedAfterRestart).min()
                print("""
                    restart under load: \(acknowledged.count) writes acknowledged, \(failed.count) answered 503; \
                    first success \(firstSuccess.map { "\($0)" } ?? "none") after the server accepted connections
                    """)
                let late = outcomes.filter { ($0.startedAfterRestart ?? .zero) >= .seconds(1) }
                #expect(late.count >= 12)
                #expect(late.filter { $0.status != .created }.map { "\($0.card) \($0.status.code) at \($0.startedAfterRestart!)" } == [],
                        "writes still failing a second after the restart")
                // Readiness says what the writes see.
                let ready = try await client.call(.get, "/health/ready", token: .some(nil))
                #expect(ready.status == .ok, "\(ready.text)")
            }
        }
    }
}

/// When the restart finished, for writers to tell which of their requests started after it, and
/// how many writes that started a second or more after it have been answered.
actor RestartClock {
    private var at: ContinuousClock.Instant?
    private(set) var lateWrites = 0

    func countLateWrite() { lateWrites += 1 }

    func mark() { at = .now }

    func elapsed() -> Duration? { at.map { ContinuousClock.now - $0 } }
}
