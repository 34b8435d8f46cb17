import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import PQ
import Synchronization
import Testing
import TestSupport
import ThiDua
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

@Suite struct AuthAPITests {
    func makeUser(_ client: any TestClientProtocol, _ name: String, password: String) async throws -> String {
        let created = try await client.call(.post, "/api/v1/users", json: ["username": name, "password": password, "fullName": "Nguyễn Thị \(name)"])
        #expect(created.status == .created, "\(created.text)")
        return try #require(created["id"] as? String)
    }

    @Test func loginMeAndLogout() async throws {
        try await withTestApp { client, _ in
            _ = try await makeUser(client, "lan", password: "hoa-sen-2026-đẹp")
            let login = try await client.call(.post, "/api/v1/auth/login", json: ["username": "lan", "password": "hoa-sen-2026-đẹp"], token: .some(nil))
            #expect(login.status == .ok)
            let token = try #require(login["token"] as? String)
            #expect(token.count >= 43) // 256 bits, base64url
            #expect((login["user"] as? [String: Any])?["username"] as? String == "lan")
            #expect((login["user"] as? [String: Any])?["passwordHash"] == nil)
            let expiresAt = try #require(ISO8601DateFormatter().date(from: login["expiresAt"] as? String ?? ""))
            #expect(abs(expiresAt.timeIntervalSinceNow - 12 * 3600) < 120)

            let me = try await client.call(.get, "/api/v1/me", token: .some(token))
            #expect(me.status == .ok)
            #expect(me["username"] as? String == "lan")
            #expect(try await client.call(.post, "/api/v1/auth/logout", token: .some(token)).status == .noContent)
            let after = try await client.call(.get, "/api/v1/me", token: .some(token))
            #expect(after.status == .unauthorized)
            #expect(after["code"] as? String == "unauthorized")
            #expect(after.headers[.wwwAuthenticate] == "Bearer")

            let wrong = try await client.call(.post, "/api/v1/auth/login", json: ["username": "lan", "password": "sai"], token: .some(nil))
            #expect(wrong.status == .unauthorized)
            let unknown = try await client.call(.post, "/api/v1/auth/login", json: ["username": "ai-do", "password": "sai"], token: .some(nil))
            #expect(unknown.status == .unauthorized)
            #expect(unknown["detail"] as? String == wrong["detail"] as? String)
            let empty = try await client.call(.post, "/api/v1/auth/login", json: [:] as [String: Any], token: .some(nil))
            #expect(Set(empty.errorFields) == ["username", "password"])
            let noToken = try await client.call(.get, "/api/v1/organizations", token: .some(nil))
            #expect(noToken.status == .unauthorized)
            let garbage = try await client.call(.get, "/api/v1/organizations", token: .some("not-a-token"))
            #expect(garbage.status == .unauthorized)
        }
    }

