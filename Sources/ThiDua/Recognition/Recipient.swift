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
    static func within(_ alias: String, _ organizationId: UUID) -> PQQuery {
        """
        (\(unsafeSQL: alias).organization_id IN (\(OrganizationStore.subtree(organizationId)))
         OR \(unsafeSQL: alias).member_id IN (SELECT m.id FROM member m WHERE m.organization_id IN (\(OrganizationStore.subtree(organizationId)))))
        """
    }
}
