import Foundation
import PQ
import Testing
import TestSupport
import ThiDua

/// The roster of a year: members counted once, in the cell of 31 December (or of the day they
/// left), on the demo district's data.
@Suite struct RosterTests {
    @Test func everyMemberCountsOnceInTheCellOfTheYearsEnd() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PQPool(configuration: configuration, options: .init(minConnections: 1, maxConnections: 2), logger: TestDatabase.logger)
            try await DemoDistrict.load(into: pool, today: CalendarDate("2026-11-25")!)
            let district = try await pool.query("SELECT id FROM organization WHERE code = 'HP-HB'")[0].decode(UUID.self, at: 0)
            for year in [2016, 2019, 2020, 2022] {
                let (rows, distinct, expected) = try await pool.query("""
                    SELECT (SELECT count(*) FROM roster(\(district), \(Int32(year)))),
                           (SELECT count(DISTINCT member_id) FROM roster(\(district), \(Int32(year)))),
                           (SELECT count(*) FROM member WHERE admitted_on <= make_date(\(Int32(year)), 12, 31))
                    """)[0].decode((Int, Int, Int).self)
                #expect(rows == distinct, "\(year)")
                #expect(rows == expected, "\(year)")
                // The sum over the wards open that year equals the district's roster.
                let wards = try await pool.query("""
                    SELECT COALESCE(sum((SELECT count(*) FROM roster(o.id, \(Int32(year))))), 0)::int8 FROM organization o WHERE o.kind = 'WARD'
                    """)[0].decode(Int.self, at: 0)
                #expect(wards == rows, "\(year)")
            }
            // Closed wards have nobody after the merger.
            let closedAfter = try await pool.query("""
                SELECT COALESCE(sum((SELECT count(*) FROM roster(o.id, 2020))), 0)::int8 FROM organization o
                WHERE o.kind = 'WARD' AND o.valid_to IS NOT NULL
                """)[0].decode(Int.self, at: 0)
            #expect(closedAfter == 0)
            // A member who died in 2019 counts in 2019 and not in 2020.
            let someone = try await pool.query("SELECT id FROM member WHERE admitted_on < '2018-01-01' ORDER BY id LIMIT 1")[0].decode(UUID.self, at: 0)
            try await pool.query("UPDATE member SET status = 'DECEASED', status_since = '2019-06-30' WHERE id = \(someone)")
            let counted = try await pool.query("""
                SELECT (SELECT count(*) FROM roster(\(district), 2019) WHERE member_id = \(someone)),
                       (SELECT count(*) FROM roster(\(district), 2020) WHERE member_id = \(someone))
                """)[0].decode((Int, Int).self)
            #expect(counted == (1, 0))
            await pool.drain()
        }
    }
}
