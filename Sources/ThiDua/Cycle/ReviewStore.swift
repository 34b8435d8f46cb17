import Foundation
import PQ

/// Reviews in PostgreSQL. A cell review records proposals and locks those members'
/// self-assessments; a ward or grassroots review decides grades within the year's quota,
/// closes the commitments and locks the self-assessments; a district review grades its wards.
public struct ReviewStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    public func get(organizationId: UUID, year: Int, scope: AccessScope) async throws -> Review {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            guard let review = try await Self.find(organizationId, year, on: connection) else { throw DomainError.notFound("review") }
            return review
        }
    }

    /// The review of `organizationId` for `year`. `records: false` leaves its proposals and
    /// grades empty: a page that lists a ward's members reads those per member already, and
    /// building and decoding them again as JSON took a tenth of a city ward's page.
    static func find(_ organizationId: UUID, _ year: Int, on connection: PQConnection, lock: Bool = false,
                     records: Bool = true) async throws -> Review? {
        guard let row = try await connection.query("""
            SELECT r.id, r.organization_id, r.year::int8, r.kind, r.held_on, r.chair, r.secretary, r.attendees::int8, r.eligible::int8,
                   r.minutes, r.decision_number, r.decided_on, r.criteria, r.strengths, r.limitations,
                   COALESCE((SELECT jsonb_agg(jsonb_build_object('memberId', p.member_id, 'proposedGrade', p.proposed_grade,
                             'comment', p.comment, 'votesFor', p.votes_for, 'votesAgainst', p.votes_against,
                             'votesAbstain', p.votes_abstain) ORDER BY p.member_id) FROM grade_proposal p WHERE p.review_id = r.id AND \(records)), '[]'),
                   COALESCE((SELECT jsonb_agg(jsonb_build_object('memberId', g.member_id, 'grade', g.grade, 'reason', g.reason)
                             ORDER BY g.member_id) FROM member_grade g WHERE g.organization_id = r.organization_id AND g.year = r.year AND \(records)), '[]'),
                   COALESCE((SELECT jsonb_agg(jsonb_build_object('organizationId', o.organization_id, 'grade', o.grade)
                             ORDER BY o.organization_id) FROM organization_grade o WHERE o.graded_by = r.organization_id AND o.year = r.year), '[]'),
                   r.reopened_at, r.reopen_reason, r.version::int8, r.created_at, r.updated_at
            FROM review r WHERE r.organization_id = \(organizationId) AND r.year = \(Int32(year))
            \(unsafeSQL: lock ? "FOR UPDATE" : "")
            """, prepare: true).first else { return nil }
        let (id, organization, year, kind, heldOn, chair, secretary, attendees, eligible, minutes, decisionNumber, decidedOn,
             criteria, strengths, limitations, proposals, grades, organizationGrades, reopenedAt, reopenReason, version, createdAt, updatedAt) =
            try row.decode((UUID, UUID, Int, OrganizationKind, CalendarDate?, String?, String?, Int?, Int?, String?, String?, CalendarDate?,
                            JSONB<[CollectiveAssessment]>, String?, String?, JSONB<[GradeProposal]>, JSONB<[DecidedGrade]>,
                            JSONB<[OrganizationGrade]>, Date?, String?, Int, Date, Date).self)
        let quorum = attendees.flatMap { a in eligible.map { Quota.quorumMet(attendees: a, eligible: $0) } }
        return Review(id: id, organizationId: organization, year: year, kind: kind, heldOn: heldOn,
                      chair: chair, secretary: secretary, attendees: attendees, eligible: eligible, quorumMet: quorum, minutes: minutes,
                      decisionNumber: decisionNumber, decidedOn: decidedOn, criteria: criteria.value, strengths: strengths,
                      limitations: limitations, proposals: proposals.value, grades: grades.value, organizationGrades: organizationGrades.value,
                      reopenedAt: reopenedAt, reopenReason: reopenReason, version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// Creates or replaces the review of `organizationId` for `year`, by the organization's kind.
    public func put(organizationId: UUID, year: Int, input: ReviewInput, expectedVersion: Int?, scope: AccessScope,
                    context: WriteContext) async throws -> (Review, created: Bool) {
        try await pool.withTransaction { connection in
            let organization = try await OrganizationStore.writable(organizationId, scope, on: connection)
            let rules = try await YearRules.load(year, on: connection)
            let before = try await Self.find(organizationId, year, on: connection, lock: true)
            if let expectedVersion, expectedVersion != (before?.version ?? 0) { throw DomainError.versionMismatch(current: before?.version ?? 0) }
            var errors: [FieldError] = []
            for (index, assessment) in input.criteria.enumerated() where !rules.criteria.contains(assessment.criterion) {
                errors.append(FieldError("criteria[\(index)].criterion", "must be one of " + rules.criteria.joined(separator: ", ")))
            }
            let roster = Set(try await connection.query("SELECT member_id FROM roster(\(organizationId), \(Int32(year)))").column(UUID.self))
            switch organization.kind {
            case .cell:
                errors += ReviewRules.cellErrors(input)
                for (index, proposal) in input.proposals.enumerated() where !roster.contains(proposal.memberId) {
                    errors.append(FieldError("proposals[\(index)].memberId", "is not on this cell's roster for \(year)"))
                }
            case .ward, .grassroots:
                let proposals = try await Self.cellProposals(year, under: organizationId, on: connection)
                errors += ReviewRules.decisionErrors(input, proposals: proposals)
                for (index, grade) in input.grades.enumerated() where !roster.contains(grade.memberId) {
                    errors.append(FieldError("grades[\(index)].memberId", "is not on this organization's roster for \(year)"))
                }
            case .district:
                if TextNormalizer.clean(input.decisionNumber) == nil { errors.append(FieldError("decisionNumber", "is required")) }
                for (index, grade) in input.organizationGrades.enumerated() {
                    // Only "no such organization" is the client's mistake; a database failure
                    // must stay one, not turn into a field error.
                    let child: Organization?
                    do {
                        child = try await OrganizationStore.get(grade.organizationId, on: connection)
                    } catch DomainError.notFound {
                        child = nil
                    }
                    if child?.parentId != organizationId || !(child?.kind == .ward || child?.kind == .grassroots) {
                        errors.append(FieldError("organizationGrades[\(index)].organizationId", "is not a ward or grassroots organization of this district"))
                    }
                }
            case .nation, .city:
                throw ValidationFailure([FieldError("organizationId", "a \(organization.kind.rawValue) has no yearly review here")])
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }

            if organization.kind == .ward || organization.kind == .grassroots {
                // The quota holds over every grade of the organization for the year, those
                // decided by earlier requests included.
                let earlier = try await connection.query("""
                    SELECT member_id, grade FROM member_grade WHERE organization_id = \(organizationId) AND year = \(Int32(year))
                    """).rows.map { try $0.decode((UUID, Grade).self) }
                var all = Dictionary(uniqueKeysWithValues: earlier)
                for grade in input.grades { all[grade.memberId] = grade.grade }
                if let exceeded = Quota.violation(Array(all.values), percent: rules.ruleSet.excellentQuotaPercent) {
                    throw exceeded
                }
            }

            let id = before?.id ?? UUID()
            let criteria = try JSONB(input.criteria)
            try await connection.query("""
                INSERT INTO review (id, organization_id, year, kind, held_on, chair, secretary, attendees, eligible, minutes,
                                    decision_number, decided_on, criteria, strengths, limitations)
                VALUES (\(id), \(organizationId), \(Int32(year)), \(organization.kind.rawValue), \(input.heldOn), \(input.chair),
                        \(input.secretary), \(input.attendees.map(Int32.init)), \(input.eligible.map(Int32.init)), \(input.minutes),
                        \(input.decisionNumber), \(input.decidedOn), \(criteria), \(input.strengths), \(input.limitations))
                ON CONFLICT (organization_id, year) DO UPDATE SET held_on = EXCLUDED.held_on, chair = EXCLUDED.chair,
                    secretary = EXCLUDED.secretary, attendees = EXCLUDED.attendees, eligible = EXCLUDED.eligible,
                    minutes = EXCLUDED.minutes, decision_number = EXCLUDED.decision_number, decided_on = EXCLUDED.decided_on,
                    criteria = EXCLUDED.criteria, strengths = EXCLUDED.strengths, limitations = EXCLUDED.limitations,
                    version = review.version + 1, updated_at = now()
                """)
            switch organization.kind {
            case .cell:
                try await connection.query("DELETE FROM grade_proposal WHERE review_id = \(id)")
                for proposal in input.proposals {
                    try await connection.query("""
                        INSERT INTO grade_proposal (review_id, member_id, proposed_grade, comment, votes_for, votes_against, votes_abstain)
                        VALUES (\(id), \(proposal.memberId), \(proposal.proposedGrade.rawValue), \(proposal.comment),
                                \(Int32(proposal.votesFor)), \(Int32(proposal.votesAgainst)), \(Int32(proposal.votesAbstain)))
                        """)
                }
                // Recording a proposal locks the member's self-assessment.
                try await connection.query("""
                    UPDATE self_assessment SET locked = true, version = version + 1, updated_at = now()
                    WHERE year = \(Int32(year)) AND member_id = ANY(\(input.proposals.map(\.memberId))) AND NOT locked
                    """)
            case .ward, .grassroots:
                // One statement for the whole roster: a city ward decides two thousand grades at once.
                try await connection.query("""
                    INSERT INTO member_grade (member_id, year, organization_id, grade, reason, decision_number, decided_on)
                    SELECT g.member_id, \(Int32(year)), \(organizationId), g.grade, g.reason, \(input.decisionNumber), \(input.decidedOn)
                    FROM unnest(\(input.grades.map(\.memberId))::uuid[], \(input.grades.map(\.grade.rawValue))::text[],
                                \(input.grades.map(\.reason))::text[]) AS g (member_id, grade, reason)
                    ON CONFLICT (member_id, year) DO UPDATE SET grade = EXCLUDED.grade, reason = EXCLUDED.reason,
                        organization_id = EXCLUDED.organization_id, decision_number = EXCLUDED.decision_number,
                        decided_on = EXCLUDED.decided_on
                    """)
                let decided = input.grades.map(\.memberId)
                // Deciding closes the members' commitments and locks their self-assessments.
                try await connection.query("""
                    UPDATE commitment SET status = 'CLOSED', version = version + 1, updated_at = now()
                    WHERE year = \(Int32(year)) AND member_id = ANY(\(decided)) AND status <> 'CLOSED'
                    """)
                try await connection.query("""
                    UPDATE self_assessment SET locked = true, version = version + 1, updated_at = now()
                    WHERE year = \(Int32(year)) AND member_id = ANY(\(decided)) AND NOT locked
                    """)
            case .district:
                for grade in input.organizationGrades {
                    try await connection.query("""
                        INSERT INTO organization_grade (organization_id, year, grade, graded_by)
                        VALUES (\(grade.organizationId), \(Int32(year)), \(grade.grade.rawValue), \(organizationId))
                        ON CONFLICT (organization_id, year) DO UPDATE SET grade = EXCLUDED.grade, graded_by = EXCLUDED.graded_by
                        """)
                }
            case .nation, .city:
                break
            }
            let after = try await Self.find(organizationId, year, on: connection)!
            try await AuditLog.record(on: connection, context, action: before == nil ? "review.created" : "review.updated",
                                      entityType: "review", entityId: id.uuidString, organizationId: organizationId, before: before, after: after)
            return (after, before == nil)
        }
    }

    /// The proposals (`member_id`, `proposed_grade`) of the year's meetings of the cells under
    /// `organizationId`: what its decision starts from, on its page and when it is checked. One
    /// per member, the latest meeting's: a member moved after their old cell met, with the move
    /// recorded later, is proposed by both cells. (`grades(memberId:)` picks the same one.)
    static func proposals(under organizationId: UUID, _ year: Int) -> PQQuery {
        """
        SELECT DISTINCT ON (p.member_id) p.member_id, p.proposed_grade
        FROM organization c
        JOIN review v ON v.organization_id = c.id AND v.year = \(Int32(year))
        JOIN grade_proposal p ON p.review_id = v.id
        WHERE c.ancestors @> ARRAY[\(organizationId)]
        ORDER BY p.member_id, v.held_on DESC NULLS LAST, v.updated_at DESC
        """
    }

    /// The members proposed at the year's meetings of the cells under `organizationId`, once
    /// per meeting that proposed them: what `proposals(under:)` keeps one of, for a count that
    /// only asks whether there is one. Each cell's review is found by its own index (the
    /// planner, left to itself, scans every review of every year).
    static func proposedMembers(under organizationId: UUID, _ year: Int) -> PQQuery {
        """
        SELECT p.member_id
        FROM organization c
        CROSS JOIN LATERAL (SELECT v.id FROM review v WHERE v.organization_id = c.id AND v.year = \(Int32(year)) OFFSET 0) v
        JOIN grade_proposal p ON p.review_id = v.id
        WHERE c.ancestors @> ARRAY[\(organizationId)]
        """
    }

    /// The cell's proposal for each member, from the year's meetings of the cells under the
    /// deciding organization.
    static func cellProposals(_ year: Int, under organizationId: UUID, on connection: PQConnection) async throws -> [UUID: Grade] {
        var proposals: [UUID: Grade] = [:]
        for row in try await connection.query(Self.proposals(under: organizationId, year)).rows {
            let (member, grade) = try row.decode((UUID, String).self)
            proposals[member] = Grade(rawValue: grade)
        }
        return proposals
    }

    /// Lifts the locks the review set: self-assessments unlocked, closed commitments back to
    /// ACKNOWLEDGED; the grades stay until a new decision replaces them.
    public func reopen(organizationId: UUID, year: Int, reason: String, expectedVersion: Int? = nil, scope: AccessScope,
                       context: WriteContext) async throws -> Review {
        try await pool.withTransaction { connection in
            _ = try await OrganizationStore.writable(organizationId, scope, on: connection)
            guard let before = try await Self.find(organizationId, year, on: connection, lock: true) else { throw DomainError.notFound("review") }
            if let expectedVersion, expectedVersion != before.version { throw DomainError.versionMismatch(current: before.version) }
            let members = before.kind == .cell ? before.proposals.map(\.memberId) : before.grades.map(\.memberId)
            try await connection.query("""
                UPDATE self_assessment SET locked = false, version = version + 1, updated_at = now()
                WHERE year = \(Int32(year)) AND member_id = ANY(\(members)) AND locked
                """)
            if before.kind != .cell {
                try await connection.query("""
                    UPDATE commitment SET status = 'ACKNOWLEDGED', version = version + 1, updated_at = now()
                    WHERE year = \(Int32(year)) AND member_id = ANY(\(members)) AND status = 'CLOSED'
                    """)
            }
            try await connection.query("""
                UPDATE review SET reopened_at = now(), reopen_reason = \(reason), version = version + 1, updated_at = now() WHERE id = \(before.id)
                """)
            let after = try await Self.find(organizationId, year, on: connection)!
            try await AuditLog.record(on: connection, context, action: "review.reopened", entityType: "review", entityId: before.id.uuidString,
                                      organizationId: organizationId, before: before, after: after)
            return after
        }
    }

    public struct YearGrade: Codable, Sendable, Equatable {
        public var year: Int
        public var selfProposed: Grade?
        public var cellProposal: Grade?
        public var decided: Grade?
        public var decisionNumber: String?
        public var decidedOn: CalendarDate?
        public var reason: String?
    }

    /// The member's grade per year: self-proposed, the cell's proposal, the decision.
    public func grades(memberId: UUID, scope: AccessScope) async throws -> [YearGrade] {
        try await pool.withConnection { connection in
            guard try await MemberStore.isVisible(memberId, scope, on: connection) else { throw DomainError.notFound("member") }
            return try await Self.grades(memberId: memberId, on: connection)
        }
    }

    static func grades(memberId: UUID, on connection: PQConnection) async throws -> [YearGrade] {
        try await connection.query("""
            WITH years AS (
                SELECT year FROM self_assessment WHERE member_id = \(memberId)
                UNION SELECT r.year FROM grade_proposal p JOIN review r ON r.id = p.review_id WHERE p.member_id = \(memberId)
                UNION SELECT year FROM member_grade WHERE member_id = \(memberId))
            SELECT y.year::int8,
                   (SELECT proposed_grade FROM self_assessment s WHERE s.member_id = \(memberId) AND s.year = y.year),
                   (SELECT p.proposed_grade FROM grade_proposal p JOIN review r ON r.id = p.review_id
                    WHERE p.member_id = \(memberId) AND r.year = y.year
                    ORDER BY r.held_on DESC NULLS LAST, r.updated_at DESC LIMIT 1),
                   g.grade, g.decision_number, g.decided_on, g.reason
            FROM years y LEFT JOIN member_grade g ON g.member_id = \(memberId) AND g.year = y.year
            ORDER BY y.year
            """).rows.map { row in
            let (year, selfProposed, proposal, decided, number, decidedOn, reason) =
                try row.decode((Int, String?, String?, String?, String?, CalendarDate?, String?).self)
            return YearGrade(year: year, selfProposed: selfProposed.flatMap(Grade.init), cellProposal: proposal.flatMap(Grade.init),
                             decided: decided.flatMap(Grade.init), decisionNumber: number, decidedOn: decidedOn, reason: reason)
        }
    }
}
