import Foundation
import PQ

public struct Organization: Codable, Sendable, Equatable {
    public var id: UUID
    public var code: String
    public var kind: OrganizationKind
    public var name: String
    public var abbreviation: String?
    public var parentId: UUID?
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?
    public var successorId: UUID?
    public var predecessorIds: [UUID]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// Open on `date`: founded by then and not closed before it.
    public func isOpen(on date: CalendarDate) -> Bool {
        validFrom <= date && (validTo.map { $0 >= date } ?? true)
    }

}

extension Organization {
    static let columns = """
        o.id, o.code, o.kind, o.name, o.abbreviation, o.parent_id, o.valid_from, o.valid_to, o.successor_id,
        ARRAY(SELECT p.predecessor_id FROM organization_predecessor p WHERE p.organization_id = o.id ORDER BY p.predecessor_id),
        o.version, o.created_at, o.updated_at
        """

    init(row: PQRow) throws {
        let kind: String
        (id, code, kind, name, abbreviation, parentId, validFrom, validTo, successorId, predecessorIds, version, createdAt, updatedAt) =
            try row.decode((UUID, String, String, String, String?, UUID?, CalendarDate, CalendarDate?, UUID?, [UUID], Int, Date, Date).self)
        guard let parsed = OrganizationKind(rawValue: kind) else {
            throw PQError(.decoding, "unknown organization kind", column: "kind")
        }
        self.kind = parsed
    }
}

/// A validated request to create an organization.
public struct NewOrganization: Sendable {
    public var code: String
    public var kind: OrganizationKind
    public var name: String
    public var abbreviation: String?
    public var parentId: UUID?
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?
    public var predecessorIds: [UUID]

    public init(code: String, kind: OrganizationKind, name: String, abbreviation: String?, parentId: UUID?,
                validFrom: CalendarDate, validTo: CalendarDate?, predecessorIds: [UUID]) {
        self.code = code
        self.kind = kind
        self.name = name
        self.abbreviation = abbreviation
        self.parentId = parentId
        self.validFrom = validFrom
        self.validTo = validTo
        self.predecessorIds = predecessorIds
    }
}

/// A validated partial update; nil leaves a field as it is, `.some(nil)` clears it.
public struct OrganizationChanges: Sendable {
    /// Nothing to change.
    public var isEmpty: Bool {
        name == nil && abbreviation == nil && parentId == nil && validFrom == nil && validTo == nil && successorId == nil
    }

    public var name: String?
    public var abbreviation: String??
    public var parentId: UUID?
    public var validFrom: CalendarDate?
    public var validTo: CalendarDate??
    public var successorId: UUID??

    public init(name: String? = nil, abbreviation: String?? = nil, parentId: UUID? = nil, validFrom: CalendarDate? = nil,
                validTo: CalendarDate?? = nil, successorId: UUID?? = nil) {
        self.name = name
        self.abbreviation = abbreviation
        self.parentId = parentId
        self.validFrom = validFrom
        self.validTo = validTo
        self.successorId = successorId
    }
}

/// The rules of the tree, as plain functions.
public enum OrganizationRules {
    /// Errors for placing an organization of `kind` under `parent` (nil: at the root).
    public static func placementErrors(kind: OrganizationKind, parent: Organization?, field: String = "parentId") -> [FieldError] {
        let allowed = kind.allowedParents.map(\.rawValue).sorted()
        guard let parent else {
            return kind.mayBeRoot ? [] : [FieldError(field, "a \(kind.rawValue) needs a parent of kind " + allowed.joined(separator: " or "))]
        }
        if allowed.isEmpty { return [FieldError(field, "a \(kind.rawValue) has no parent")] }
        return kind.allowedParents.contains(parent.kind) ? [] :
            [FieldError(field, "a \(kind.rawValue) cannot sit under a \(parent.kind.rawValue); allowed: " + allowed.joined(separator: ", "))]
    }
}
