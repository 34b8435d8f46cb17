import Foundation
import PQ

/// What a member has on record over the years: the cells they belonged to, grades
/// (self-proposed, the cell's proposal, the decision), commendations and Party badges.
public struct MemberRecord: Sendable {
    public var member: Member
    public var assignments: [Assignment]
    public var grades: [ReviewStore.YearGrade]
    public var commendations: [Commendation]
    public var badges: [BadgeAward]
}

public struct MemberRecordStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    public func load(memberId: UUID, scope: AccessScope) async throws -> MemberRecord {
        try await pool.withConnection { connection in
            guard try await MemberStore.isVisible(memberId, scope, on: connection) else { throw DomainError.notFound("member") }
            let commendations = try await connection.query("""
                SELECT \(unsafeSQL: CommendationStore.columns) FROM commendation c WHERE c.member_id = \(memberId) ORDER BY c.year, c.decided_on, c.id
                """).rows.map { try CommendationStore.decode($0) }
            return MemberRecord(member: try await MemberStore.get(memberId, on: connection),
                                assignments: try await MemberStore.assignments(memberId, on: connection),
                                grades: try await ReviewStore.grades(memberId: memberId, on: connection),
                                commendations: commendations,
                                badges: try await BadgeStore.awards(where: "b.member_id = \(memberId)", on: connection))
        }
    }
}