    @Test func fiveFailuresWithinFifteenMinutesAnswer429() async throws {
        try await withTestApp { client, database in
            _ = try await makeUser(client, "binh", password: "mat-khau-dung-1")
            for _ in 0..<5 {
                let failed = try await client.call(.post, "/api/v1/auth/login", json: ["username": "binh", "password": "sai"], token: .some(nil))
                #expect(failed.status == .unauthorized)
            }
            // Even the right password is refused while the window lasts.
            let blocked = try await client.call(.post, "/api/v1/auth/login", json: ["username": "binh", "password": "mat-khau-dung-1"], token: .some(nil))
            #expect(blocked.status == .tooManyRequests)
            let wait = Int(blocked.headers[.retryAfter] ?? "") ?? 0
            #expect((800...900).contains(wait))
            // Another username is not affected.
            let admin = try await client.call(.post, "/api/v1/auth/login", json: ["username": "admin", "password": TestAuth.adminPassword], token: .some(nil))
            #expect(admin.status == .ok)
            // Once the failures are older than the window, the door opens again.
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                try await $0.execute(unsafeSQL: "UPDATE login_failure SET at = at - interval '16 minutes'")
            }
            let again = try await client.call(.post, "/api/v1/auth/login", json: ["username": "binh", "password": "mat-khau-dung-1"], token: .some(nil))
            #expect(again.status == .ok)
        }
    }

    @Test func throttleWindowRule() {
        let now = Date()
        let four = (0..<4).map { now.addingTimeInterval(Double(-$0 * 60)) }
        #expect(LoginThrottle.retryAfter(failures: four, now: now) == nil)
        let five = four + [now.addingTimeInterval(-600)]
        #expect(LoginThrottle.retryAfter(failures: five, now: now) == 300)
        let old = four + [now.addingTimeInterval(-16 * 60)]
        #expect(LoginThrottle.retryAfter(failures: old, now: now) == nil)
    }

    @Test func expiredTokensAndDisabledAccountsAreRefused() async throws {
        try await withTestApp { client, database in
            let id = try await makeUser(client, "cuong", password: "mat-khau-cuong-1")
            let first = try await client.call(.post, "/api/v1/auth/login", json: ["username": "cuong", "password": "mat-khau-cuong-1"], token: .some(nil))
            let token = try #require(first["token"] as? String)
            #expect(try await client.call(.get, "/api/v1/me", token: .some(token)).status == .ok)
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                try await $0.query("UPDATE auth_token SET expires_at = now() - interval '1 second' WHERE user_id = \(UUID(uuidString: id)!)")
            }
            // Written behind the service's back, the change reaches the server's token cache by its
            // trigger's notification, a moment after the commit (through the service a write waits
            // for it: TokenRevocationTests).
            var status = try await client.call(.get, "/api/v1/me", token: .some(token)).status
            for _ in 0..<100 where status == .ok {
                try await Task.sleep(for: .milliseconds(10))
                status = try await client.call(.get, "/api/v1/me", token: .some(token)).status
            }
            #expect(status == .unauthorized)

            let second = try await client.call(.post, "/api/v1/auth/login", json: ["username": "cuong", "password": "mat-khau-cuong-1"], token: .some(nil))
            let fresh = try #require(second["token"] as? String)
            let disabled = try await client.call(.patch, "/api/v1/users/\(id)", json: ["disabled": true])
            #expect(disabled["disabled"] as? Bool == true)
            #expect(try await client.call(.get, "/api/v1/me", token: .some(fresh)).status == .unauthorized)
            let refused = try await client.call(.post, "/api/v1/auth/login", json: ["username": "cuong", "password": "mat-khau-cuong-1"], token: .some(nil))
            #expect(refused.status == .unauthorized)

            // A password reset (by an administrator) works and the new password signs in.
            _ = try await client.call(.patch, "/api/v1/users/\(id)", json: ["disabled": false, "password": "mat-khau-moi-2"])
            let reset = try await client.call(.post, "/api/v1/auth/login", json: ["username": "cuong", "password": "mat-khau-moi-2"], token: .some(nil))
            #expect(reset.status == .ok)
            let short = try await client.call(.patch, "/api/v1/users/\(id)", json: ["password": "ngan"])
            #expect(short.errorFields == ["password"])
        }
    }

    /// Captures every log line the application writes.
    final class LogCapture: LogHandler, @unchecked Sendable {
        let lines = Mutex<[String]>([])
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(level: Logger.Level, message: Logger.Message, metadata extra: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
            let all = metadata.merging(extra ?? [:]) { $1 }
            lines.withLock { $0.append("\(message) \(all)") }
        }
    }

    @Test func neitherPasswordsNorTokensReachTheLogs() async throws {
        let capture = LogCapture()
        let logger = Logger(label: "capture") { _ in capture }
        try await TestDatabase.withDatabase { database in
            let pool = PQPool(configuration: database, options: .init(minConnections: 1, maxConnections: 2), logger: logger)
            var service = ServiceConfiguration()
            service.bcryptCost = 4
            let settings = service
            let app = buildApplication(configuration: settings, pool: pool, logger: logger)
            let password = "bí-mật-không-được-ghi-2026"
            try await app.test(.router) { client in
                _ = try await accountStore(configuration: settings, pool: pool).createFirstAdministrator(username: "admin", password: password)
                let login = try await client.call(.post, "/api/v1/auth/login", json: ["username": "admin", "password": password], token: .some(nil))
                let token = try #require(login["token"] as? String)
                _ = try await client.call(.get, "/api/v1/me", token: .some(token))
                _ = try await client.call(.post, "/api/v1/users", json: ["username": "dung", "password": password + "-2", "fullName": "Dũng"], token: .some(token))
                _ = try await client.call(.post, "/api/v1/auth/login", json: ["username": "admin", "password": "sai-" + password], token: .some(nil))
                _ = try await client.call(.post, "/api/v1/auth/logout", token: .some(token))
                let lines = capture.lines.withLock { $0 }
                #expect(lines.count >= 5)
                #expect(!lines.contains { $0.contains(password) })
                #expect(!lines.contains { $0.contains(token) })
                #expect(lines.contains { $0.contains("/api/v1/auth/login") })
            }
        }
    }

    @Test func aFailedWriteLeavesNoAuditEventAndTheTrailIsAppendOnly() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            func events() async throws -> Int {
                try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                    try await $0.query("SELECT count(*) FROM audit_event")[0].decode(Int.self, at: 0)
                }
            }
            let before = try await events()
            // Refused by the database inside the write's transaction: a duplicate card.
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Một", card: "DUP", cell: tree.cellA1))
            let afterFirst = try await events()
            #expect(afterFirst == before + 1)
            let duplicate = try await client.call(.post, "/api/v1/members", json: memberBody("Hai", card: "DUP", cell: tree.cellA1))
            #expect(duplicate.status == .conflict)
            #expect(try await events() == afterFirst)

            // The trail names the actor and the request.
            let trail = try await client.call(.get, "/api/v1/audit-events?entityType=member")
            let event = try #require(trail.items.first)
            #expect(event["action"] as? String == "member.created")
            #expect(event["actorId"] as? String != nil)
            #expect(event["requestId"] as? String != nil)
            #expect(((event["after"] as? [String: Any])?["fullName"]) as? String == "Một")

            // Nobody changes or deletes an event, not even with SQL.
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) { connection in
                for statement in ["UPDATE audit_event SET action = 'x'", "DELETE FROM audit_event", "TRUNCATE audit_event"] {
                    let error = await #expect(throws: PQError.self) { try await connection.execute(unsafeSQL: statement) }
                    #expect(error?.sqlState == "42501")
                }
            }
            #expect(try await events() == afterFirst)
        }
    }

    @Test func auditEventsAreScopedToTheCallersTree() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Trong A", card: "A-1", cell: tree.cellA1))
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Trong B", card: "B-1", cell: tree.cellB1))
            let viewer = try await makeUser(client, "viewer-a", password: "mat-khau-viewer")
            _ = try await client.call(.post, "/api/v1/users/\(viewer)/grants", json: ["role": "VIEWER", "organizationId": tree.wardA])
            let login = try await client.call(.post, "/api/v1/auth/login", json: ["username": "viewer-a", "password": "mat-khau-viewer"], token: .some(nil))
            let token = try #require(login["token"] as? String)
            let trail = try await client.call(.get, "/api/v1/audit-events?entityType=member", token: .some(token))
            #expect(trail.status == .ok)
            let names = trail.items.compactMap { ($0["after"] as? [String: Any])?["fullName"] as? String }
            #expect(names == ["Trong A"])
            let members = try await client.call(.get, "/api/v1/members", token: .some(token))
            #expect(members.items.compactMap { $0["fullName"] as? String } == ["Trong A"])
            let badDate = try await client.call(.get, "/api/v1/audit-events?from=yesterday", token: .some(token))
            #expect(badDate.errorFields == ["from"])
        }
    }
}
