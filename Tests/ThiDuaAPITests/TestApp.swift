import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PQ
import TestSupport
import ThiDuaAPI

/// Builds the real application on a database of its own and runs `body` against it over HTTP
/// (HummingbirdTesting's router framework runs the app's services, the pool among them).
func withTestApp(
    migrated: Bool = true,
    configuration override: PQConfiguration? = nil,
    _ body: @escaping @Sendable (any TestClientProtocol, PQConfiguration) async throws -> Void
) async throws {
    try await TestDatabase.withDatabase(migrated: migrated) { database in
        let configuration = override ?? database
        _ = MetricsRegistry.shared
        let pool = PQPool(
            configuration: configuration,
            options: .init(minConnections: 1, maxConnections: 4, waitLimit: .seconds(2)),
            logger: TestDatabase.logger
        )
        let app = buildApplication(configuration: ServiceConfiguration(), pool: pool, logger: TestDatabase.logger)
        try await app.test(.router) { client in
            try await body(client, database)
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
