import Foundation
import PQ

/// How far a year has come: of each roster, how many members have reached each stage.
public enum ProgressStage: String, CaseIterable, Sendable {
    case registered, submitted, acknowledged, selfAssessed, proposed, decided

    /// Whether the member row `f` (of `YearProgressStore`'s facts) has reached the stage.
    var condition: String {
        switch self {
        case .registered: "f.registered"
        case .submitted: "f.submitted"
        case .acknowledged: "f.acknowledged"
        case .selfAssessed: "f.self_assessed"
        case .proposed: "f.proposed"
        case .decided: "f.grade IS NOT NULL"
        }
    }
}

public struct YearProgress: Sendable {
    public struct Row: Sendable, Equatable {
        public var organization: Organization
        public var roster: Int
        /// Members that reached each stage, in `ProgressStage.allCases` order.
        public var reached: [Int]
    }

    public var organization: Organization
    public var ruleSet: RuleSet
    /// The organization itself first, then each child (their whole subtrees counted).
    public var rows: [Row]
}

/// A member counted by a progress figure.
public struct ProgressMember: Sendable, Equatable {
    public var memberId: UUID
    public var fullName: String
    public var cellName: String
    public var commitment: CommitmentStatus?
}

public struct YearProgressStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// The facts of every member on the year's roster under `root`: the one query both the
    /// figures and their lists read, so that a list always has as many rows as its figure.
    /// The roster and its stages come from `report_member_year` (kept by the records' triggers,
    /// placed by each member's roster cell, as the reports count them): a district's roster of
    /// thousands is read by its cells' index instead of being worked out member by member.
    /// The proposals are those of the year's meetings of the cells under `root`.
    static func facts(_ root: UUID, _ year: Int) -> PQQuery {
        """
        WITH p AS MATERIALIZED (\(ReviewStore.proposals(under: root, year))),
        f AS MATERIALIZED (
            SELECT f.member_id, f.cell_id, f.registered, f.submitted, f.acknowledged, f.self_assessed, f.grade,
                   f.member_id IN (SELECT member_id FROM p) AS proposed
            FROM organization cell
            JOIN report_member_year f ON f.cell_id = cell.id AND f.year = \(Int32(year))
            WHERE cell.ancestors @> ARRAY[\(root)])
        """
    }

    public func load(organizationId: UUID, year: Int, scope: AccessScope) async throws -> YearProgress {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            guard let ruleSet = try await RuleSetStore.get(year, on: connection) else { throw DomainError.notFound("year") }
            let organization = try await OrganizationStore.get(organizationId, on: connection)
            // The stages but one are the report counts (`report_org_year`, kept equal to the member
            // facts the lists read by the same triggers, on every organization of a cell's path):
            // one row per organization. "Proposed" is counted per cell from the facts' cell index
            // alone (an index-only scan) against the year's proposals, then summed up the tree.
            var figures: [UUID: (Int, [Int])] = [:]
            for row in try await connection.query("""
                WITH o AS (SELECT id FROM organization WHERE id = \(organizationId) OR parent_id = \(organizationId)),
                p AS (\(ReviewStore.proposedMembers(under: organizationId, year))),
                cells AS (
                    SELECT cell.id, cell.ancestors, count(*) AS n FROM organization cell
                    JOIN report_member_year f ON f.cell_id = cell.id AND f.year = \(Int32(year))
                    WHERE cell.ancestors @> ARRAY[\(organizationId)] AND f.member_id IN (SELECT member_id FROM p)
                    GROUP BY cell.id, cell.ancestors),
                proposed AS (SELECT o.id, sum(cells.n) AS n FROM o JOIN cells ON cells.ancestors @> ARRAY[o.id] GROUP BY o.id)
                SELECT y.organization_id, y.members::int8, y.registered::int8, y.submitted::int8, y.acknowledged::int8,
                       y.self_assessed::int8, COALESCE(pr.n, 0)::int8, (y.htxsnv + y.httnv + y.htnv + y.khtnv)::int8
                FROM report_org_year y LEFT JOIN proposed pr ON pr.id = y.organization_id
                WHERE y.year = \(Int32(year)) AND y.organization_id IN (SELECT id FROM o)
                """).rows {
                let (id, roster, registered, submitted, acknowledged, selfAssessed, proposed, decided) =
                    try row.decode((UUID, Int, Int, Int, Int, Int, Int, Int).self)
                // In `ProgressStage.allCases` order.
                figures[id] = (roster, [registered, submitted, acknowledged, selfAssessed, proposed, decided])
            }
            let children = try await connection.query("""
                SELECT \(unsafeSQL: Organization.columns) FROM organization o WHERE o.parent_id = \(organizationId)
                ORDER BY o.name COLLATE vietnamese, o.id
                """).rows.map(Organization.init(row:))
            let empty = Array(repeating: 0, count: ProgressStage.allCases.count)
            let rows = ([organization] + children).compactMap { org -> YearProgress.Row? in
                let (roster, reached) = figures[org.id] ?? (0, empty)
                // A child with no one on the year's roster (closed before it, or opened after) is left out.
                if org.id != organizationId && roster == 0 { return nil }
                return YearProgress.Row(organization: org, roster: roster, reached: reached)
            }
            return YearProgress(organization: organization, ruleSet: ruleSet, rows: rows)
        }
    }

    /// The members a figure counts: those under `organizationId` who have (`reached`) or have
    /// not reached `stage`, in Vietnamese name order.
    public func members(organizationId: UUID, year: Int, stage: ProgressStage, reached: Bool, scope: AccessScope) async throws -> [ProgressMember] {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            var query = Self.facts(organizationId, year)
            query.append("""

                SELECT m.id, m.full_name, c.name, k.status
                FROM f JOIN member m ON m.id = f.member_id JOIN organization c ON c.id = f.cell_id
                LEFT JOIN commitment k ON k.member_id = f.member_id AND k.year = \(Int32(year))
                WHERE \(unsafeSQL: reached ? stage.condition : "NOT \(stage.condition)")
                ORDER BY m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, m.id
                """)
            return try await connection.query(query).rows.map { row in
                let (id, name, cell, commitment) = try row.decode((UUID, String, String, String?).self)
                return ProgressMember(memberId: id, fullName: name, cellName: cell, commitment: commitment.flatMap(CommitmentStatus.init(rawValue:)))
            }
        }
    }
}
