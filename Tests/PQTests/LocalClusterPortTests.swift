import Foundation
import LocalPostgres
import Testing

/// Issue 11: two embedded defaults in two folders must not collide on one port; the cluster
/// tells a taken port from a free one, and finds a free one.
@Suite struct LocalClusterPortTests {
    @Test func aTakenPortIsSeenAndAFreeOneFound() throws {
        let port = try #require(LocalCluster.freePort())
        #expect(LocalCluster.isPortFree(port))
        // Hold it the way a running PostgreSQL would: bound and listening.
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
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
