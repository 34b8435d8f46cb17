import Foundation
import PQ
import Testing
import TestSupport
import ThiDua

@Suite struct DemoLoadTests {
    @Test func loadsTheDistrictOnceWithConsistentHistory() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PQPool(configuration: configuration, options: .init(minConnections: 1, maxConnections: 2), logger: TestDatabase.logger)
            let today = CalendarDate("2026-11-25")!
            let expected = DemoDistrict.generate(today: today)
            #expect(try await DemoDistrict.load(into: pool, today: today))
            #expect(try await DemoDistrict.load(into: pool, today: today) == false)
            let (wards, openWards, members) = try await pool.query("""
                SELECT count(*) FILTER (WHERE kind = 'WARD'), count(*) FILTER (WHERE kind = 'WARD' AND valid_to IS NULL),
                       (SELECT count(*) FROM member) FROM organization
                """)[0].decode((Int, Int, Int).self)
            #expect(wards == 11)
            #expect(openWards == 9)
            #expect(members == expected.members.count)
            // On any day, every member admitted by then sits in exactly one cell.
            for day in ["2016-12-31", "2020-01-31", "2020-02-01", "2022-12-31"] {
                let date = CalendarDate(day)!
                let (admitted, placed, doubled) = try await pool.query("""
                    SELECT (SELECT count(*) FROM member WHERE admitted_on <= \(date)),
                           count(DISTINCT a.member_id), count(*) - count(DISTINCT a.member_id)
                    FROM member_assignment a
                    WHERE a.valid_from <= \(date) AND (a.valid_to IS NULL OR a.valid_to > \(date))
                    """)[0].decode((Int, Int, Int).self)
                #expect(admitted == placed, "\(day)")
                #expect(doubled == 0, "\(day)")
            }
            // Nobody sits in a closed ward's cell after the merger.
            let stranded = try await pool.query("""
                SELECT count(*) FROM member_assignment a JOIN organization o ON o.id = a.organization_id
                WHERE o.valid_to IS NOT NULL AND (a.valid_to IS NULL OR a.valid_to > o.valid_to + 1)
                """)[0].decode(Int.self, at: 0)
            #expect(stranded == 0)
            await pool.drain()
        }
    }
}
