import Foundation
import PQ

/// A ward's (or grassroots organization's) year as its committee decides it: every member of
/// the year's roster, grouped by the cell they belonged to at the year's end, with the cell's
/// proposal and any grade already decided; the year's rules (the quota among them) and the
/// ward's own review.
public struct WardYear: Sendable {
    public struct Entry: Sendable, Equatable {
        public var memberId: UUID
        public var fullName: String
        public var cellId: UUID
        public var cellName: String
        public var proposal: Grade?
        public var decided: Grade?
        public var reason: String?
    }

    public var organization: Organization
    public var framework: YearFramework
    public var entries: [Entry]
    public var review: Review?
    /// The caller may decide here.
    public var mayDecide: Bool

    /// Decided and not reopened since: the year's records are closed.
    public var isLocked: Bool {
        review?.decisionStands(graded: entries.contains { $0.decided != nil }) ?? false
    }
}

public struct WardYearStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// `scope`: the caller's scope with the write reach of `.writeReviews`. An organization
    /// outside the read reach, or one that is not a ward or grassroots organization, is
    /// "not found".
    public func load(organizationId: UUID, year: Int, scope: AccessScope) async throws -> WardYear {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            let organization = try await OrganizationStore.get(organizationId, on: connection)
            guard organization.kind == .ward || organization.kind == .grassroots else { throw DomainError.notFound("ward") }
            let framework = try await YearFramework.ofPage(year, on: connection)
            // The roster is the year's member facts (`report_member_year`, kept by the writes'
            // triggers equal to `roster()`): read by cell through its index instead of walking
            // every member's assignments, a fifth of the time for a ward of 1,600. The proposals
            // are those of the year's meetings of this organization's cells, read per meeting (a
            // city ward has a few dozen) rather than per member (thousands).
            // The cells are put in order once (a few dozen names), so that sorting the members
            // compares Vietnamese names only within a cell; a decision's reason is looked up
            // only for a member with a grade (a join probed every member of an open year).
            let entries = try await connection.query("""
                WITH p AS MATERIALIZED (\(ReviewStore.proposals(under: organizationId, year))),
                c AS MATERIALIZED (
                    SELECT c.id, c.name, row_number() OVER (ORDER BY c.name COLLATE vietnamese, c.id) AS rank
                    FROM organization c WHERE c.ancestors @> ARRAY[\(organizationId)] AND c.kind = 'CELL')
                SELECT m.id, m.full_name, c.id, c.name, p.proposed_grade, f.grade,
                       CASE WHEN f.grade IS NOT NULL THEN
                           (SELECT g.reason FROM member_grade g WHERE g.member_id = f.member_id AND g.year = \(Int32(year))) END
                FROM c
                JOIN report_member_year f ON f.cell_id = c.id AND f.year = \(Int32(year))
                JOIN member m ON m.id = f.member_id
                LEFT JOIN p ON p.member_id = f.member_id
                ORDER BY c.rank, m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, m.id
                """, prepare: true).rows.map { row in
                let (id, name, cellId, cellName, proposal, decided, reason) = try row.decode((UUID, String, UUID, String, String?, String?, String?).self)
                return WardYear.Entry(memberId: id, fullName: name, cellId: cellId, cellName: cellName,
                                      proposal: proposal.flatMap(Grade.init(rawValue:)), decided: decided.flatMap(Grade.init(rawValue:)),
                                      reason: reason)
            }
            return WardYear(organization: organization, framework: framework, entries: entries,
                            review: try await ReviewStore.find(organizationId, year, on: connection, records: false),
                            mayDecide: try await OrganizationStore.isWithin(organizationId, scope.write, on: connection))
        }
    }
}
