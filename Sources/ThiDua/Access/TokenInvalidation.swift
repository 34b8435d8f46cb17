import Foundation
import Logging
import PQ
import ServiceLifecycle

/// Listens on `thidua_auth` for the users whose tokens, account or grants changed and drops
/// them from this process's `TokenCache`; run as a service beside the pool. A lost connection
/// turns the cache off until the listener is back.
public struct TokenInvalidation: Service {
    /// The channel schema 6's triggers notify; the payload is a user id.
    static let channel = "thidua_auth"

    let configuration: PQConfiguration
    let cache: TokenCache
    let logger: Logger

    public init(configuration: PQConfiguration, cache: TokenCache, logger: Logger) {
        self.configuration = configuration
        self.cache = cache
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await listen()
            } catch {
                cache.setListening(false)
                guard !Task.isCancelled && !Task.isShuttingDownGracefully else { break }
                logger.warning("token listener lost; tokens are checked in the database until it is back", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .seconds(1))
            }
        }
        cache.setListening(false)
    }

    private func listen() async throws {
        try await PQConnection.withConnection(configuration, logger: logger) { connection in
            try await connection.query("LISTEN \(unsafeSQL: Self.channel)", prepare: false)
            cache.setListening(true)
            while !Task.isCancelled && !Task.isShuttingDownGracefully {
                for notification in try await connection.notifications(waitingUpTo: .milliseconds(100)) {
                    if let userId = UUID(uuidString: notification.payload) {
                        cache.received(userId: userId)
                    } else {
                        cache.setListening(true)  // an unreadable payload: forget everything
                    }
                }
            }
            cache.setListening(false)
        }
    }
}
