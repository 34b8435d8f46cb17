import Foundation
import PQ

/// A role at an organization (`api.md`, "Auth"); a grant reaches the organization's subtree.
public enum Role: String, DomainCode {
    case admin = "ADMIN"
    case secretary = "SECRETARY"
    case staff = "STAFF"
    case viewer = "VIEWER"
    case member = "MEMBER"
}

/// What a route needs. Each route declares one; `Role.allows` is the whole policy.
public enum Capability: String, Sendable, CaseIterable {
    /// Organizations, members, frameworks, rule sets: read.
    case readRegistry
    /// Members: create, change, transfer, import.
    case writeMembers
    /// Organizations: create, change.
    case writeOrganizations
    /// Accounts and grants.
    case manageAccounts
    /// The audit trail.
    case readAudit
    /// Frameworks and rule sets, which hold for every organization: system administrators only.
    case writeReference
    /// Commitments of members in reach (a MEMBER writes their own through `ownMembers`).
    case writeCommitments
    /// Acknowledging or returning submitted commitments: the cell's secretary.
    case acknowledgeCommitments
    /// Cell, ward and district reviews, grades and reopening.
    case writeReviews
    /// Commendations and Party badges: district staff.
    case writeRecognition
    /// Outreach activities: secretaries and staff.
    case writeActivities
    /// Exemplary models: secretaries.
    case writeExemplars
    /// Issuing numbered report documents: district staff.
    case issueReports
}

extension Role {
    public func allows(_ capability: Capability) -> Bool {
        switch (self, capability) {
        case (.admin, _): true
        case (.secretary, .readRegistry), (.secretary, .writeMembers), (.secretary, .acknowledgeCommitments), (.secretary, .writeReviews),
             (.secretary, .writeActivities), (.secretary, .writeExemplars): true
        case (.staff, .readRegistry), (.staff, .writeRecognition), (.staff, .writeActivities), (.staff, .issueReports): true
        case (.viewer, .readRegistry), (.viewer, .readAudit): true
        default: false
        }
    }
}

public struct Grant: Codable, Sendable, Equatable {
    public var id: UUID
    /// Nil only for a system administrator's ADMIN grant.
    public var organizationId: UUID?
    public var role: Role
    /// The member a MEMBER grant links the account to.
    public var memberId: UUID?

    public init(id: UUID, organizationId: UUID?, role: Role, memberId: UUID?) {
        self.id = id
        self.organizationId = organizationId
        self.role = role
        self.memberId = memberId
    }
}

/// Where a caller may do something: everywhere, or in the subtrees of some organizations.
public enum Reach: Sendable, Equatable {
    case everything
    case subtrees([UUID])

    public var isEmpty: Bool { self == .subtrees([]) }

    /// A condition on an `ancestors` column: true where the row lies within reach.
    public func condition(ancestors column: String) -> PQQuery {
        switch self {
        case .everything: "true"
        case .subtrees(let roots): "\(unsafeSQL: column) && \(roots)"
        }
    }
}

/// The authenticated account behind a request.
public struct Caller: Sendable, Equatable {
    public var userId: UUID
    public var username: String
    public var grants: [Grant]
    /// The account's name, for the pages' "signed in as".
    public var fullName: String?

    public init(userId: UUID, username: String, grants: [Grant], fullName: String? = nil) {
        self.userId = userId
        self.username = username
        self.grants = grants
        self.fullName = fullName
    }

    public func reach(_ capability: Capability) -> Reach {
        let granting = grants.filter { $0.role.allows(capability) }
        if granting.contains(where: { $0.organizationId == nil }) { return .everything }
        return .subtrees(granting.compactMap(\.organizationId))
    }

    /// Whether any grant allows `capability` anywhere.
    public func has(_ capability: Capability) -> Bool { !reach(capability).isEmpty }

    public var isSystemAdministrator: Bool { reach(.writeReference) == .everything }

    /// The members the account is linked to (MEMBER grants): their own records.
    public var ownMemberIds: [UUID] { grants.compactMap(\.memberId) }
}

/// The caller's reach for one request: what it may see and what it may change. Stores use
/// it so that a record outside `read` is "not found" and one inside `read` but outside
/// `write` is "forbidden".
public struct AccessScope: Sendable {
    public var caller: Caller?
    public var read: Reach
    public var write: Reach
    /// Members visible besides `read` (a MEMBER's own record).
    public var ownMembers: [UUID]

    public init(caller: Caller?, read: Reach, write: Reach, ownMembers: [UUID] = []) {
        self.caller = caller
        self.read = read
        self.write = write
        self.ownMembers = ownMembers
    }

    /// Full access, for the service's own work (demo data, first administrator) and tests.
    public static let system = AccessScope(caller: nil, read: .everything, write: .everything)

    /// The scope of `caller` for a route that reads with `read` and writes with `write`.
    public static func of(_ caller: Caller, read: Capability = .readRegistry, write: Capability) -> AccessScope {
        AccessScope(caller: caller, read: caller.reach(read), write: caller.reach(write), ownMembers: caller.ownMemberIds)
    }
}

/// The caller may see the record but not change it.
public struct Forbidden: Error, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}
