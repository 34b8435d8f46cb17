import Foundation
import PQ

/// Self-assessments in PostgreSQL; written by the member (or an administrator of the cell).
public struct SelfAssessmentStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    static func find(_ memberId: UUID, _ year: Int, on connection: PQConnection, lock: Bool = false) async throws -> SelfAssessment? {
        try await connection.query("""
            SELECT \(unsafeSQL: SelfAssessment.columns) FROM self_assessment s WHERE s.member_id = \(memberId) AND s.year = \(Int32(year))
            \(unsafeSQL: lock ? "FOR UPDATE" : "")
            """, prepare: true).first.map(SelfAssessment.init(row:))
    }

    public func get(memberId: UUID, year: Int, scope: AccessScope) async throws -> SelfAssessment {
        try await pool.withConnection { connection in
            guard try await MemberStore.isVisible(memberId, scope, on: connection) else { throw DomainError.notFound("member") }
            guard let found = try await Self.find(memberId, year, on: connection) else { throw DomainError.notFound("self-assessment") }
            return found
        }
    }


    public func put(memberId: UUID, year: Int, draft: SelfAssessmentDraft, expectedVersion: Int?, scope: AccessScope,
                    context: WriteContext) async throws -> (SelfAssessment, created: Bool) {
        try await pool.withTransaction { connection in
            try await Self.put(memberId: memberId, year: year, draft: draft, expectedVersion: expectedVersion, scope: scope,
                               context: context, on: connection)
        }
    }

    /// Saves the draft and submits it, in one transaction: both happen or neither.
    public func putAndSubmit(memberId: UUID, year: Int, draft: SelfAssessmentDraft, expectedVersion: Int?, scope: AccessScope,
                             context: WriteContext) async throws -> SelfAssessment {
        try await pool.withTransaction { connection in
            _ = try await Self.put(memberId: memberId, year: year, draft: draft, expectedVersion: expectedVersion, scope: scope,
                                   context: context, on: connection)
            return try await Self.submit(memberId: memberId, year: year, expectedVersion: nil, scope: scope, context: context, on: connection)
        }
    }

    static func put(memberId: UUID, year: Int, draft: SelfAssessmentDraft, expectedVersion: Int?, scope: AccessScope,
                    context: WriteContext, on connection: PQConnection) async throws -> (SelfAssessment, created: Bool) {
        let member = try await CommitmentStore.checkAuthor(memberId, scope, on: connection)
        let rules = try await YearRules.load(year, on: connection)
        let itemIds = Set(try await CommitmentStore.find(memberId, year, on: connection)?.items.map(\.id) ?? [])
        let errors = SelfAssessmentRules.errors(draft, scheme: rules.ruleSet.gradingScheme, criteria: rules.criteria, itemIds: itemIds)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let before = try await Self.find(memberId, year, on: connection, lock: true)
        if let expectedVersion, expectedVersion != (before?.version ?? 0) { throw DomainError.versionMismatch(current: before?.version ?? 0) }
        if let before, let refusal = SelfAssessmentMachine.refusal(.edit, status: before.status, locked: before.locked) {
            throw DomainError.invalidState(refusal)
        }
        let criteria = try JSONB(draft.criteria), results = try JSONB(draft.itemResults)
        try await connection.query("""
            INSERT INTO self_assessment (member_id, year, status, criteria, item_results, strengths, weaknesses, proposed_grade)
            VALUES (\(memberId), \(Int32(year)), 'DRAFT', \(criteria), \(results), \(draft.strengths), \(draft.weaknesses),
                    \(draft.proposedGrade?.rawValue))
            ON CONFLICT (member_id, year) DO UPDATE SET criteria = EXCLUDED.criteria, item_results = EXCLUDED.item_results,
                strengths = EXCLUDED.strengths, weaknesses = EXCLUDED.weaknesses, proposed_grade = EXCLUDED.proposed_grade,
                version = self_assessment.version + 1, updated_at = now()
            """)
        let after = try await Self.find(memberId, year, on: connection)!
        try await AuditLog.record(on: connection, context, action: before == nil ? "self_assessment.created" : "self_assessment.updated",
                                  entityType: "self_assessment", entityId: after.id.uuidString, organizationId: member.organizationId,
                                  before: before, after: after)
        return (after, before == nil)
    }

    /// DRAFT → SUBMITTED: every criterion assessed and a proposed grade given.
    public func submit(memberId: UUID, year: Int, expectedVersion: Int?, scope: AccessScope, context: WriteContext) async throws -> SelfAssessment {
        try await pool.withTransaction { connection in
            try await Self.submit(memberId: memberId, year: year, expectedVersion: expectedVersion, scope: scope, context: context, on: connection)
        }
    }

    static func submit(memberId: UUID, year: Int, expectedVersion: Int?, scope: AccessScope, context: WriteContext,
                       on connection: PQConnection) async throws -> SelfAssessment {
        let member = try await CommitmentStore.checkAuthor(memberId, scope, on: connection)
        guard let before = try await Self.find(memberId, year, on: connection, lock: true) else { throw DomainError.notFound("self-assessment") }
        if let expectedVersion, expectedVersion != before.version { throw DomainError.versionMismatch(current: before.version) }
        if let refusal = SelfAssessmentMachine.refusal(.submit, status: before.status, locked: before.locked) {
            throw DomainError.invalidState(refusal)
        }
        let rules = try await YearRules.load(year, on: connection)
        var errors: [FieldError] = []
        let missing = SelfAssessmentRules.missingCriteria(before.criteria, criteria: rules.criteria)
        if !missing.isEmpty { errors.append(FieldError("criteria", "needs an assessment of " + missing.joined(separator: ", "))) }
        if before.proposedGrade == nil { errors.append(FieldError("proposedGrade", "is required to submit")) }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        try await connection.query("""
            UPDATE self_assessment SET status = 'SUBMITTED', submitted_at = now(), version = version + 1, updated_at = now()
            WHERE id = \(before.id)
            """)
        let after = try await Self.find(memberId, year, on: connection)!
        try await AuditLog.record(on: connection, context, action: "self_assessment.submit", entityType: "self_assessment",
                                  entityId: after.id.uuidString, organizationId: member.organizationId, before: before, after: after)
        return after
    }
}
