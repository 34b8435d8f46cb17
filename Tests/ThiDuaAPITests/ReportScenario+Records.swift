import Foundation
import PQ
import ThiDua

/// Writing the scenario as records: organizations and members one by one (as the API
/// would), the yearly records in multi-row statements (as imports and COPY do), all with the
/// report triggers live.
extension ReportScenario {
    func insert(on c: PQConnection) async throws {
        for o in orgs {
            try await c.query("""
                INSERT INTO organization (id, code, kind, name, abbreviation, parent_id, ancestors, valid_from, valid_to)
                VALUES (\(o.id), \(o.code), \(o.kind.rawValue), \(o.name), \(o.kind == .district ? "QU" : "ĐU"), \(o.parent), \(o.ancestors),
                        \(o.validFrom), \(o.validTo))
                """)
        }
        for o in orgs where o.successor != nil {
            try await c.query("UPDATE organization SET successor_id = \(o.successor) WHERE id = \(o.id)")
            try await c.query("INSERT INTO organization_predecessor (organization_id, predecessor_id) VALUES (\(o.successor!), \(o.id))")
        }
        for (index, m) in members.enumerated() {
            try await c.query("""
                INSERT INTO member (id, full_name, gender, party_card_number, admitted_on, category, status, status_since, organization_id, cell_since)
                VALUES (\(m.id), \(m.name), 'MALE', \("T-\(index)"), \(m.admitted), 'OTHER', \(m.status.rawValue), \(m.statusSince),
                        \(m.assignments.last!.cell), \(m.assignments.last!.from))
                """)
            try await c.query("""
                INSERT INTO member_assignment (member_id, organization_id, valid_from, valid_to)
                SELECT * FROM unnest(\(m.assignments.map { _ in m.id }), \(m.assignments.map(\.cell)), \(m.assignments.map(\.from)),
                                     \(m.assignments.map(\.to)))
                """)
        }
        let commitmentKeys = Array(commitments.keys)
        try await c.query("""
            INSERT INTO commitment (member_id, year, status, framework_code, framework_version, late)
            SELECT m, y, s, 'QD500', 1, l FROM unnest(\(commitmentKeys.map(\.member)), \(commitmentKeys.map { Int32($0.year) }),
                                                      \(commitmentKeys.map { commitments[$0]!.status }), \(commitmentKeys.map { commitments[$0]!.late }))
                AS x(m, y, s, l)
            """)
        let assessmentKeys = Array(selfAssessments.keys)
        let levelJSON = assessmentKeys.map { key in
            let entries = selfAssessments[key]!.levels.sorted { $0.key < $1.key }.map { "{\"criterion\":\"\($0.key)\",\"level\":\"\($0.value)\"}" }
            return "[" + entries.joined(separator: ",") + "]"
        }
        try await c.query("""
            INSERT INTO self_assessment (member_id, year, status, criteria)
            SELECT m, y, s, j::jsonb FROM unnest(\(assessmentKeys.map(\.member)), \(assessmentKeys.map { Int32($0.year) }),
                                                 \(assessmentKeys.map { selfAssessments[$0]!.status }), \(levelJSON)) AS x(m, y, s, j)
            """)
        let gradeKeys = Array(grades.keys)
        try await c.query("""
            INSERT INTO member_grade (member_id, year, organization_id, grade)
            SELECT m, y, \(district.id), g FROM unnest(\(gradeKeys.map(\.member)), \(gradeKeys.map { Int32($0.year) }),
                                                       \(gradeKeys.map { grades[$0]! })) AS x(m, y, g)
            """)
        for r in reviews {
            try await c.query("""
                INSERT INTO review (organization_id, year, kind, held_on, decision_number, decided_on)
                VALUES (\(r.organization), \(Int32(r.year)), \(r.kind), \(Self.date(r.year, 12, 10)),
                        \(r.kind == "WARD" ? "1-QĐ/ĐU" : nil), \(r.kind == "WARD" ? Self.date(r.year, 12, 20) : nil))
                """)
        }
        for k in commendations {
            try await c.query("""
                INSERT INTO commendation (member_id, organization_id, year, form, issuer_organization_id, basis, title, decision_number, decided_on)
                VALUES (\(k.member), \(k.organization), \(Int32(k.year)), \(k.code), \(district.id), 'OTHER', 'Khen', '1-QĐ', \(Self.date(k.year, 12, 30)))
                """)
        }
        for e in exemplars {
            try await c.query("""
                INSERT INTO exemplar (member_id, organization_id, title, discovered_on, stage)
                VALUES (\(e.member), \(e.organization), 'Gương sáng', \(Self.date(e.year, 5, 19)), \(e.code))
                """)
        }
        for b in badges {
            try await c.query("""
                INSERT INTO badge_award (member_id, years, occasion_on, decision_number)
                VALUES (\(b.member), \(Int32(b.years)), \(Self.date(b.year, 2, 3)), '1-QĐ/TU')
                """)
        }
        for a in activities {
            try await c.query("""
                INSERT INTO activity (organization_id, held_on, channel, topic, participants)
                VALUES (\(a.organization), \(Self.date(a.year, 9, 2)), \(a.channel), 'Tuyên truyền', \(Int32(a.participants)))
                """)
        }
    }
}
