import Foundation
import PQ

/// A district's year as it grades its wards: each ward or grassroots organization under it
/// that existed that year, with its grade if given and whether the ward has decided its
/// members' grades; and the district's own review.
public struct DistrictYear: Sendable {
    public struct Entry: Sendable, Equatable {
        public var organizationId: UUID
        public var name: String
        public var grade: Grade?
        public var membersDecided: Int
    }

    public var organization: Organization
    public var year: Int
    public var entries: [Entry]
    public var review: Review?
    public var mayDecide: Bool

    /// Graded and not reopened since.
    public var isLocked: Bool {
        review?.decisionStands(graded: entries.contains { $0.grade != nil }) ?? false
    }
}

public struct DistrictYearStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// `scope`: with the write reach of `.writeReviews`. Anything but a district in reach, or
    /// a year without rules, is "not found".
    public func load(organizationId: UUID, year: Int, scope: AccessScope) async throws -> DistrictYear {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            let organization = try await OrganizationStore.get(organizationId, on: connection)
            guard organization.kind == .district, try await RuleSetStore.get(year, on: connection) != nil else { throw DomainError.notFound("district") }
            let entries = try await connection.query("""
                SELECT w.id, w.name, g.grade,
                       (SELECT count(*)::int8 FROM member_grade mg WHERE mg.organization_id = w.id AND mg.year = \(Int32(year)))
                FROM organization w
                LEFT JOIN organization_grade g ON g.organization_id = w.id AND g.year = \(Int32(year))
                WHERE w.parent_id = \(organizationId) AND w.kind IN ('WARD', 'GRASSROOTS')
                  AND w.valid_from <= make_date(\(Int32(year)), 12, 31) AND (w.valid_to IS NULL OR w.valid_to >= make_date(\(Int32(year)), 1, 1))
                ORDER BY w.name COLLATE vietnamese, w.id
                """, prepare: true).rows.map { row in
                let (id, name, grade, decided) = try row.decode((UUID, String, String?, Int).self)
                return DistrictYear.Entry(organizationId: id, name: name, grade: grade.flatMap(Grade.init(rawValue:)), membersDecided: decided)
            }
            return DistrictYear(organization: organization, year: year, entries: entries,
                                review: try await ReviewStore.find(organizationId, year, on: connection),
                                mayDecide: try await OrganizationStore.isWithin(organizationId, scope.write, on: connection))
        }
    }
}
