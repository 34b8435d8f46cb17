import PQ
import Testing
import ThiDuaHTTP

/// The environment a server is started with: what is read, and what is refused by name.
@Suite struct ConfigurationTests {
    @Test func standbysAreReadFromTheEnvironment() throws {
        let configuration = try ServiceConfiguration.fromEnvironment([
            "DATABASE_REPLICA_URLS": " postgresql://a@10.0.0.2/thidua ,postgresql://a@10.0.0.3:5433/thidua,",
            "THIDUA_REPLICA_MAX_LAG_MS": "750",
        ])
        #expect(configuration.replicaURLs == ["postgresql://a@10.0.0.2/thidua", "postgresql://a@10.0.0.3:5433/thidua"])
        #expect(configuration.replicas.maxLag == .milliseconds(750))
        let pool = configuration.makePool(url: "postgresql://a@10.0.0.1/thidua", logger: .init(label: "test"))
        // Named without the user, so that a name in /health/ready leaks no credential.
        #expect(pool.standbys?.standbys.map(\.name) == ["10.0.0.2:5432/thidua", "10.0.0.3:5433/thidua"])
        #expect(try ServiceConfiguration.fromEnvironment([:]).makePool(url: "postgresql://a@h/d", logger: .init(label: "test")).standbys == nil)
    }

    @Test func aBadStandbySettingIsRefusedByName() {
        for (key, value) in [("DATABASE_REPLICA_URLS", "10.0.0.2:5432"), ("THIDUA_REPLICA_MAX_LAG_MS", "0"),
                             ("THIDUA_REPLICA_MAX_LAG_MS", "soon")] {
            #expect(throws: ConfigurationError.self) { try ServiceConfiguration.fromEnvironment([key: value]) }
            do { _ = try ServiceConfiguration.fromEnvironment([key: value]) } catch {
                #expect("\(error)".contains(key), "\(key)=\(value): \(error)")
            }
        }
    }
}
