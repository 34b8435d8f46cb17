import Foundation
import LocalPostgres
import Testing
import TestSupport

/// Issue 11: two embedded defaults in two folders must not collide on one port; the cluster
/// tells a taken port from a free one, and finds a free one.
@Suite struct LocalClusterPortTests {
    @Test func aTakenPortIsSeenAndAFreeOneFound() throws {
        let port = try #require(LocalCluster.freePort())
        #expect(LocalCluster.isPortFree(port))
        // Hold it the way a running PostgreSQL would: bound and listening.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        let bound = withLoopbackAddress(port: port) { bind(descriptor, $0, $1) }
        #expect(bound == 0)
        #expect(listen(descriptor, 1) == 0)
        #expect(!LocalCluster.isPortFree(port))
        let other = try #require(LocalCluster.freePort())
        #expect(other != port)
    }

    @Test func missingServerBinariesSayWhatToInstall() {
        #expect(LocalCluster.findBinaries(under: "/nonexistent", path: "/nonexistent:/also-not") == nil)
        #expect(LocalCluster.findBinaries() != nil)
        #expect(LocalClusterError.noServerBinaries.description.contains("apt-get install postgresql"))
        #expect(LocalClusterError.noServerBinaries.description.contains("DATABASE_URL"))
    }
}
