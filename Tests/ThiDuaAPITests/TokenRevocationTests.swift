import Foundation
import HummingbirdTesting
import PQ
import Testing
import TestSupport

/// Tokens are held in memory by each server (TokenCache); a second server on the same database
/// must still refuse a token on the very next request once the first server has logged it out,
/// disabled its account or changed its grants (issue 15, must-show 4).
@Suite struct TokenRevocationTests {
    func user(_ client: any TestClientProtocol, _ name: String, grant: Bool = false) async throws -> (id: String, token: String) {
        let created = try await client.call(.post, "/api/v1/users", json: ["username": name, "password": "mật khẩu \(name)!", "fullName": name])
        let id = try #require(created["id"] as? String, "\(created.text)")
        if grant {
            let granted = try await client.call(.post, "/api/v1/users/\(id)/grants", json: ["role": "ADMIN"])
            #expect(granted.status == .created, "\(granted.text)")
        }
        let login = try await client.call(.post, "/api/v1/auth/login", json: ["username": name, "password": "mật khẩu \(name)!"], token: .some(nil))
        return (id, try #require(login["token"] as? String, "\(login.text)"))
    }

    func me(_ client: any TestClientProtocol, _ token: String) async throws -> JSONAnswer {
        try await client.call(.get, "/api/v1/me", token: .some(token))
    }

    @Test func aSecondServerRefusesARevokedTokenOnTheNextRequest() async throws {
        try await withTestApp { first, database in
            let admin = TestAuth.token
            try await withTestApp(configuration: database) { second, _ in try await TestAuth.$token.withValue(admin) {
                // The second server holds a token it verified: a revocation that bypasses the
                // triggers (replica role) is not seen, which shows the cache answers.
                var cached = false
                for attempt in 0..<50 where !cached {
                    let probe = try await user(first, "probe-\(attempt)")
                    #expect(try await me(second, probe.token).status == .ok)
                    try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in
                        try await c.query("SET session_replication_role = replica")
                        try await c.query("UPDATE auth_token SET revoked_at = now() WHERE user_id = \(UUID(uuidString: probe.id)!)")
                    }
                    cached = try await me(second, probe.token).status == .ok
                    if !cached { try await Task.sleep(for: .milliseconds(50)) }  // its listener was not up yet
                }
                #expect(cached, "the second server answers a verified token from memory")

                let lan = try await user(first, "lan")
                #expect(try await me(second, lan.token).status == .ok)
                #expect(try await me(second, lan.token).status == .ok)
                #expect(try await first.call(.post, "/api/v1/auth/logout", token: .some(lan.token)).status == .noContent)
                #expect(try await me(second, lan.token).status == .unauthorized, "logged out on the first server")

                let binh = try await user(first, "binh")
                #expect(try await me(second, binh.token).status == .ok)
                let disabled = try await first.call(.patch, "/api/v1/users/\(binh.id)", json: ["disabled": true])
                #expect(disabled.status == .ok, "\(disabled.text)")
                #expect(try await me(second, binh.token).status == .unauthorized, "disabled on the first server")

                let cuong = try await user(first, "cuong", grant: true)
                let granted = try await me(second, cuong.token)
                let grants = try #require(granted["grants"] as? [[String: Any]], "\(granted.text)")
                #expect(grants.count == 1)
                let grantId = try #require(grants.first?["id"] as? String)
                #expect(try await first.call(.delete, "/api/v1/users/\(cuong.id)/grants/\(grantId)").status == .noContent)
                let after = try await me(second, cuong.token)
                #expect((after["grants"] as? [[String: Any]])?.isEmpty == true, "the grant taken on the first server: \(after.text)")
                #expect(try await second.call(.get, "/api/v1/users", token: .some(cuong.token)).status == .forbidden,
                        "and its power with it")
            } }
        }
    }
}
