import Foundation
import PQ
import Testing
import TestSupport
import ThiDua

@Suite struct DemoLoadTests {
    /// The full rebuild (in sets, after a bulk load) gives the report tables exactly what the
    /// incremental functions the triggers use give, member by member.
    @Test func theRebuildInSetsEqualsTheCountsMemberByMember() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PQPool(configuration: configuration, options: .init(minConnections: 1, maxConnections: 1), logger: TestDatabase.logger)
            #expect(try await DemoDistrict.load(into: pool, today: CalendarDate("2026-11-25")!))
            let tables = ["report_member_year", "report_org_year", "report_org_tally", "report_org_member", "report_org_years"]
            let differences = try await pool.withTransaction { connection in
                for table in tables { try await connection.execute(unsafeSQL: "CREATE TEMP TABLE rebuilt_\(table) AS SELECT * FROM \(table)") }
                // Member by member, as the triggers count: every member's facts added to emptied tables.
                try await connection.execute(unsafeSQL: """
                    DO $$
                    DECLARE everyone uuid[] := ARRAY(SELECT id FROM member);
                    BEGIN
                        DELETE FROM report_member_year; DELETE FROM report_org_year; DELETE FROM report_org_tally; DELETE FROM report_org_member;
                        DELETE FROM report_org_years;
                        INSERT INTO report_member_year SELECT * FROM report_member_facts(everyone);
                        PERFORM report_count(ARRAY(SELECT f FROM report_member_year f), 1);
                        PERFORM report_place(everyone);
                    END $$
                    """)
                var differences: [String: Int] = [:]
                for table in tables {
                    differences[table] = try await connection.query("""
                        SELECT (SELECT count(*) FROM (TABLE \(unsafeSQL: table) EXCEPT ALL TABLE \(unsafeSQL: "rebuilt_" + table)) x)
                             + (SELECT count(*) FROM (TABLE \(unsafeSQL: "rebuilt_" + table) EXCEPT ALL TABLE \(unsafeSQL: table)) y)
                        """)[0].decode(Int.self, at: 0)
                }
                differences["rows"] = try await connection.query("SELECT count(*) FROM rebuilt_report_org_tally")[0].decode(Int.self, at: 0) > 1000 ? 0 : 1
                return differences
            }
            await pool.drain()
            #expect(differences == ["report_member_year": 0, "report_org_year": 0, "report_org_tally": 0, "report_org_member": 0, "report_org_years": 0,
                                   "rows": 0])
        }
    }

    /// Past a city's size the load is provinces under a national root: the tree, its keys and
    /// indexes made again, and the nation's figures the sum of its provinces'.
    @Test func aNationLoadPutsTheProvincesUnderOneRoot() async throws {
        try await TestDatabase.withDatabase { configuration in
            let pool = PQPool(configuration: configuration, options: .init(minConnections: 1, maxConnections: 1), logger: TestDatabase.logger)
            let (keys, indexes) = try await pool.query("""
                SELECT (SELECT count(*) FROM pg_constraint WHERE contype = 'f'), (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public')
                """)[0].decode((Int, Int).self)
            #expect(try await DemoDistrict.load(into: pool, today: CalendarDate("2026-11-25")!,
                                                scale: CityScale(members: 12_000, grassroots: 120, provinces: 2)))
            let (roots, provinces, underNation, districts) = try await pool.query("""
                SELECT count(*) FILTER (WHERE parent_id IS NULL), count(*) FILTER (WHERE kind = 'CITY'),
                       count(*) FILTER (WHERE kind = 'CITY' AND parent_id = (SELECT id FROM organization WHERE code = 'VN' AND kind = 'NATION')),
                       count(*) FILTER (WHERE kind = 'DISTRICT')
                FROM organization
                """)[0].decode((Int, Int, Int, Int).self)
            #expect(roots == 1)
            #expect(provinces == 2 && underNation == 2)
            #expect(districts == 30)
            let strays = try await pool.query("""
                SELECT count(*) FROM organization o LEFT JOIN organization p ON p.id = o.parent_id
                WHERE o.ancestors[1] <> (SELECT id FROM organization WHERE code = 'VN')
                   OR (o.parent_id IS NOT NULL AND o.ancestors <> p.ancestors || o.id)
                """)[0].decode(Int.self, at: 0)
            #expect(strays == 0, "every organization under the nation, its ancestors its parent's and itself")
            let (keysAfter, indexesAfter) = try await pool.query("""
                SELECT (SELECT count(*) FROM pg_constraint WHERE contype = 'f'), (SELECT count(*) FROM pg_indexes WHERE schemaname = 'public')
                """)[0].decode((Int, Int).self)
            #expect(keysAfter == keys && indexesAfter == indexes)
            let (nation, sum, memberYears) = try await pool.query("""
                SELECT (SELECT members FROM report_org_year WHERE year = 2022 AND organization_id = (SELECT id FROM organization WHERE code = 'VN')),
                       (SELECT sum(y.members)::int FROM report_org_year y JOIN organization o ON o.id = y.organization_id
                        WHERE y.year = 2022 AND o.kind = 'CITY'),
                       (SELECT count(*)::int FROM report_member_year WHERE year = 2022)
                """)[0].decode((Int, Int, Int).self)
            #expect(nation == sum && nation == memberYears && nation > 10_000, "\(nation) \(sum) \(memberYears)")
            await pool.drain()
        }
    }

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
            // The cycle: every ward-year within the 20 % quota, everyone on a roster graded,
            // 90–98 % of the roster with a commitment, a few late.
            let overQuota = try await pool.query("""
                SELECT count(*) FROM (
                    SELECT organization_id, year FROM member_grade GROUP BY organization_id, year
                    HAVING count(*) FILTER (WHERE grade = 'HTXSNV') > floor(0.2 * count(*) FILTER (WHERE grade = 'HTTNV'))) q
                """)[0].decode(Int.self, at: 0)
            #expect(overQuota == 0)
            let district = try await pool.query("SELECT id FROM organization WHERE code = 'HP-HB'")[0].decode(UUID.self, at: 0)
            for year in 2016...2022 {
                let (roster, graded, committed, late) = try await pool.query("""
                    SELECT (SELECT count(*) FROM roster(\(district), \(Int32(year)))),
                           (SELECT count(*) FROM member_grade WHERE year = \(Int32(year))),
                           (SELECT count(*) FROM commitment WHERE year = \(Int32(year))),
                           (SELECT count(*) FROM commitment WHERE year = \(Int32(year)) AND late)
                    """)[0].decode((Int, Int, Int, Int).self)
                #expect(graded == roster, "\(year)")
                let share = Double(committed) / Double(roster)
                #expect(share >= 0.88 && share <= 0.99, "\(year): \(share)")
                #expect(late > 0 && late < committed / 10, "\(year)")
            }
            let districtGrades = try await pool.query("SELECT count(*) FROM organization_grade WHERE year = 2022")[0].decode(Int.self, at: 0)
            #expect(districtGrades == 9)
            // Recognition follows the rules the API enforces.
            let (badYear, badFive, stages, offOccasion, activities, channels) = try await pool.query("""
                SELECT (SELECT count(*) FROM commendation c WHERE c.basis = 'EXCELLENT_YEAR' AND NOT EXISTS
                            (SELECT 1 FROM member_grade g WHERE g.member_id = c.member_id AND g.year = c.year AND g.grade = 'HTXSNV')),
                       (SELECT count(*) FROM commendation c WHERE c.basis = 'EXCELLENT_5_YEARS' AND
                            (SELECT count(*) FROM member_grade g WHERE g.member_id = c.member_id AND g.year BETWEEN c.year - 4 AND c.year
                             AND g.grade = 'HTXSNV') <> 5),
                       (SELECT count(DISTINCT stage) FROM exemplar),
                       (SELECT count(*) FROM badge_award WHERE to_char(occasion_on, 'MM-DD') NOT IN ('02-03', '05-19', '09-02', '11-07')),
                       (SELECT count(*) FROM activity),
                       (SELECT count(DISTINCT channel) FROM activity)
                """)[0].decode((Int, Int, Int, Int, Int, Int).self)
            #expect(badYear == 0)
            #expect(badFive == 0)
            #expect(stages == 5)
            #expect(offOccasion == 0)
            #expect(activities >= 300)
            #expect(channels == 9)
            let commendedWithout = try await pool.query("""
                SELECT count(*) FROM exemplar e WHERE e.stage = 'COMMENDED' AND NOT EXISTS
                    (SELECT 1 FROM commendation c WHERE c.id = e.commendation_id AND c.member_id = e.member_id)
                """)[0].decode(Int.self, at: 0)
            #expect(commendedWithout == 0)
            let districtGrades2019 = try await pool.query("SELECT count(*) FROM organization_grade WHERE year = 2019")[0].decode(Int.self, at: 0)
            #expect(districtGrades2019 == 11)
            // A report's figures are independent reads of one snapshot: they go in pipelines,
            // BEGIN (with its isolation), the checks and rules, the figures, COMMIT.
            let reports = ReportStore(pool: pool)
            let ward = try await pool.query("SELECT id FROM organization WHERE kind = 'WARD' AND valid_to IS NULL ORDER BY code LIMIT 1")[0]
                .decode(UUID.self, at: 0)
            var before = pool.roundTrips
            let annual = try await reports.annual(organizationId: ward, year: 2021, scope: .system)
            #expect(pool.roundTrips - before <= 4, "annual report: \(pool.roundTrips - before) round trips")
            #expect(annual.figures.key.roster.members > 0 && !annual.children.isEmpty)
            before = pool.roundTrips
            let summary = try await reports.summary(organizationId: district, from: 2016, to: 2021, scope: .system)
            #expect(pool.roundTrips - before <= 4, "six-year summary: \(pool.roundTrips - before) round trips")
            #expect(summary.years.count == 6 && !summary.children.isEmpty)
            await pool.drain()
        }
    }
}
