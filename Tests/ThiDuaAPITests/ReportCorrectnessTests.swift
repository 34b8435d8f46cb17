import Foundation
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua

/// Must show 1 of issue 7: on generated records with transfers, a merged ward, late and
/// missing commitments, leavers and a reopened review, every figure of both reports equals
/// the test's own count from the records it wrote.
@Suite struct ReportCorrectnessTests {
    typealias JSON = [String: Any]

    @Test func everyFigureOfBothReportsEqualsACountOfTheRecords() async throws {
        try await withTestApp { client, database in
            var s = ReportScenario.make(seed: 7)
            // The scenario has what the report must survive.
            #expect(s.members.filter { m in m.assignments.count > 1 && !m.assignments.contains { $0.from == ReportScenario.mergerDay } }.count >= 10)
            #expect(s.members.filter { $0.assignments.contains { $0.from == ReportScenario.mergerDay } }.count >= 20)
            #expect(s.members.filter { $0.statusSince != nil }.count >= 5)
            #expect(s.commitments.values.filter(\.late).count >= 20)
            #expect(s.members.flatMap { m in ReportScenario.years.filter { s.rosterCell(m, $0) != nil && s.commitments[.init(member: m.id, year: $0)] == nil } }.count >= 50)
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in try await s.insert(on: c) }
            try await s.changeAfterwards(client: client, database: database)

            let wards = s.wards
            let cell = s.cells(of: wards[1].id)[0].id
            for root in [s.orgs[0].id, s.district.id, wards[0].id, wards[1].id, wards[2].id, cell] {
                for year in [2016, 2019, 2020, 2022] {
                    let answer = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(root)&year=\(year)")
                    #expect(answer.status == .ok)
                    let report = answer.object
                    let place = "annual \(s.org(root).code) \(year)"
                    #expect(report["year"] as? Int == year)
                    s.checkYear(report, root: root, year: year, place)
                    if year > 2016 {
                        s.checkYear(report["previousYear"] as? JSON ?? [:], root: root, year: year - 1, place + " previousYear")
                    } else {
                        #expect(report["previousYear"] is NSNull, "\(place): no rule set for 2015")
                    }
                    let children = report["children"] as? [JSON] ?? []
                    let expectedChildren = s.orgs.filter { $0.parent == root && s.childShown($0, in: year...year) }
                    #expect(children.compactMap { ($0["organization"] as? JSON)?["code"] as? String } == expectedChildren.map(\.code).sorted(),
                            "\(place) children")
                    for child in children {
                        let id = UUID(uuidString: (child["organization"] as? JSON)?["id"] as? String ?? "")!
                        s.checkKey(child, s.key(id, year), year: year, "\(place) child \(s.org(id).code)")
                    }
                    // Nobody lost or counted twice: the children add up to the parent.
                    if !expectedChildren.isEmpty {
                        let sum = children.reduce(0) { $0 + (($1["roster"] as? JSON)?["members"] as? Int ?? 0) }
                        #expect(sum == s.key(root, year).members, "\(place): children add up")
                    }
                }
            }

