import Foundation
import PQ

public struct CommendationCandidate: Codable, Sendable, Equatable {
    public var memberId: UUID
    public var fullName: String
    public var basis: CommendationBasis
    /// Whether the member already holds a commendation on this basis for the year.
    public var alreadyHolds: Bool
}

public struct CommendationStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    static let columns = """
        c.id, c.member_id, c.organization_id, c.year::int8, c.form, c.issuer_organization_id, c.basis, c.criteria, c.title,
        c.decision_number, c.decided_on, c.citation, c.created_at
        """

    /// Decodes `columns`; `leading` when the row goes on with columns of a join.
    static func decode(_ row: PQRow, leading: Bool = false) throws -> Commendation {
        typealias Columns = (UUID, UUID?, UUID?, Int, CommendationForm, UUID, CommendationBasis, [String], String, String, CalendarDate, String?, Date)
        let (id, member, organization, year, form, issuer, basis, criteria, title, number, decidedOn, citation, created) =
            try leading ? row.decodeLeading(Columns.self) : row.decode(Columns.self)
        return Commendation(id: id, memberId: member, organizationId: organization, year: year, form: form,
                            issuerOrganizationId: issuer, basis: basis, criteria: criteria, title: title,
                            decisionNumber: number, decidedOn: decidedOn, citation: citation, createdAt: created)
    }

    /// Grades by year of a member or an organization.
    static func grades(member: UUID?, organization: UUID?, on connection: PQConnection) async throws -> [Int: Grade] {
        let query: PQQuery = member != nil
            ? "SELECT year::int8, grade FROM member_grade WHERE member_id = \(member)"
            : "SELECT year::int8, grade FROM organization_grade WHERE organization_id = \(organization)"
        var grades: [Int: Grade] = [:]
        for row in try await connection.query(query).rows {
            let (year, grade) = try row.decode((Int, String).self)
            grades[year] = Grade(rawValue: grade)
        }
        return grades
    }

    public func create(_ new: NewCommendation, scope: AccessScope, context: WriteContext) async throws -> Commendation {
        try await pool.withTransaction { try await Self.insert(new, scope: scope, context: context, on: $0) }
    }

    /// Several commendations of one decision (a ward's list of candidates), all or none: the
    /// first that is refused undoes the others and is named by its place in `all`.
    public func createAll(_ all: [NewCommendation], scope: AccessScope, context: WriteContext) async throws -> [Commendation] {
        try await pool.withTransaction { connection in
            var created: [Commendation] = []
            for (index, new) in all.enumerated() {
                do {
                    created.append(try await Self.insert(new, scope: scope, context: context, on: connection))
                } catch let error as DomainError {
                    throw BatchItemFailure(index: index, error: error)
                } catch let error as ValidationFailure {
                    throw BatchItemFailure(index: index, error: error)
                }
            }
            return created
        }
    }

    static func insert(_ new: NewCommendation, scope: AccessScope, context: WriteContext, on connection: PQConnection) async throws -> Commendation {
        var errors: [FieldError] = []
        // The recipient's organization: a member's current cell, or the organization itself.
        var recipientOrganization: UUID? = nil
        switch (new.memberId, new.organizationId) {
        case (.some(let member), nil):
            if try await MemberStore.isVisible(member, scope, on: connection) {
                recipientOrganization = try await MemberStore.get(member, on: connection).organizationId
            } else {
                errors.append(FieldError("memberId", "no such member"))
            }
        case (nil, .some(let organization)):
            if try await OrganizationStore.isWithin(organization, scope.read, on: connection) {
                recipientOrganization = organization
            } else {
                errors.append(FieldError("organizationId", "no such organization"))
            }
        default:
            errors.append(FieldError("memberId", "give exactly one recipient: memberId or organizationId"))
        }
        if !(try await OrganizationStore.isWithin(new.issuerOrganizationId, scope.write, on: connection)) {
            errors.append(FieldError("issuerOrganizationId", "no such organization"))
        } else if let recipientOrganization,
                  !(try await connection.query("SELECT ancestors @> ARRAY[\(new.issuerOrganizationId)] FROM organization WHERE id = \(recipientOrganization)")[0].decode(Bool.self, at: 0)) {
            errors.append(FieldError("issuerOrganizationId", "must be the recipient's organization or one above it"))
        }
        if errors.isEmpty {
            errors += CommendationRules.basisErrors(new.basis, year: new.year,
                                                    grades: try await Self.grades(member: new.memberId, organization: new.organizationId, on: connection))
        }
        if !errors.isEmpty { throw ValidationFailure(errors) }
        let id = UUID()
        do {
            try await connection.query("""
                INSERT INTO commendation (id, member_id, organization_id, year, form, issuer_organization_id, basis, criteria, title,
                                          decision_number, decided_on, citation)
                VALUES (\(id), \(new.memberId), \(new.organizationId), \(Int32(new.year)), \(new.form.rawValue), \(new.issuerOrganizationId),
                        \(new.basis.rawValue), \(new.criteria), \(new.title), \(new.decisionNumber), \(new.decidedOn), \(new.citation))
                """)
        } catch let error as PQError where error.sqlState == PQError.uniqueViolation {
            throw DomainError.conflict("The recipient already holds a \(new.form.rawValue) on basis \(new.basis.rawValue) for \(new.year).", field: "form")
        }
        let created = try Self.decode(try await connection.query("SELECT \(unsafeSQL: Self.columns) FROM commendation c WHERE c.id = \(id)")[0])
        try await AuditLog.record(on: connection, context, action: "commendation.created", entityType: "commendation", entityId: id.uuidString,
                                  organizationId: recipientOrganization, before: Commendation?.none, after: created)
        return created
    }

    /// The commendations of a year whose recipients lie in the subtree, with each recipient's
    /// name, in the order a list of them is read (by name).
    public func roll(organizationId: UUID, year: Int?, scope: AccessScope) async throws -> [Recognized<Commendation>] {
        var query: PQQuery = """
            SELECT \(unsafeSQL: Self.columns), COALESCE(m.full_name, o.name) FROM commendation c
            LEFT JOIN member m ON m.id = c.member_id LEFT JOIN organization o ON o.id = c.organization_id
            WHERE \(Recipient.visible("c", scope)) AND \(Recipient.within("c", in: "commendation", organizationId))
            """
        if let year { query.append(" AND c.year = \(Int32(year))") }
        query.append(" ORDER BY c.year DESC, COALESCE(m.given_name, o.name) COLLATE vietnamese, COALESCE(m.full_name, o.name) COLLATE vietnamese, c.id")
        return try await pool.query(query).rows.map { Recognized(record: try Self.decode($0, leading: true), recipient: try $0.decode(String.self, at: 13)) }
    }

    public func get(_ id: UUID, scope: AccessScope) async throws -> Commendation {
        guard let row = try await pool.query("""
            SELECT \(unsafeSQL: Self.columns) FROM commendation c WHERE c.id = \(id) AND \(Recipient.visible("c", scope))
            """).first else { throw DomainError.notFound("commendation") }
        return try Self.decode(row)
    }

    public func list(organizationId: UUID?, year: Int?, form: CommendationForm?, page: PageRequest, scope: AccessScope) async throws -> Page<Commendation> {
        var query: PQQuery = "SELECT \(unsafeSQL: Self.columns) FROM commendation c WHERE \(Recipient.visible("c", scope))"
        if let organizationId {
            query.append(" AND \(Recipient.within("c", in: "commendation", organizationId))")
        }
        if let year { query.append(" AND c.year = \(Int32(year))") }
        if let form { query.append(" AND c.form = \(form.rawValue)") }
        struct Cursor: Codable { var year: Int; var id: UUID }
        if let after = try page.cursor(as: Cursor.self) { query.append(" AND (c.year, c.id) > (\(Int32(after.year)), \(after.id))") }
        query.append(" ORDER BY c.year, c.id LIMIT \(page.limit + 1)")
        let rows = try await pool.query(query).rows.map { try Self.decode($0) }
        return Page(rows, limit: page.limit) { Cursor(year: $0.year, id: $0.id) }
    }

    /// Members of the subtree graded HTXSNV in `year`, and those excellent five years running.
    public func candidates(organizationId: UUID, year: Int, scope: AccessScope) async throws -> [CommendationCandidate] {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            let rows = try await connection.query("""
                SELECT m.id, m.full_name,
                       (SELECT count(*) FROM member_grade g WHERE g.member_id = m.id AND g.grade = 'HTXSNV'
                        AND g.year BETWEEN \(Int32(year - 4)) AND \(Int32(year))),
                       EXISTS (SELECT 1 FROM commendation c WHERE c.member_id = m.id AND c.year = \(Int32(year)) AND c.basis = 'EXCELLENT_YEAR'),
                       EXISTS (SELECT 1 FROM commendation c WHERE c.member_id = m.id AND c.year = \(Int32(year)) AND c.basis = 'EXCELLENT_5_YEARS')
                FROM member_grade g0 JOIN member m ON m.id = g0.member_id
                WHERE g0.year = \(Int32(year)) AND g0.grade = 'HTXSNV'
                  AND m.organization_id IN (\(OrganizationStore.subtree(organizationId)))
                ORDER BY m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, m.id
                """).rows
            var candidates: [CommendationCandidate] = []
            for row in rows {
                let (id, name, excellentYears, holdsYear, holdsFive) = try row.decode((UUID, String, Int, Bool, Bool).self)
                candidates.append(CommendationCandidate(memberId: id, fullName: name, basis: .excellentYear, alreadyHolds: holdsYear))
                if excellentYears == 5 {
                    candidates.append(CommendationCandidate(memberId: id, fullName: name, basis: .excellentFiveYears, alreadyHolds: holdsFive))
                }
            }
            return candidates
        }
    }
}
