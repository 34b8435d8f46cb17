import Foundation
import PQ

public struct CommitmentItem: Codable, Sendable, Equatable {
    public var id: UUID
    public var criterion: String
    public var action: String
    public var target: String?
}

public struct Commitment: Codable, Sendable, Equatable {
    public var id: UUID
    public var memberId: UUID
    public var year: Int
    public var status: CommitmentStatus
    public var frameworkCode: String
    public var frameworkVersion: Int
    public var items: [CommitmentItem]
    /// Submitted after the rule set's deadline.
    public var late: Bool
    public var submittedAt: Date?
    public var acknowledgedAt: Date?
    public var returnedAt: Date?
    public var returnReason: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
}

/// An item as sent, before it has an id.
public struct NewCommitmentItem: Sendable, Equatable {
    public var criterion: String
    public var action: String
    public var target: String?

    public init(criterion: String, action: String, target: String?) {
        self.criterion = criterion
        self.action = action
        self.target = target
    }
}

extension Commitment {
    static let columns = """
        c.id, c.member_id, c.year::int8, c.status, c.framework_code, c.framework_version::int8,
        COALESCE((SELECT jsonb_agg(jsonb_build_object('id', i.id, 'criterion', i.criterion, 'action', i.action, 'target', i.target)
                                   ORDER BY i.position) FROM commitment_item i WHERE i.commitment_id = c.id), '[]'::jsonb),
        c.late, c.submitted_at, c.acknowledged_at, c.returned_at, c.return_reason, c.version::int8, c.created_at, c.updated_at
        """

    init(row: PQRow) throws {
        let status: String, items: JSONB<[CommitmentItem]>
        (id, memberId, year, status, frameworkCode, frameworkVersion, items, late, submittedAt, acknowledgedAt, returnedAt,
         returnReason, version, createdAt, updatedAt) =
            try row.decode((UUID, UUID, Int, String, String, Int, JSONB<[CommitmentItem]>, Bool, Date?, Date?, Date?, String?,
                            Int, Date, Date).self)
        guard let parsed = CommitmentStatus(rawValue: status) else { throw PQError(.decoding, "unknown commitment status", column: "status") }
        self.status = parsed
        self.items = items.value
    }
}
