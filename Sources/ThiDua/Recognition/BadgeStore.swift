import Foundation
import PQ

public struct BadgeCandidate: Codable, Sendable, Equatable {
    public var memberId: UUID
    public var fullName: String
    public var admittedOn: CalendarDate
    public var years: Int
    public var reachedOn: CalendarDate
}

public struct BadgeAward: Codable, Sendable, Equatable {
    public var id: UUID
    public var memberId: UUID
    public var years: Int
    public var occasionOn: CalendarDate
    public var decisionNumber: String
    public var createdAt: Date
}

/// Badge candidates and awards. Seniority is computed by `BadgeRules` from each member's
/// admission and interruptions, not stored, so a corrected date corrects every list.
public struct BadgeStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    struct Seniority {
        var id: UUID
        var fullName: String
        var admittedOn: CalendarDate
        var interruptions: [Interruption]
        var held: Set<Int>
    }

    static func seniority(where condition: PQQuery, on connection: PQConnection) async throws -> [Seniority] {
        try await connection.query("""
            SELECT m.id, m.full_name, m.admitted_on,
                   COALESCE((SELECT jsonb_agg(jsonb_build_object('fromOn', i.from_on, 'toOn', i.to_on)) FROM membership_interruption i
                             WHERE i.member_id = m.id), '[]'),
                   ARRAY(SELECT b.years::int8 FROM badge_award b WHERE b.member_id = m.id)
            FROM member m WHERE \(condition)
            ORDER BY m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, m.id
            """).rows.map { row in
            let (id, name, admitted, interruptions, held) = try row.decode((UUID, String, CalendarDate, JSONB<[Interruption]>, [Int]).self)
            return Seniority(id: id, fullName: name, admittedOn: admitted, interruptions: interruptions.value, held: Set(held))
        }
    }

    /// Members of the subtree (active today) due a tier on `occasion`.
    public func candidates(organizationId: UUID, occasion: CalendarDate, scope: AccessScope) async throws -> [BadgeCandidate] {
        guard BadgeRules.isOccasion(occasion) else {
            throw ValidationFailure([FieldError("occasion", "must be 3 February, 19 May, 2 September or 7 November")])
        }
        return try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            let members = try await Self.seniority(where: """
                m.status IN ('PROBATIONARY', 'OFFICIAL', 'EXEMPT')
                AND m.organization_id IN (\(OrganizationStore.subtree(organizationId)))
                """, on: connection)
            return members.compactMap { member in
                BadgeRules.due(admittedOn: member.admittedOn, interruptions: member.interruptions, held: member.held, occasion: occasion)
                    .map { BadgeCandidate(memberId: member.id, fullName: member.fullName, admittedOn: member.admittedOn, years: $0.years, reachedOn: $0.reachedOn) }
            }
        }
    }

    public func award(memberId: UUID, years: Int, occasionOn: CalendarDate, decisionNumber: String, scope: AccessScope,
                      context: WriteContext) async throws -> BadgeAward {
        try await pool.withTransaction { connection in
            try await Self.insert(memberId: memberId, years: years, occasionOn: occasionOn, decisionNumber: decisionNumber,
                                  scope: scope, context: context, on: connection)
        }
    }

    /// The badges of one decision for one occasion, all or none: the first refused undoes the
    /// others and is named by its place in `awards`.
    public func awardAll(_ awards: [(memberId: UUID, years: Int)], occasionOn: CalendarDate, decisionNumber: String, scope: AccessScope,
                         context: WriteContext) async throws -> [BadgeAward] {
        try await pool.withTransaction { connection in
            var made: [BadgeAward] = []
            for (index, award) in awards.enumerated() {
                do {
                    made.append(try await Self.insert(memberId: award.memberId, years: award.years, occasionOn: occasionOn,
                                                      decisionNumber: decisionNumber, scope: scope, context: context, on: connection))
                } catch let error as DomainError {
                    throw BatchItemFailure(index: index, error: error)
                } catch let error as ValidationFailure {
                    throw BatchItemFailure(index: index, error: error)
                } catch let error as Forbidden {
                    throw BatchItemFailure(index: index, error: error)
                }
            }
            return made
        }
    }

    static func insert(memberId: UUID, years: Int, occasionOn: CalendarDate, decisionNumber: String, scope: AccessScope,
                       context: WriteContext, on connection: PQConnection) async throws -> BadgeAward {
        let member = try await MemberStore.writable(memberId, scope, on: connection)
        var errors: [FieldError] = []
        if !BadgeRules.tiers.contains(years) {
            errors.append(FieldError("years", "must be one of " + BadgeRules.tiers.map(String.init).joined(separator: ", ")))
        }
        if !BadgeRules.isOccasion(occasionOn) {
            errors.append(FieldError("occasionOn", "must be 3 February, 19 May, 2 September or 7 November"))
        }
        if errors.isEmpty {
            let reached = BadgeRules.reachedOn(years: years, admittedOn: member.admittedOn, interruptions: member.interruptions)
            if reached > occasionOn {
                errors.append(FieldError("years", "the member reaches \(years) years on \(reached), after \(occasionOn)"))
            }
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let id = UUID()
        do {
            try await connection.query("""
                INSERT INTO badge_award (id, member_id, years, occasion_on, decision_number)
                VALUES (\(id), \(memberId), \(Int32(years)), \(occasionOn), \(decisionNumber))
                """)
        } catch let error as PQError where error.sqlState == PQError.uniqueViolation {
            throw DomainError.conflict("The member already holds the \(years)-year badge.", field: "years")
        }
        let award = try await Self.awards(where: "b.id = \(id)", on: connection)[0]
        try await AuditLog.record(on: connection, context, action: "badge.awarded", entityType: "badge_award", entityId: id.uuidString,
                                  organizationId: member.organizationId, before: BadgeAward?.none, after: award)
        return award
    }

    static func awards(where condition: PQQuery, on connection: PQConnection) async throws -> [BadgeAward] {
        try await connection.query("""
            SELECT b.id, b.member_id, b.years::int8, b.occasion_on, b.decision_number, b.created_at FROM badge_award b
            WHERE \(condition) ORDER BY b.occasion_on, b.id
            """).rows.map { row in
            let (id, member, years, occasion, number, created) = try row.decode((UUID, UUID, Int, CalendarDate, String, Date).self)
            return BadgeAward(id: id, memberId: member, years: years, occasionOn: occasion, decisionNumber: number, createdAt: created)
        }
    }

    /// Awards to members of the subtree, newest occasion first, with each member's name; at
    /// most `limit` of them (a city has tens of thousands).
    public func roll(organizationId: UUID, limit: Int, scope: AccessScope) async throws -> [Recognized<BadgeAward>] {
        try await pool.query("""
            SELECT b.id, b.member_id, b.years::int8, b.occasion_on, b.decision_number, b.created_at, m.full_name
            FROM badge_award b JOIN member m ON m.id = b.member_id
            WHERE \(MemberStore.visibility(scope)) AND m.organization_id IN (\(OrganizationStore.subtree(organizationId)))
            ORDER BY b.occasion_on DESC, m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, b.id
            LIMIT \(limit)
            """).rows.map { row in
            let (id, member, years, occasion, number, created, name) = try row.decode((UUID, UUID, Int, CalendarDate, String, Date, String).self)
            return Recognized(record: BadgeAward(id: id, memberId: member, years: years, occasionOn: occasion, decisionNumber: number,
                                                 createdAt: created), recipient: name)
        }
    }

    /// Awards to members visible to the caller, optionally within a subtree.
    public func list(organizationId: UUID?, scope: AccessScope) async throws -> [BadgeAward] {
        try await pool.withConnection { connection in
            var condition: PQQuery = "b.member_id IN (SELECT m.id FROM member m WHERE \(MemberStore.visibility(scope))"
            if let organizationId {
                condition.append(" AND m.organization_id IN (\(OrganizationStore.subtree(organizationId)))")
            }
            condition.append(")")
            return try await Self.awards(where: condition, on: connection)
        }
    }
}
