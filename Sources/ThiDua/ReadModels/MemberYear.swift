import Foundation
import PQ

/// One member's year as their pages show it: who, the year's criteria and rules, the
/// commitment and self-assessment if there are any, and what the caller may do with them.
public struct MemberYear: Sendable {
    public var member: Member
    public var cellName: String
    public var framework: YearFramework
    public var commitment: Commitment?
    public var selfAssessment: SelfAssessment?
    /// The caller is the member, or may write for members of their cell.
    public var mayWrite: Bool
    /// The caller may acknowledge or return the member's commitment.
    public var mayAcknowledge: Bool
}

/// Loads `MemberYear` on one connection; a member outside the caller's reach is "not found".
public struct MemberYearStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// `scope` is the caller's reading scope (`AccessScope.of(caller, write: .writeCommitments)`);
    /// `acknowledge` the reach of `.acknowledgeCommitments`.
    public func load(memberId: UUID, year: Int, scope: AccessScope, acknowledge: Reach) async throws -> MemberYear {
        try await pool.withConnection { connection in
            guard try await MemberStore.isVisible(memberId, scope, on: connection) else { throw DomainError.notFound("member") }
            let member = try await MemberStore.get(memberId, on: connection)
            let framework = try await YearFramework.ofPage(year, on: connection)
            let cellName = try await connection.query("SELECT name FROM organization WHERE id = \(member.organizationId)", prepare: true)[0].decode(String.self, at: 0)
            var mayWrite = scope.ownMembers.contains(memberId)
            if !mayWrite { mayWrite = try await OrganizationStore.isWithin(member.organizationId, scope.write, on: connection) }
            var mayAcknowledge = false
            if !acknowledge.isEmpty { mayAcknowledge = try await OrganizationStore.isWithin(member.organizationId, acknowledge, on: connection) }
            return MemberYear(member: member, cellName: cellName, framework: framework,
                              commitment: try await CommitmentStore.find(memberId, year, on: connection),
                              selfAssessment: try await SelfAssessmentStore.find(memberId, year, on: connection),
                              mayWrite: mayWrite, mayAcknowledge: mayAcknowledge)
        }
    }
}
