import Foundation
import HummingbirdBcrypt
import NIOPosix
import ThiDua

/// bcrypt through HummingbirdBcrypt. A hash at cost 12 takes a quarter of a second of CPU, so
/// it runs on NIO's blocking thread pool, never on Swift's cooperative threads.
public struct BcryptHasher: PasswordHasher {
    public let cost: UInt8
    public let decoyHash: String

    /// Hashes a random password at `cost` once, at start-up (a quarter of a second at 12).
    public init(cost: UInt8) {
        self.cost = cost
        decoyHash = Bcrypt.hash(UUID().uuidString, cost: cost)
    }

    public func hash(_ password: String) async -> String {
        (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }) ?? Bcrypt.hash(password, cost: cost)
    }

    public func verify(_ password: String, hash: String) async -> Bool {
        (try? await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }) ?? false
    }
}
