import Foundation
import PQ

/// SQL conditions on a row whose recipient is a member (`member_id`) or an organization
/// (`organization_id`), as commendations and exemplars are.
enum Recipient {
    /// The caller sees the member (`MemberStore.visibility`) or the organization.
    static func visible(_ alias: String, _ scope: AccessScope) -> PQQuery {
        if scope.read == .everything { return "true" }
        return """
            (\(unsafeSQL: alias).member_id IN (SELECT m.id FROM member m WHERE \(MemberStore.visibility(scope)))
             OR \(unsafeSQL: alias).organization_id IN (SELECT o.id FROM organization o WHERE \(scope.read.condition(ancestors: "o.ancestors"))))
            """
    }

    /// The recipient lies in the subtree of `organizationId` (a member by their current cell).
    /// Two branches of one `IN`, not an `OR` of two: under the nation the members' branch is a
    /// million ids, too many for a hashed subplan, and an `OR` then compared every record with
    /// all of them (10 minutes for a year's commendations; 2.4 s now, a ward's 164 ms → 17 ms).
    static func within(_ alias: String, in table: String, _ organizationId: UUID) -> PQQuery {
        """
        \(unsafeSQL: alias).id IN (
            SELECT r.id FROM \(unsafeSQL: table) r WHERE r.organization_id IN (\(OrganizationStore.subtree(organizationId)))
            UNION ALL
            SELECT r.id FROM \(unsafeSQL: table) r JOIN member m ON m.id = r.member_id
            WHERE m.organization_id IN (\(OrganizationStore.subtree(organizationId))))
        """
    }
}
