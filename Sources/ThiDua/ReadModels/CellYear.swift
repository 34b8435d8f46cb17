import Foundation
import PQ

/// A cell's year as its secretary's pages show it: the year's roster (each member once, in
/// the cell they belonged to at the year's end, as every figure counts them), in Vietnamese
/// name order, with where each member's commitment and self-assessment stand, and the cell's
/// meeting if it has been recorded.
public struct CellYear: Sendable {
    public struct Entry: Sendable, Equatable {
        public var memberId: UUID
        public var fullName: String
        public var commitmentStatus: CommitmentStatus?
        public var commitmentVersion: Int?
        public var late: Bool
        public var returnReason: String?
        public var selfAssessmentStatus: SelfAssessmentStatus?
        public var selfProposedGrade: Grade?
    }

    public var cell: Organization
    public var framework: YearFramework
    public var entries: [Entry]
    public var review: Review?
    /// The caller may acknowledge and return commitments here and record the meeting.
    public var mayAct: Bool
    /// The ward has decided grades of this year for members of the cell: the meeting's record
    /// is history now.
    public var decided: Bool
}

public struct CellYearStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// `scope`: the caller's scope with the write reach of `.acknowledgeCommitments`. A cell
    /// outside the read reach, or an organization that is not a cell, is "not found".
    public func load(cellId: UUID, year: Int, scope: AccessScope) async throws -> CellYear {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(cellId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            let cell = try await OrganizationStore.get(cellId, on: connection)
            guard cell.kind == .cell else { throw DomainError.notFound("cell") }
            let framework = try await YearFramework.ofPage(year, on: connection)
            // The roster first, on its own: inlined into the join, the planner expected four
            // rows and scanned every member (8.7 ms on the demo district, most of it planning);
            // materialized and prepared it reads the cell's 40 members by key in 0.5 ms.
            let entries = try await connection.query("""
                WITH r AS MATERIALIZED (SELECT member_id FROM roster(\(cellId), \(Int32(year))) WHERE cell_id = \(cellId))
                SELECT m.id, m.full_name, c.status, c.version::int8, COALESCE(c.late, false), c.return_reason, s.status, s.proposed_grade
                FROM r
                JOIN member m ON m.id = r.member_id
                LEFT JOIN commitment c ON c.member_id = m.id AND c.year = \(Int32(year))
                LEFT JOIN self_assessment s ON s.member_id = m.id AND s.year = \(Int32(year))
                ORDER BY m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, m.id
                """, prepare: true).rows.map { row in
                let (id, name, status, version, late, reason, selfStatus, proposed) =
                    try row.decode((UUID, String, String?, Int?, Bool, String?, String?, String?).self)
                return CellYear.Entry(memberId: id, fullName: name, commitmentStatus: status.flatMap(CommitmentStatus.init(rawValue:)),
                                      commitmentVersion: version, late: late, returnReason: reason,
                                      selfAssessmentStatus: selfStatus.flatMap(SelfAssessmentStatus.init(rawValue:)),
                                      selfProposedGrade: proposed.flatMap(Grade.init(rawValue:)))
            }
            let mayAct = try await OrganizationStore.isWithin(cellId, scope.write, on: connection)
            let decided = try await connection.query("""
                SELECT EXISTS (SELECT 1 FROM member_grade g WHERE g.year = \(Int32(year)) AND g.member_id = ANY(\(entries.map(\.memberId))))
                """, prepare: true)[0].decode(Bool.self, at: 0)
            return CellYear(cell: cell, framework: framework, entries: entries,
                            review: try await ReviewStore.find(cellId, year, on: connection), mayAct: mayAct, decided: decided)
        }
    }
}