            let answer = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(s.district.id)&from=2016&to=2022")
            #expect(answer.status == .ok)
            s.checkSummary(answer.object, root: s.district.id, years: 2016...2022)
        }
    }

    @Test func theReportTablesEqualThePlainQueryOverTheRecords() async throws {
        try await withTestApp { client, database in
            var s = ReportScenario.make(seed: 11)
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in try await s.insert(on: c) }
            try await s.changeAfterwards(client: client, database: database)
            // Writers in parallel on members of the same cells: the counts they share must take
            // every delta.
            let members = s.members.map(\.id)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for writer in 0..<12 {
                    group.addTask {
                        try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in
                            for member in members.enumerated().filter({ $0.offset % 12 == writer }).map(\.element) {
                                try await c.query("""
                                    UPDATE commitment SET status = CASE status WHEN 'DRAFT' THEN 'SUBMITTED' ELSE 'DRAFT' END, late = NOT late
                                    WHERE member_id = \(member) AND year IN (2020, 2021)
                                    """)
                                try await c.query("UPDATE member_grade SET grade = 'HTNV' WHERE member_id = \(member) AND year = 2022")
                            }
                        }
                    }
                }
                try await group.waitForAll()
            }
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in
                let facts = try await c.query("SELECT count(*) FROM report_member_year")[0].decode(Int.self, at: 0)
                #expect(facts > 500)
                // Member facts: the table against the plain query, both ways.
                let factDifferences = try await c.query("""
                    SELECT count(*) FROM ((SELECT * FROM report_member_year EXCEPT SELECT * FROM report_member_facts(ARRAY(SELECT id FROM member)))
                                          UNION ALL (SELECT * FROM report_member_facts(ARRAY(SELECT id FROM member)) EXCEPT SELECT * FROM report_member_year)) d
                    """)[0].decode(Int.self, at: 0)
                #expect(factDifferences == 0)
                // Per-organization counts: the table against counts of the plain query over every
                // organization on the path of each member's cell (zero rows aside).
                let countDifferences = try await c.query("""
                    WITH plain AS (
                        SELECT a AS organization_id, year, count(*)::int AS members, count(*) FILTER (WHERE registered)::int AS registered,
                               count(*) FILTER (WHERE submitted)::int AS submitted, count(*) FILTER (WHERE acknowledged)::int AS acknowledged,
                               count(*) FILTER (WHERE late)::int AS late, count(*) FILTER (WHERE self_assessed)::int AS self_assessed,
                               count(*) FILTER (WHERE grade = 'HTXSNV')::int AS htxsnv, count(*) FILTER (WHERE grade = 'HTTNV')::int AS httnv,
                               count(*) FILTER (WHERE grade = 'HTNV')::int AS htnv, count(*) FILTER (WHERE grade = 'KHTNV')::int AS khtnv
                        FROM report_member_facts(ARRAY(SELECT id FROM member)) f JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a GROUP BY 1, 2),
                    kept AS (SELECT * FROM report_org_year WHERE members <> 0)
                    SELECT count(*) FROM ((SELECT * FROM kept EXCEPT SELECT * FROM plain) UNION ALL (SELECT * FROM plain EXCEPT SELECT * FROM kept)) d
                    """)[0].decode(Int.self, at: 0)
                #expect(countDifferences == 0)
                let zeroRowsAreEmpty = try await c.query("""
                    SELECT count(*) FROM report_org_year
                    WHERE members = 0 AND (registered, submitted, acknowledged, late, self_assessed, htxsnv, httnv, htnv, khtnv) <> (0, 0, 0, 0, 0, 0, 0, 0, 0)
                    """)[0].decode(Int.self, at: 0)
                #expect(zeroRowsAreEmpty == 0)
                let tallyDifferences = try await c.query("""
                    WITH plain AS (SELECT a AS organization_id, f.year, split_part(l, '|', 1) AS topic, split_part(l, '|', 2) AS code, count(*)::int AS count
                                   FROM report_member_facts(ARRAY(SELECT id FROM member)) f JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a, unnest(f.tallies) l
                                   GROUP BY 1, 2, 3, 4),
                         kept AS (SELECT * FROM report_org_tally WHERE count <> 0)
                    SELECT count(*) FROM ((SELECT * FROM kept EXCEPT SELECT * FROM plain) UNION ALL (SELECT * FROM plain EXCEPT SELECT * FROM kept)) d
                    """)[0].decode(Int.self, at: 0)
                #expect(tallyDifferences == 0)
                let placeDifferences = try await c.query("""
                    WITH plain AS (SELECT a AS organization_id, f.member_id, bit_or(report_year_bit(f.year)) AS years
                                   FROM report_member_facts(ARRAY(SELECT id FROM member)) f JOIN organization c ON c.id = f.cell_id, unnest(c.ancestors) a
                                   GROUP BY 1, 2)
                    SELECT count(*) FROM ((SELECT * FROM report_org_member EXCEPT SELECT * FROM plain)
                                          UNION ALL (SELECT * FROM plain EXCEPT SELECT * FROM report_org_member)) d
                    """)[0].decode(Int.self, at: 0)
                #expect(placeDifferences == 0)
                // Members by their set of years: the counts kept by deltas against the rows they count.
                let setDifferences = try await c.query("""
                    WITH plain AS (SELECT organization_id, years, count(*)::int AS members FROM report_org_member GROUP BY 1, 2),
                         kept AS (SELECT * FROM report_org_years WHERE members <> 0)
                    SELECT count(*) FROM ((SELECT * FROM kept EXCEPT SELECT * FROM plain) UNION ALL (SELECT * FROM plain EXCEPT SELECT * FROM kept)) d
                    """)[0].decode(Int.self, at: 0)
                #expect(setDifferences == 0)
                // Reviews and activities on their paths, against the records themselves.
                let recordDifferences = try await c.query("""
                    WITH plain AS (SELECT a AS organization_id, f.year, f.source, f.code, count(*)::int AS count, sum(f.total)::int8 AS total
                                   FROM report_record_facts f JOIN organization o ON o.id = f.organization_id, unnest(o.ancestors) a
                                   GROUP BY 1, 2, 3, 4),
                         kept AS (SELECT * FROM report_org_record WHERE count <> 0 OR total <> 0)
                    SELECT count(*) FROM ((SELECT * FROM kept EXCEPT SELECT * FROM plain) UNION ALL (SELECT * FROM plain EXCEPT SELECT * FROM kept)) d
                    """)[0].decode(Int.self, at: 0)
                #expect(recordDifferences == 0)
                let records = try await c.query("SELECT count(DISTINCT source) FROM report_org_record WHERE count > 0")[0].decode(Int.self, at: 0)
                #expect(records == 2, "the scenario has reviews and activities")
                let topics = try await c.query("SELECT DISTINCT split_part(topic, ':', 1) FROM report_org_tally ORDER BY 1").column(String.self)
                #expect(topics == ["badge", "commendation", "criterion", "exemplar"])
                // And the plain query itself is the roster: one row per member and year on it.
                let rosterDifferences = try await c.query("""
                    SELECT count(*) FROM ((SELECT member_id, cell_id, year FROM report_member_facts(ARRAY(SELECT id FROM member)) WHERE year = 2020
                                           EXCEPT SELECT member_id, cell_id, 2020 FROM roster(\(s.orgs[0].id), 2020))
                                          UNION ALL (SELECT member_id, cell_id, 2020 FROM roster(\(s.orgs[0].id), 2020)
                                           EXCEPT SELECT member_id, cell_id, year FROM report_member_facts(ARRAY(SELECT id FROM member)) WHERE year = 2020)) d
                    """)[0].decode(Int.self, at: 0)
                #expect(rosterDifferences == 0)
            }
        }
    }
}
