import Foundation
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua

extension ReportScenario {
    typealias JSON = [String: Any]

    /// Changes made after the first load, through the API and through SQL, so that the report
    /// tables are checked after updates and deletes as well as inserts.
    mutating func changeAfterwards(client: any TestClientProtocol, database: PQConfiguration) async throws {
        // First, as a change of points thresholds rebuilds every report table: the changes
        // after it must be kept by the triggers alone. (A quota change rebuilds nothing.)
        try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in
            try await c.query("UPDATE rule_set SET excellent_quota_percent = 25 WHERE year = 2019")
            try await c.query("UPDATE rule_set SET excellent_min_points = 91 WHERE year = 2026")
        }
        quotaPercent[2019] = 25
        let day = Self.date(2022, 6, 15)
        let openCells = Set((cells(of: wards[0].id) + cells(of: wards[1].id)).map(\.id))
        let index = members.firstIndex { m in
            m.status == .official && m.assignments.last!.from < day && openCells.contains(m.assignments.last!.cell)
        }!
        let target = openCells.sorted { $0.uuidString < $1.uuidString }.first { $0 != members[index].assignments.last!.cell }!
        let moved = try await client.call(.post, "/api/v1/members/\(members[index].id)/transfers",
                                          json: ["toOrganizationId": target.uuidString, "effectiveOn": "2022-06-15"])
        #expect(moved.status == .ok || moved.status == .created, "transfer: \(moved.text)")
        members[index].assignments[members[index].assignments.count - 1].to = day
        members[index].assignments.append(Assignment(cell: target, from: day))

        // A cell moves to another ward: its counts leave the old ward and join the new one.
        let movedCell = cells(of: wards[0].id).last!.id
        let patched = try await client.call(.patch, "/api/v1/organizations/\(movedCell)", json: ["parentId": wards[1].id.uuidString])
        #expect(patched.status == .ok, "move: \(patched.text)")
        let cellIndex = orgs.firstIndex { $0.id == movedCell }!
        orgs[cellIndex].parent = wards[1].id
        orgs[cellIndex].ancestors = wards[1].ancestors + [movedCell]

        let reopened = try await client.call(.post, "/api/v1/organizations/\(wards[0].id)/reviews/2021/reopen", json: ["reason": "Xem xét lại"])
        #expect(reopened.status == .ok, "reopen: \(reopened.text)")
        if let r = reviews.firstIndex(where: { $0.organization == wards[0].id && $0.year == 2021 }) { reviews[r].reopened = true }

