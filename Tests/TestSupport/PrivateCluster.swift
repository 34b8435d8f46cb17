import Foundation
import LocalPostgres

/// Runs `body` with a PostgreSQL cluster of its own on `port`, for tests that restart the
/// server (so that no other test is disturbed); stops and removes it afterwards.
public func withPrivateCluster<Result>(port: Int, _ body: (LocalCluster) async throws -> Result) async throws -> Result {
    let folder = URL(fileURLWithPath: "/tmp/thidua-private-cluster-\(port)-\(UUID().uuidString.prefix(8))")
    let cluster = try LocalCluster(dataDirectory: folder.appendingPathComponent("data"), port: port)
    defer {
        try? cluster.stop()
        try? FileManager.default.removeItem(at: folder)
    }
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try await blocking {
        try cluster.initializeIfNeeded()
        try cluster.start(fastAndUnsafe: true)
    }
    return try await body(cluster)
}
