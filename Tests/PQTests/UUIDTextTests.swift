import Foundation
import PQ
import Testing
import TestSupport

@Suite struct UUIDTextTests {
    @Test func printsAndParsesAsFoundationDoes() {
        for _ in 0..<1_000 {
            let id = UUID()
            #expect(UUIDText.lowercased(id) == id.uuidString.lowercased())
            #expect(UUIDText.parse(id.uuidString) == id)
            #expect(UUIDText.parse(id.uuidString.lowercased()) == id)
        }
        #expect(UUIDText.lowercased(UUID(uuidString: "0A1B2C3D-4E5F-6071-8293-A4B5C6D7E8F9")!) == "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9")
    }

    @Test func refusesWhatIsNotAUUID() {
        for text in ["", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f", "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9a", "0a1b2c3d4e5f-6071-8293-a4b5c6d7e8f9-",
                     "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8fg", "0a1b2c3d_4e5f_6071_8293_a4b5c6d7e8f9", "{0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8}"] {
            #expect(UUIDText.parse(text) == nil, "\(text)")
        }
    }

    @Test func theDriverRoundTripsUUIDsThroughPostgreSQL() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let ids = (0..<50).map { _ in UUID() }
            for id in ids {
                let row = try await c.query("SELECT \(id)::uuid, \(id)::uuid::text")[0]
                #expect(try row.decode(UUID.self, at: 0) == id)
                #expect(try row.decode(String.self, at: 1) == id.uuidString.lowercased())
            }
            #expect(try await c.query("SELECT \(ids)::uuid[]")[0].decode([UUID].self, at: 0) == ids)
        }
    }
}
