import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua

@Suite struct BadgeAPITests {
    /// The demo district's candidates for 19 May 2022 against a count made here in SQL with
    /// PostgreSQL's own date arithmetic: the highest tier whose anniversary (pushed back by
    /// interruptions) falls on or before that day, per active member.
    @Test func candidatesOfTheDemoDistrictMatchAnIndependentCount() async throws {
        try await withTestApp { client, database in
            let pool = PQPool(configuration: database, options: .init(minConnections: 1, maxConnections: 1), logger: TestDatabase.logger)
            try await DemoDistrict.load(into: pool, today: CalendarDate("2026-11-25")!)
            await pool.drain()
            let district = try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                try await $0.query("SELECT id FROM organization WHERE code = 'HP-HB'")[0].decode(UUID.self, at: 0)
            }
            let answer = try await client.call(.get, "/api/v1/organizations/\(district)/badge-candidates?occasion=2022-05-19")
            #expect(answer.status == .ok)
            let got = Set(answer.items.map { "\($0["memberId"] as? String ?? "")/\($0["years"] as? Int ?? 0)" })
            let expected = try await PQConnection.withConnection(database, logger: TestDatabase.logger) { connection in
                try await connection.query("""
                    WITH reached AS (
                        SELECT m.id, max(t.years) AS years
                        FROM member m
                        CROSS JOIN unnest(ARRAY[30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]) AS t(years)
                        WHERE m.status IN ('PROBATIONARY', 'OFFICIAL', 'EXEMPT')
                          AND (m.admitted_on + make_interval(years => t.years))::date
                              + COALESCE((SELECT sum(i.to_on - i.from_on + 1) FROM membership_interruption i WHERE i.member_id = m.id), 0)::int
                              <= DATE '2022-05-19'
                        GROUP BY m.id)
                    SELECT r.id, r.years::int8 FROM reached r
                    WHERE NOT EXISTS (SELECT 1 FROM badge_award b WHERE b.member_id = r.id AND b.years = r.years)
                    """).rows.map { row -> String in
                    let (id, years) = try row.decode((UUID, Int).self)
                    return "\(id.uuidString)/\(years)"
                }
            }
            // The demo awarded every badge due up to November 2021; those reaching a tier since remain.
            #expect(got.count > 10)
            #expect(got == Set(expected))
            let notAnOccasion = try await client.call(.get, "/api/v1/organizations/\(district)/badge-candidates?occasion=2022-05-18")
            #expect(notAnOccasion.errorFields == ["occasion"])
            let missing = try await client.call(.get, "/api/v1/organizations/\(district)/badge-candidates")
            #expect(missing.errorFields == ["occasion"])
        }
    }

    @Test func awardsRefuseUnreachedAndHeldTiers() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Hoàng Văn Lão", card: "B-1", cell: tree.cellA1,
                                                                                        admittedOn: "1982-05-19", officialOn: "1983-05-19"))
            let memberId = try #require(created["id"] as? String)
            let candidates = try await client.call(.get, "/api/v1/organizations/\(tree.wardA)/badge-candidates?occasion=2022-05-19")
            #expect(candidates.items.map { $0["years"] as? Int } == [40])
            #expect(candidates.items.first?["reachedOn"] as? String == "2022-05-19")

            let early = try await client.call(.post, "/api/v1/badge-awards", json: ["memberId": memberId, "years": 45, "occasionOn": "2022-05-19", "decisionNumber": "1-QĐ/QU"])
            #expect(early.errorFields == ["years"])
            let notATier = try await client.call(.post, "/api/v1/badge-awards", json: ["memberId": memberId, "years": 35, "occasionOn": "2022-05-18", "decisionNumber": "1-QĐ/QU"])
            #expect(Set(notATier.errorFields) == ["years", "occasionOn"])
            let awarded = try await client.call(.post, "/api/v1/badge-awards", json: ["memberId": memberId, "years": 40, "occasionOn": "2022-05-19", "decisionNumber": "1-QĐ/QU"])
            #expect(awarded.status == .created, "\(awarded.text)")
            let again = try await client.call(.post, "/api/v1/badge-awards", json: ["memberId": memberId, "years": 40, "occasionOn": "2022-09-02", "decisionNumber": "2-QĐ/QU"])
            #expect(again.status == .conflict)
            #expect(again.errorFields == ["years"])
            let after = try await client.call(.get, "/api/v1/organizations/\(tree.wardA)/badge-candidates?occasion=2022-05-19")
            #expect(after.items.isEmpty)
            let list = try await client.call(.get, "/api/v1/badge-awards?organizationId=\(tree.wardA)")
            #expect(list.items.map { $0["years"] as? Int } == [40])
            let elsewhere = try await client.call(.get, "/api/v1/badge-awards?organizationId=\(tree.wardB)")
            #expect(elsewhere.items.isEmpty)
        }
    }
}