        try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in
            try await c.query("UPDATE commitment SET status = 'SUBMITTED' WHERE status = 'RETURNED' AND year = 2019")
            try await c.query("DELETE FROM member_grade WHERE year = 2020 AND grade = 'HTNV'")
            try await c.query("UPDATE exemplar SET stage = 'NURTURED' WHERE stage = 'DISCOVERED'")
        }
        for index in exemplars.indices where exemplars[index].code == "DISCOVERED" { exemplars[index].code = "NURTURED" }
        for (key, value) in commitments where key.year == 2019 && value.status == "RETURNED" { commitments[key]!.status = "SUBMITTED" }
        for (key, value) in grades where key.year == 2020 && value == "HTNV" { grades[key] = nil }
        // Reopening the ward's 2021 review turned its CLOSED commitments into ACKNOWLEDGED:
        // both count as submitted and acknowledged, so no figure moves.
    }

    /// Shown as a child over `years`: open in one of them, or with members on a roster.
    func childShown(_ child: Org, in years: ClosedRange<Int>) -> Bool {
        years.contains { year in
            (child.validFrom.year <= year && (child.validTo.map { $0.year >= year } ?? true)) || key(child.id, year).members > 0
        }
    }

    func checkKey(_ json: JSON, _ k: Key, year: Int, _ place: String) {
        let roster = json["roster"] as? JSON, commitments = json["commitments"] as? JSON
        let selfAssessments = json["selfAssessments"] as? JSON, reviews = json["reviews"] as? JSON, grades = json["grades"] as? JSON ?? [:]
        #expect(roster?["members"] as? Int == k.members, "\(place) members")
        #expect(commitments?["registered"] as? Int == k.registered, "\(place) registered")
        #expect(commitments?["submitted"] as? Int == k.submitted, "\(place) submitted")
        #expect(commitments?["acknowledged"] as? Int == k.acknowledged, "\(place) acknowledged")
        #expect(commitments?["late"] as? Int == k.late, "\(place) late")
        #expect(commitments?["share"] as? Double == Self.ratio(k.acknowledged, k.members), "\(place) share")
        #expect(selfAssessments?["submitted"] as? Int == k.selfAssessed, "\(place) self-assessments")
        #expect(reviews?["held"] as? Int == k.reviewsHeld, "\(place) reviews")
        #expect(reviews?["reopened"] as? Int == k.reopened, "\(place) reopened")
        for (grade, count) in k.grades { #expect(grades[grade] as? Int == count, "\(place) \(grade)") }
        #expect(grades["ungraded"] as? Int == k.ungraded, "\(place) ungraded")
        #expect(grades["quotaRatio"] as? Double == Self.ratio(k.grades["HTXSNV"]!, k.grades["HTTNV"]!), "\(place) quota ratio")
        #expect(grades["quotaLimit"] as? Double == quotaPercent[year]! / 100, "\(place) quota limit")
    }

    func checkCounts(_ json: Any?, _ expected: [String: Int], codes: [String], _ place: String) {
        let counts = json as? JSON ?? [:]
        for code in codes { #expect(counts[code] as? Int == expected[code] ?? 0, "\(place) \(code)") }
        #expect(counts["total"] as? Int == expected.values.reduce(0, +), "\(place) total")
    }

    func checkYear(_ json: JSON, root: UUID, year: Int, _ place: String) {
        #expect(json["year"] as? Int == year, "\(place) year")
        checkKey(json, key(root, year), year: year, place)
        let criteria = json["criteria"] as? JSON ?? [:]
        let levels = levels(root, year)
        #expect(Set(criteria.keys) == Set(levels.keys), "\(place) criteria")
        for (criterion, counts) in levels {
            checkCounts(criteria[criterion], counts, codes: CriterionLevel.allCases.map(\.rawValue), "\(place) \(criterion)")
        }
        checkCounts(json["commendations"], commendationCounts(root, year), codes: CommendationForm.allCases.map(\.rawValue), "\(place) commendations")
        checkCounts(json["exemplars"], exemplarCounts(root, year), codes: ExemplarStage.allCases.map(\.rawValue), "\(place) exemplars")
        let badges = json["badges"] as? JSON ?? [:]
        let expectedBadges = badgeCounts(root, year)
        #expect(badges["total"] as? Int == expectedBadges.values.reduce(0, +), "\(place) badges")
        #expect((badges["byYears"] as? [String: Int]) == expectedBadges, "\(place) badges by years")
        let activities = json["activities"] as? JSON ?? [:]
        let expectedActivities = activityCounts(root, year)
        checkCounts(activities["byChannel"], expectedActivities.byChannel, codes: ActivityChannel.allCases.map(\.rawValue), "\(place) activities")
        #expect(activities["participants"] as? Int == expectedActivities.participants, "\(place) participants")
    }

    func checkSummary(_ report: JSON, root: UUID, years: ClosedRange<Int>) {
        let yearsJSON = report["years"] as? [JSON] ?? []
        #expect(yearsJSON.count == years.count)
        for (json, year) in zip(yearsJSON, years) { checkYear(json, root: root, year: year, "summary \(year)") }

        let children = report["children"] as? [JSON] ?? []
        let expectedChildren = orgs.filter { $0.parent == root && childShown($0, in: years) }
        #expect(children.compactMap { ($0["organization"] as? JSON)?["code"] as? String } == expectedChildren.map(\.code).sorted())
        for child in children {
            let organization = child["organization"] as? JSON ?? [:]
            let id = UUID(uuidString: organization["id"] as? String ?? "")!
            let o = org(id)
            let shownYears = years.filter { childShown(o, in: $0...$0) }
            let childYears = child["years"] as? [JSON] ?? []
            #expect(childYears.map { $0["year"] as? Int } == shownYears, "summary child \(o.code) years")
            for (json, year) in zip(childYears, shownYears) { checkKey(json, key(id, year), year: year, "summary child \(o.code) \(year)") }
            #expect(((organization["successor"] as? JSON)?["id"] as? String).flatMap(UUID.init(uuidString:)) == o.successor,
                    "summary child \(o.code) successor")
        }
        // Nobody lost or counted twice across the merger.
        for year in years {
            let sum = children.reduce(0) { total, child in
                total + ((child["years"] as? [JSON] ?? []).first { $0["year"] as? Int == year }.flatMap { ($0["roster"] as? JSON)?["members"] as? Int } ?? 0)
            }
            #expect(sum == key(root, year).members, "summary \(year): the children add up")
        }

        let criteria = report["criteria"] as? [JSON] ?? []
        #expect(criteria.compactMap { $0["code"] as? String } == Self.criteria)
        for criterion in criteria {
            let code = criterion["code"] as? String ?? ""
            for (json, year) in zip(criterion["years"] as? [JSON] ?? [], years) {
                let counts = levels(root, year)[code] ?? [:]
                checkCounts(json["levels"], counts, codes: CriterionLevel.allCases.map(\.rawValue), "trend \(code) \(year)")
                #expect(json["excellentShare"] as? Double == Self.ratio(counts["XUAT_SAC"] ?? 0, counts.values.reduce(0, +)), "trend \(code) \(year) share")
            }
        }

        let totals = report["totals"] as? JSON ?? [:]
        let keys = years.map { key(root, $0) }
        func sum(_ value: (Key) -> Int) -> Int { keys.reduce(0) { $0 + value($1) } }
        #expect(totals["years"] as? Int == years.count)
        #expect(totals["memberYears"] as? Int == sum(\.members))
        #expect(totals["distinctMembers"] as? Int == Set(years.flatMap { roster(root, $0).map(\.id) }).count)
        let commitments = totals["commitments"] as? JSON ?? [:]
        #expect(commitments["registered"] as? Int == sum(\.registered))
        #expect(commitments["acknowledged"] as? Int == sum(\.acknowledged))
        #expect(commitments["late"] as? Int == sum(\.late))
        #expect(commitments["share"] as? Double == Self.ratio(sum(\.acknowledged), sum(\.members)))
        let grades = totals["grades"] as? JSON ?? [:]
        for grade in ["HTXSNV", "HTTNV", "HTNV", "KHTNV"] { #expect(grades[grade] as? Int == sum { $0.grades[grade]! }, "totals \(grade)") }
        #expect(grades["ungraded"] as? Int == sum(\.ungraded))
        #expect((totals["reviews"] as? JSON)?["reopened"] as? Int == sum(\.reopened))
        var forms: [String: Int] = [:]
        for year in years { forms.merge(commendationCounts(root, year), uniquingKeysWith: +) }
        checkCounts(totals["commendations"], forms, codes: CommendationForm.allCases.map(\.rawValue), "totals commendations")

        // The 2019 quota of 25 % differs from 2018 and 2020: two notes.
        let notes = report["notes"] as? [JSON] ?? []
        #expect(notes.compactMap { $0["year"] as? Int } == [2019, 2020])
        #expect(notes.allSatisfy { (($0["changes"] as? [JSON])?.first?["field"] as? String) == "excellentQuotaPercent" })
    }
}
