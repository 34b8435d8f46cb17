import Foundation
import PQ

/// The SQL behind reports. Every figure is an aggregate in the database over the per-cell
/// report tables (kept equal to the records by triggers) or over the small recognition
/// tables; Swift only arranges the rows. `Grouping.children` splits each figure by the
/// child of `root` that a cell or organization lies under.
struct ReportQueries {
    enum Grouping {
        case total
        case children
    }

    let connection: PQConnection
    let root: UUID
    let years: ClosedRange<Int>

    /// Group key: nil for the total, else the child of `root` on the path to `ancestors`.
    private func group(_ grouping: Grouping, ancestors: String) -> PQQuery {
        switch grouping {
        case .total: "NULL::uuid"
        case .children: "\(unsafeSQL: ancestors)[array_position(\(unsafeSQL: ancestors), \(root)) + 1]"
        }
    }

    private var from: Int32 { Int32(years.lowerBound) }
    private var to: Int32 { Int32(years.upperBound) }

    struct Key: Hashable {
        var child: UUID?
        var year: Int
    }

    /// Roster, commitments, self-assessments and grades per year (and child).
    func rosterFigures(_ grouping: Grouping) async throws -> [Key: (members: Int, registered: Int, submitted: Int, acknowledged: Int, late: Int,
                                                                     selfAssessed: Int, grades: [Int])] {
        let result = try await connection.query("""
            SELECT \(group(grouping, ancestors: "c.ancestors")) AS child, r.year::int8,
                   sum(r.members)::int8, sum(r.registered)::int8, sum(r.submitted)::int8, sum(r.acknowledged)::int8,
                   sum(r.late)::int8, sum(r.self_assessed)::int8,
                   sum(r.htxsnv)::int8, sum(r.httnv)::int8, sum(r.htnv)::int8, sum(r.khtnv)::int8
            FROM report_cell_year r JOIN organization c ON c.id = r.cell_id
            WHERE c.ancestors @> ARRAY[\(root)] AND r.year BETWEEN \(from) AND \(to)
            GROUP BY 1, 2
            """)
        var figures: [Key: (Int, Int, Int, Int, Int, Int, [Int])] = [:]
        for row in result.rows {
            let (child, year, members, registered, submitted, acknowledged, late, selfAssessed, a, b, c, d) =
                try row.decode((UUID?, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int, Int).self)
            if grouping == .children && child == nil { continue }
            figures[Key(child: child, year: year)] = (members, registered, submitted, acknowledged, late, selfAssessed, [a, b, c, d])
        }
        return figures
    }

    /// Reviews recorded per year (and child), and how many were reopened.
    func reviews(_ grouping: Grouping) async throws -> [Key: ReviewFigures] {
        let result = try await connection.query("""
            SELECT \(group(grouping, ancestors: "o.ancestors")), v.year::int8, count(*), count(*) FILTER (WHERE v.reopened_at IS NOT NULL)
            FROM review v JOIN organization o ON o.id = v.organization_id
            WHERE o.ancestors @> ARRAY[\(root)] AND v.year BETWEEN \(from) AND \(to)
            GROUP BY 1, 2
            """)
        var figures: [Key: ReviewFigures] = [:]
        for row in result.rows {
            let (child, year, held, reopened) = try row.decode((UUID?, Int, Int, Int).self)
            if grouping == .children && child == nil { continue }
            figures[Key(child: child, year: year)] = ReviewFigures(held: held, reopened: reopened)
        }
        return figures
    }

    /// Self-assessed levels per year, criterion and level.
    func criterionLevels() async throws -> [(year: Int, criterion: String, level: String, members: Int)] {
        try await connection.query("""
            SELECT l.year::int8, l.criterion, l.level, sum(l.members)::int8
            FROM report_cell_level l JOIN organization c ON c.id = l.cell_id
            WHERE c.ancestors @> ARRAY[\(root)] AND l.year BETWEEN \(from) AND \(to)
            GROUP BY 1, 2, 3
            """).rows.map { try $0.decode((Int, String, String, Int).self) }
    }

    /// Where a recognition record belongs: a member recipient in the cell of their roster
    /// that year, an organization recipient where it is.
    private static let recipientPlace = """
        LEFT JOIN report_member_year f ON f.member_id = x.member_id AND f.year = x.year
        JOIN organization o ON o.id = coalesce(f.cell_id, x.organization_id)
        """

    /// Commendations per year (their `year`) and form.
    func commendations() async throws -> [(year: Int, code: String, count: Int)] {
        try await counts("""
            SELECT x.year::int8, x.form, count(*)
            FROM (SELECT member_id, organization_id, year, form FROM commendation) x \(unsafeSQL: Self.recipientPlace)
            WHERE o.ancestors @> ARRAY[\(root)] AND x.year BETWEEN \(from) AND \(to)
            GROUP BY 1, 2
            """)
    }

    /// Exemplars per year of discovery and their present stage.
    func exemplars() async throws -> [(year: Int, code: String, count: Int)] {
        try await counts("""
            SELECT x.year::int8, x.stage, count(*)
            FROM (SELECT member_id, organization_id, extract(year FROM discovered_on)::int AS year, stage FROM exemplar) x
                 \(unsafeSQL: Self.recipientPlace)
            WHERE o.ancestors @> ARRAY[\(root)] AND x.year BETWEEN \(from) AND \(to)
            GROUP BY 1, 2
            """)
    }

    /// Party badges per year of the occasion and tier.
    func badges() async throws -> [(year: Int, code: String, count: Int)] {
        try await counts("""
            SELECT x.year::int8, x.years::text, count(*)
            FROM (SELECT member_id, NULL::uuid AS organization_id, extract(year FROM occasion_on)::int AS year, years FROM badge_award) x
                 \(unsafeSQL: Self.recipientPlace)
            WHERE o.ancestors @> ARRAY[\(root)] AND x.year BETWEEN \(from) AND \(to)
            GROUP BY 1, 2
            """)
    }

    /// Activities per year and channel, with their participants.
    func activities() async throws -> [(year: Int, code: String, count: Int, participants: Int)] {
        try await connection.query("""
            SELECT extract(year FROM a.held_on)::int8, a.channel, count(*), coalesce(sum(a.participants), 0)::int8
            FROM activity a JOIN organization o ON o.id = a.organization_id
            WHERE o.ancestors @> ARRAY[\(root)] AND a.held_on BETWEEN make_date(\(from), 1, 1) AND make_date(\(to), 12, 31)
            GROUP BY 1, 2
            """).rows.map { try $0.decode((Int, String, Int, Int).self) }
    }

    /// People on any roster of the span, each once.
    func distinctMembers() async throws -> Int {
        try await connection.query("""
            SELECT count(DISTINCT f.member_id)
            FROM report_member_year f JOIN organization c ON c.id = f.cell_id
            WHERE c.ancestors @> ARRAY[\(root)] AND f.year BETWEEN \(from) AND \(to)
            """)[0].decode(Int.self, at: 0)
    }

    private func counts(_ query: PQQuery) async throws -> [(year: Int, code: String, count: Int)] {
        try await connection.query(query).rows.map { try $0.decode((Int, String, Int).self) }
    }
}
