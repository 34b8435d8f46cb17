import Foundation
import PQ

/// Commitments in PostgreSQL: each change checks the state machine, the caller's reach and
/// the version the client holds, then writes and audits in one transaction.
public struct CommitmentStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    static func find(_ memberId: UUID, _ year: Int, on connection: PQConnection, lock: Bool = false) async throws -> Commitment? {
        try await connection.query("""
            SELECT \(unsafeSQL: Commitment.columns) FROM commitment c WHERE c.member_id = \(memberId) AND c.year = \(Int32(year))
            \(unsafeSQL: lock ? "FOR UPDATE" : "")
            """, prepare: true).first.map(Commitment.init(row:))
    }

    public func get(memberId: UUID, year: Int, scope: AccessScope) async throws -> Commitment {
        try await pool.withConnection { connection in
            guard try await MemberStore.isVisible(memberId, scope, on: connection) else { throw DomainError.notFound("member") }
            guard let commitment = try await Self.find(memberId, year, on: connection) else { throw DomainError.notFound("commitment") }
            return commitment
        }
    }

    /// The member must be visible; the caller must be the member themself or hold the write
    /// reach over the member's cell. Returns the member.
    @discardableResult
    static func checkAuthor(_ memberId: UUID, _ scope: AccessScope, on connection: PQConnection) async throws -> Member {
        guard try await MemberStore.isVisible(memberId, scope, on: connection) else { throw DomainError.notFound("member") }
        let member = try await MemberStore.get(memberId, on: connection)
        if scope.ownMembers.contains(memberId) { return member }
        guard try await OrganizationStore.isWithin(member.organizationId, scope.write, on: connection) else {
            throw Forbidden("Only the member or an administrator of their cell may write this commitment.")
        }
        return member
    }

    /// Creates or replaces the items while the commitment is a draft or returned.
    public func put(memberId: UUID, year: Int, items: [NewCommitmentItem], expectedVersion: Int?, scope: AccessScope,
                    context: WriteContext) async throws -> (Commitment, created: Bool) {
        try await pool.withTransaction { connection in
            try await Self.put(memberId: memberId, year: year, items: items, expectedVersion: expectedVersion, scope: scope,
                               context: context, on: connection)
        }
    }

    /// Saves the items and submits them, in one transaction: both happen or neither.
    public func putAndSubmit(memberId: UUID, year: Int, items: [NewCommitmentItem], expectedVersion: Int?, scope: AccessScope,
                             context: WriteContext) async throws -> Commitment {
        try await pool.withTransaction { connection in
            _ = try await Self.put(memberId: memberId, year: year, items: items, expectedVersion: expectedVersion, scope: scope,
                                   context: context, on: connection)
            return try await Self.transition(memberId: memberId, year: year, .submit, reason: nil, expectedVersion: nil, scope: scope,
                                             context: context, on: connection)
        }
    }

    static func put(memberId: UUID, year: Int, items: [NewCommitmentItem], expectedVersion: Int?, scope: AccessScope,
                    context: WriteContext, on connection: PQConnection) async throws -> (Commitment, created: Bool) {
        let member = try await Self.checkAuthor(memberId, scope, on: connection)
        let rules = try await YearRules.load(year, on: connection)
        let criteria = rules.criteria
        var errors: [FieldError] = []
        for (index, item) in items.enumerated() where !criteria.contains(item.criterion) {
            errors.append(FieldError("items[\(index)].criterion", "must be one of " + criteria.joined(separator: ", ")))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }

        let before = try await Self.find(memberId, year, on: connection, lock: true)
        if let expectedVersion, expectedVersion != (before?.version ?? 0) {
            throw DomainError.versionMismatch(current: before?.version ?? 0)
        }
        let id: UUID
        if let before {
            if case .failure(let refused) = CommitmentMachine.next(before.status, .edit) { throw DomainError.invalidState(refused.message) }
            id = before.id
            try await connection.query("DELETE FROM commitment_item WHERE commitment_id = \(id)")
            try await connection.query("UPDATE commitment SET version = version + 1, updated_at = now() WHERE id = \(id)")
        } else {
            id = UUID()
            try await connection.query("""
                INSERT INTO commitment (id, member_id, year, status, framework_code, framework_version)
                VALUES (\(id), \(memberId), \(Int32(year)), 'DRAFT', \(rules.ruleSet.frameworkCode), \(Int32(rules.frameworkVersion)))
                """)
        }
        for (position, item) in items.enumerated() {
            try await connection.query("""
                INSERT INTO commitment_item (commitment_id, position, criterion, action, target)
                VALUES (\(id), \(Int32(position)), \(item.criterion), \(item.action), \(item.target))
                """)
        }
        let after = try await Self.find(memberId, year, on: connection)!
        try await AuditLog.record(on: connection, context, action: before == nil ? "commitment.created" : "commitment.updated",
                                  entityType: "commitment", entityId: id.uuidString, organizationId: member.organizationId,
                                  before: before, after: after)
        return (after, before == nil)
    }

    /// Moves the commitment through the state machine.
    public func transition(memberId: UUID, year: Int, _ action: CommitmentAction, reason: String? = nil, expectedVersion: Int?,
                           scope: AccessScope, context: WriteContext) async throws -> Commitment {
        try await pool.withTransaction { connection in
            try await Self.transition(memberId: memberId, year: year, action, reason: reason, expectedVersion: expectedVersion,
                                      scope: scope, context: context, on: connection)
        }
    }

    /// Acknowledges every listed member's submitted commitment of the year, in one
    /// transaction: all of them or none. Returns how many.
    public func acknowledgeAll(memberIds: [UUID], year: Int, scope: AccessScope, context: WriteContext) async throws -> Int {
        try await pool.withTransaction { connection in
            for memberId in memberIds {
                _ = try await Self.transition(memberId: memberId, year: year, .acknowledge, reason: nil, expectedVersion: nil,
                                              scope: scope, context: context, on: connection)
            }
            return memberIds.count
        }
    }

    static func transition(memberId: UUID, year: Int, _ action: CommitmentAction, reason: String?, expectedVersion: Int?,
                           scope: AccessScope, context: WriteContext, on connection: PQConnection) async throws -> Commitment {
        // The member submits; acknowledging and returning belong to the cell's secretary.
        let member = action == .submit
            ? try await Self.checkAuthor(memberId, scope, on: connection)
            : try await MemberStore.writable(memberId, scope, on: connection)
        guard let before = try await Self.find(memberId, year, on: connection, lock: true) else {
            throw DomainError.notFound("commitment")
        }
        if let expectedVersion, expectedVersion != before.version { throw DomainError.versionMismatch(current: before.version) }
        let next: CommitmentStatus
        switch CommitmentMachine.next(before.status, action) {
        case .success(let status): next = status
        case .failure(let refused): throw DomainError.invalidState(refused.message)
        }
        switch action {
        case .submit:
            let required = try await YearRules.criteria(before.frameworkCode, version: before.frameworkVersion, on: connection)
            let missing = CommitmentMachine.missingCriteria(required: required, itemCriteria: before.items.map(\.criterion))
            if !missing.isEmpty {
                throw ValidationFailure([FieldError("items", "needs at least one item for " + missing.joined(separator: ", "))])
            }
            let deadline = try await RuleSetStore.get(year, on: connection)?.commitmentDeadline
            let late = deadline.map { PartyCalendar.today() > $0 } ?? false
            try await connection.query("""
                UPDATE commitment SET status = \(next.rawValue), submitted_at = now(), late = \(late), return_reason = NULL,
                       version = version + 1, updated_at = now() WHERE id = \(before.id)
                """)
        case .acknowledge:
            try await connection.query("""
                UPDATE commitment SET status = \(next.rawValue), acknowledged_at = now(), acknowledged_by = \(context.actorId),
                       version = version + 1, updated_at = now() WHERE id = \(before.id)
                """)
        case .return:
            guard let reason = TextNormalizer.clean(reason) else { throw ValidationFailure([FieldError("reason", "is required")]) }
            try await connection.query("""
                UPDATE commitment SET status = \(next.rawValue), returned_at = now(), return_reason = \(reason),
                       version = version + 1, updated_at = now() WHERE id = \(before.id)
                """)
        case .edit, .close, .reopen:
            try await connection.query("""
                UPDATE commitment SET status = \(next.rawValue), version = version + 1, updated_at = now() WHERE id = \(before.id)
                """)
        }
        let after = try await Self.find(memberId, year, on: connection)!
        try await AuditLog.record(on: connection, context, action: "commitment.\(action.rawValue)", entityType: "commitment",
                                  entityId: before.id.uuidString, organizationId: member.organizationId, before: before, after: after)
        return after
    }

    public struct Filter: Sendable {
        public var organizationId: UUID?
        public var year: Int?
        public var status: CommitmentStatus?
        public init(organizationId: UUID? = nil, year: Int? = nil, status: CommitmentStatus? = nil) {
            self.organizationId = organizationId
            self.year = year
            self.status = status
        }
    }

    struct Cursor: Codable { var year: Int; var id: UUID }

    /// A secretary's work list: commitments of members whose current cell is in the subtree.
    public func list(_ filter: Filter, page: PageRequest, scope: AccessScope) async throws -> Page<Commitment> {
        var query: PQQuery = """
            SELECT \(unsafeSQL: Commitment.columns) FROM commitment c JOIN member m ON m.id = c.member_id
            WHERE \(MemberStore.visibility(scope))
            """
        if let organizationId = filter.organizationId {
            query.append(" AND m.organization_id IN (\(OrganizationStore.subtree(organizationId)))")
        }
        if let year = filter.year { query.append(" AND c.year = \(Int32(year))") }
        if let status = filter.status { query.append(" AND c.status = \(status.rawValue)") }
        if let after = try page.cursor(as: Cursor.self) { query.append(" AND (c.year, c.id) > (\(Int32(after.year)), \(after.id))") }
        query.append(" ORDER BY c.year, c.id LIMIT \(page.limit + 1)")
        let rows = try await pool.query(query).rows.map(Commitment.init(row:))
        return Page(rows, limit: page.limit) { Cursor(year: $0.year, id: $0.id) }
    }
}
