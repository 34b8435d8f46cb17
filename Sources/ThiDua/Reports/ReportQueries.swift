import Foundation
import PQ

/// The SQL behind reports. Every figure is read from the per-organization report tables
/// (kept equal to the records by triggers) or counted in the database over the small tables
/// (reviews, activities, recognition of organizations); Swift only arranges the rows.
/// `Grouping.children` splits each figure by the children of `root`.
///
/// Each is a statement with the reading of its rows, not a call: they read one snapshot and
/// none depends on another's answer, so a report sends them in one pipeline (`PQBatch`).
struct ReportQueries: Sendable {
    enum Grouping {
        case total
        case children
    }

    let root: UUID
    let years: ClosedRange<Int>

    private var from: Int32 { Int32(years.lowerBound) }
    private var to: Int32 { Int32(years.upperBound) }

    struct Key: Hashable, Sendable {
        var child: UUID?
        var year: Int
    }

    /// The organizations whose report rows a grouping reads: `root` itself, or its children.
    private func rows(_ grouping: Grouping, _ table: String) -> PQQuery {
        switch grouping {
        case .total: "\(unsafeSQL: table) r WHERE r.organization_id = \(root)"
        case .children: "\(unsafeSQL: table) r JOIN organization o ON o.id = r.organization_id WHERE o.parent_id = \(root)"
        }
    }

    typealias Roster = [Key: (members: Int, registered: Int, submitted: Int, acknowledged: Int, late: Int, selfAssessed: Int, grades: [Int])]

    /// Roster, commitments, self-assessments and grades per year (and child), read from the
    /// report rows of the organization (or of each child).
    func rosterFigures(_ grouping: Grouping) -> PQStatement<Roster> {
        PQStatement("""
            SELECT \(unsafeSQL: grouping == .total ? "NULL::uuid" : "r.organization_id"), r.year::int8,
                   r.members::int8, r.registered::int8, r.submitted::int8, r.acknowledged::int8, r.late::int8, r.self_assessed::int8,
                   r.htxsnv::int8, r.httnv::int8, r.htnv::int8, r.khtnv::int8
            FROM \(rows(grouping, "report_org_year")) AND r.year BETWEEN \(from) AND \(to)
            """) { result in
            var figures: Roster = [:]
            for row in result.rows {
                let (child, year, members, registered, submitted, acknowledged, late, selfAssessed, a, b, c, d) =
                    try row.decode((UUID?, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
                // A row whose members all left holds zeros only (every count is of roster members).
                if members == 0 { continue }
                figures[Key(child: child, year: year)] = (members, registered, submitted, acknowledged, late, selfAssessed, [a, b, c, d])
            }
            return figures
        }
    }

    /// Reviews recorded per year (and child), and how many were reopened, from the counts on
    /// the organization's path (`report_org_record`).
    func reviews(_ grouping: Grouping) -> PQStatement<[Key: ReviewFigures]> {
        PQStatement("""
            SELECT \(unsafeSQL: grouping == .total ? "NULL::uuid" : "r.organization_id"), r.year::int8, r.count::int8, r.total::int8
            FROM \(rows(grouping, "report_org_record")) AND r.year BETWEEN \(from) AND \(to) AND r.source = 'review' AND r.count <> 0
            """) { result in
            var figures: [Key: ReviewFigures] = [:]
            for row in result.rows {
                let (child, year, held, reopened) = try row.decode((UUID?, Int, Int, Int).self)
                if grouping == .children && child == nil { continue }
                figures[Key(child: child, year: year)] = ReviewFigures(held: held, reopened: reopened)
            }
            return figures
        }
    }

    /// Self-assessed levels per year, criterion and level.
    func criterionLevels() -> PQStatement<[(year: Int, criterion: String, level: String, members: Int)]> {
        PQStatement("""
            SELECT r.year::int8, substr(r.topic, 11), r.code, r.count::int8
            FROM \(rows(.total, "report_org_tally")) AND r.year BETWEEN \(from) AND \(to) AND r.topic LIKE 'criterion:%'
            """) { try $0.rows.map { try $0.decode((Int, String, String, Int).self) } }
    }

    /// Members' recognition per year and code from the tallies (`topic` is 'commendation',
    /// 'exemplar' or 'badge'), plus, where given, that of organizations from
    /// `organizationRecords` (a query of organization_id, year, code), counted live: they are few.
    private func recognition(_ topic: String, organizationRecords: String?) -> PQStatement<[(year: Int, code: String, count: Int)]> {
        let organizations: PQQuery = organizationRecords.map { records in """
            UNION ALL
            SELECT x.year, x.code, 1 FROM (\(unsafeSQL: records)) x JOIN organization o ON o.id = x.organization_id
            WHERE o.ancestors @> ARRAY[\(root)] AND x.year BETWEEN \(from) AND \(to)
            """ } ?? ""
        return PQStatement("""
            SELECT year::int8, code, sum(n)::int8 FROM (
                SELECT r.year, r.code, r.count AS n FROM \(rows(.total, "report_org_tally"))
                AND r.year BETWEEN \(from) AND \(to) AND r.topic = \(topic)
                \(organizations)) counted
            GROUP BY 1, 2
            HAVING sum(n) <> 0
            """) { try $0.rows.map { try $0.decode((Int, String, Int).self) } }
    }

    /// Commendations per year (their `year`) and form.
    func commendations() -> PQStatement<[(year: Int, code: String, count: Int)]> {
        recognition("commendation", organizationRecords: """
            SELECT organization_id, year, form AS code FROM commendation WHERE organization_id IS NOT NULL
            """)
    }

    /// Exemplars per year of discovery and their present stage.
    func exemplars() -> PQStatement<[(year: Int, code: String, count: Int)]> {
        recognition("exemplar", organizationRecords: """
            SELECT organization_id, extract(year FROM discovered_on)::int AS year, stage AS code FROM exemplar WHERE organization_id IS NOT NULL
            """)
    }

    /// Party badges per year of the occasion and tier.
    func badges() -> PQStatement<[(year: Int, code: String, count: Int)]> {
        recognition("badge", organizationRecords: nil)
    }

    /// Activities per year and channel, with their participants.
    func activities() -> PQStatement<[(year: Int, code: String, count: Int, participants: Int)]> {
        PQStatement("""
            SELECT r.year::int8, r.code, r.count::int8, r.total::int8
            FROM \(rows(.total, "report_org_record")) AND r.year BETWEEN \(from) AND \(to) AND r.source = 'activity' AND r.count <> 0
            """) { try $0.rows.map { try $0.decode((Int, String, Int, Int).self) } }
    }

    /// People on any roster of the span under `root`, each once: the members of every set of
    /// years that meets the span (`report_org_years`), a few dozen rows at any size.
    func distinctMembers() -> PQStatement<Int> {
        PQStatement("""
            SELECT coalesce(sum(members), 0)::int FROM report_org_years
            WHERE organization_id = \(root)
              AND years & (SELECT bit_or(report_year_bit(y)) FROM generate_series(\(from), \(to)) y) <> B'0'::bit(101)
            """) { try $0[0].decode(Int.self, at: 0) }
    }
}
