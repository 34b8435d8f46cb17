import Foundation
import HTTPTypes
import NIOCore
import Hummingbird
import HummingbirdTesting
import Logging
import PQ
import TestSupport
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

/// Builds the real application on a database of its own and runs `body` against it over HTTP
/// (HummingbirdTesting's router framework runs the app's services, the pool among them).
func withTestApp(
    migrated: Bool = true,
    configuration override: PQConfiguration? = nil,
    bcryptCost: UInt8 = 4,
    bodyLimits: BodyLimits = BodyLimits(),
    idleTimeout: Duration = .seconds(30),
    live: Bool = false,
    poolWait: Duration = .seconds(2),
    _ body: @escaping @Sendable (any TestClientProtocol, PQConfiguration) async throws -> Void
) async throws {
    try await TestDatabase.withDatabase(migrated: migrated) { database in
        let configuration = override ?? database
        _ = MetricsRegistry.shared
        let pool = PQPool(
            configuration: configuration,
            options: .init(minConnections: 1, maxConnections: 4, waitLimit: poolWait),
            logger: TestDatabase.logger
        )
        var service = ServiceConfiguration()
        service.bcryptCost = bcryptCost
        service.bodyLimits = bodyLimits
        service.idleTimeout = idleTimeout
        service.port = 0
        let settings = service
        let app = buildApplication(configuration: settings, pool: pool, logger: TestDatabase.logger)
        try await app.test(live ? .live : .router) { client in
            // Every test calls as a system administrator unless it says otherwise.
            var token: String? = nil
            if migrated && override == nil {
                let accounts = accountStore(configuration: settings, pool: pool)
                _ = try await accounts.createFirstAdministrator(username: "admin", password: TestAuth.adminPassword)
                token = try await accounts.login(username: "admin", password: TestAuth.adminPassword).token
            }
            try await TestAuth.$token.withValue(token) {
                try await body(client, database)
            }
        }
    }
}

extension TestResponse {
    var bodyText: String { String(buffer: body) }

    func json() throws -> [String: Any] {
        let object = try JSONSerialization.jsonObject(with: Data(bodyText.utf8))
        guard let dictionary = object as? [String: Any] else { throw CocoaError(.coderReadCorrupt) }
        return dictionary
    }
}

/// The answer of a JSON call: status, headers and the parsed body (nil when not JSON).
struct JSONAnswer: Sendable {
    var status: HTTPResponse.Status
    var headers: HTTPFields
    var text: String

    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var items: [[String: Any]] { object["items"] as? [[String: Any]] ?? [] }

    /// The fields named by a validation problem.
    var errorFields: [String] {
        (object["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String }
    }

    subscript(key: String) -> Any? { object[key] }
}

/// The token that `call` sends by default: the test's system administrator.
enum TestAuth {
    @TaskLocal static var token: String?
    static let adminPassword = "mật-khẩu-quản-trị-2026"
}

extension TestClientProtocol {
    /// Sends `body` (any JSON value, or raw text with a content type) and collects the answer.
    /// `token`: `.none` sends the test's administrator token, `.some(nil)` no token at all.
    func call(
        _ method: HTTPRequest.Method, _ uri: String, json body: Any? = nil, text: String? = nil,
        contentType: String = "application/json", headers extra: HTTPFields = [:], token: String?? = .none
    ) async throws -> JSONAnswer {
        var headers = extra
        if let bearer = token ?? TestAuth.token { headers[.authorization] = "Bearer \(bearer)" }
        var buffer: ByteBuffer? = nil
        if let body {
            buffer = ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body))
            headers[.contentType] = contentType
        } else if let text {
            buffer = ByteBuffer(string: text)
            headers[.contentType] = contentType
        }
        return try await execute(uri: uri, method: method, headers: headers, body: buffer) { response in
            JSONAnswer(status: response.status, headers: response.headers, text: String(buffer: response.body))
        }
    }
}
