import Foundation
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

/// The callers of the permission matrices (the API's and the pages'): one account per role
/// granted at a ward, the MEMBER linked to a member there, and sessions that have expired or
/// been revoked.
enum MatrixCallers {
    typealias Identity = PermissionMatrixTests.Identity

    /// A member of `cell`, numbered `number`, with the party card `card-number`.
    static func member(_ client: any TestClientProtocol, number: Int, card: String, in cell: String) async throws -> String {
        let answer = try await client.call(.post, "/api/v1/members", json: memberBody("Thành viên \(number)", card: "\(card)-\(number)", cell: cell))
        return try #require(answer["id"] as? String, "\(answer.text)")
    }

    /// An account, with `role` granted at `organization` when given, signed in.
    static func account(_ client: any TestClientProtocol, _ name: String, role: Role?, at organization: String?,
                        member: String? = nil) async throws -> (id: String, token: String) {
        let created = try await client.call(.post, "/api/v1/users", json: ["username": name, "password": "mật khẩu \(name)!", "fullName": name])
        let id = try #require(created["id"] as? String, "\(created.text)")
        if let role {
            var grant: [String: Any] = ["role": role.rawValue]
            if let organization { grant["organizationId"] = organization }
            if let member { grant["memberId"] = member }
            let granted = try await client.call(.post, "/api/v1/users/\(id)/grants", json: grant)
            #expect(granted.status == .created, "\(granted.text)")
        }
        let login = try await client.call(.post, "/api/v1/auth/login", json: ["username": name, "password": "mật khẩu \(name)!"], token: .some(nil))
        return (id, try #require(login["token"] as? String, "\(login.text)"))
    }

    /// A token for every identity but `.none`, each account named `prefix-…`.
    static func tokens(_ client: any TestClientProtocol, _ database: PQConfiguration, prefix: String, ward: String,
                       ownMember: String) async throws -> [Identity: String] {
        var tokens: [Identity: String] = [:]
        for identity in [Identity.admin, .secretary, .staff, .viewer] {
            tokens[identity] = try await account(client, "\(prefix)-\(identity.rawValue.lowercased())", role: identity.role, at: ward).token
        }
        tokens[.member] = try await account(client, "\(prefix)-member", role: .member, at: ward, member: ownMember).token
        let expired = try await account(client, "\(prefix)-expired", role: .admin, at: ward)
        tokens[.expired] = expired.token
        try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
            try await $0.query("UPDATE auth_token SET expires_at = now() - interval '1 minute' WHERE user_id = \(UUID(uuidString: expired.id)!)")
        }
        let revoked = try await account(client, "\(prefix)-revoked", role: .admin, at: ward)
        tokens[.revoked] = revoked.token
        _ = try await client.call(.post, "/api/v1/auth/logout", token: .some(revoked.token))
        return tokens
    }

    /// The routes of the service, as "METHOD /path/{name}", of the API (`api`) or of the
    /// pages, read off the router itself; `last` sorts after every other (it ends the session).
    static func routes(_ database: PQConfiguration, api: Bool, last: String) -> [String] {
        let pool = PQPool(configuration: database, options: .init(minConnections: 0, maxConnections: 1), logger: TestDatabase.logger)
        let router = buildRouter(pool: pool, accounts: accountStore(configuration: ServiceConfiguration(), pool: pool))
        return router.routes.filter { $0.method != .head && APIRoutes.owns(path: $0.path.description) == api }.map { route in
            let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            return "\(route.method.rawValue) /\(path.joined(separator: "/"))"
        }.sorted { ($0 == last ? 1 : 0, $0) < ($1 == last ? 1 : 0, $1) }
    }
}
