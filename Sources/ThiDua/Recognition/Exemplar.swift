import Foundation
import PQ

public enum ExemplarStage: String, DomainCode {
    case discovered = "DISCOVERED", nurtured = "NURTURED", proposed = "PROPOSED", commended = "COMMENDED", rejected = "REJECTED"
}

/// `DISCOVERED → NURTURED → PROPOSED → COMMENDED`, or to `REJECTED` from any open stage;
/// never backwards, never skipping, nothing after the end.
public enum ExemplarMachine {
    public static func refusal(from current: ExemplarStage, to next: ExemplarStage) -> String? {
        let allowed: Bool = switch (current, next) {
        case (.discovered, .nurtured), (.nurtured, .proposed), (.proposed, .commended): true
        case (.discovered, .rejected), (.nurtured, .rejected), (.proposed, .rejected): true
        default: false
        }
        return allowed ? nil : "An exemplar in stage \(current.rawValue) cannot move to \(next.rawValue)."
    }
}

public struct ExemplarStep: Codable, Sendable, Equatable {
    public var stage: ExemplarStage
    public var at: Date
    public var note: String?
}

public struct Exemplar: Codable, Sendable, Equatable {
    public var id: UUID
    public var memberId: UUID?
    public var organizationId: UUID?
    public var criteria: [String]
    public var title: String
    public var description: String?
    public var discoveredOn: CalendarDate
    public var stage: ExemplarStage
    public var commendationId: UUID?
    public var history: [ExemplarStep]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
}

public struct ExemplarStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    static let columns = """
        e.id, e.member_id, e.organization_id, e.criteria, e.title, e.description, e.discovered_on, e.stage, e.commendation_id,
        e.history, e.version::int8, e.created_at, e.updated_at
        """

    /// Decodes `columns`; `leading` when the row goes on with columns of a join.
    static func decode(_ row: PQRow, leading: Bool = false) throws -> Exemplar {
        typealias Columns = (UUID, UUID?, UUID?, [String], String, String?, CalendarDate, ExemplarStage, UUID?, JSONB<[ExemplarStep]>, Int, Date, Date)
        let (id, member, organization, criteria, title, description, discovered, stage, commendation, history, version, created, updated) =
            try leading ? row.decodeLeading(Columns.self) : row.decode(Columns.self)
        return Exemplar(id: id, memberId: member, organizationId: organization, criteria: criteria, title: title, description: description,
                        discoveredOn: discovered, stage: stage, commendationId: commendation,
                        history: history.value, version: version, createdAt: created, updatedAt: updated)
    }

    /// The organization an exemplar belongs to: the member's cell, or the organization itself.
    static func home(member: UUID?, organization: UUID?, on connection: PQConnection) async throws -> UUID? {
        if let member { return try await MemberStore.get(member, on: connection).organizationId }
        return organization
    }

    public func create(memberId: UUID?, organizationId: UUID?, criteria: [String], title: String, description: String?,
                       discoveredOn: CalendarDate, scope: AccessScope, context: WriteContext) async throws -> Exemplar {
        try await pool.withTransaction { connection in
            switch (memberId, organizationId) {
            case (.some(let member), nil):
                guard try await MemberStore.isVisible(member, scope, on: connection) else { throw ValidationFailure([FieldError("memberId", "no such member")]) }
                let cell = try await MemberStore.get(member, on: connection).organizationId
                guard try await OrganizationStore.isWithin(cell, scope.write, on: connection) else { throw Forbidden("Your role may not record exemplars here.") }
            case (nil, .some(let organization)):
                _ = try await OrganizationStore.writable(organization, scope, on: connection)
            default:
                throw ValidationFailure([FieldError("memberId", "give exactly one: memberId or organizationId")])
            }
            let id = UUID()
            let history = try JSONB([ExemplarStep(stage: .discovered, at: Date(), note: nil)])
            try await connection.query("""
                INSERT INTO exemplar (id, member_id, organization_id, criteria, title, description, discovered_on, stage, history)
                VALUES (\(id), \(memberId), \(organizationId), \(criteria), \(title), \(description), \(discoveredOn), 'DISCOVERED', \(history))
                """)
            let created = try Self.decode(try await connection.query("SELECT \(unsafeSQL: Self.columns) FROM exemplar e WHERE e.id = \(id)")[0])
            try await AuditLog.record(on: connection, context, action: "exemplar.created", entityType: "exemplar", entityId: id.uuidString,
                                      organizationId: try await Self.home(member: memberId, organization: organizationId, on: connection),
                                      before: Exemplar?.none, after: created)
            return created
        }
    }

    /// Moves the exemplar to `stage`; `COMMENDED` needs a commendation of the same recipient.
    public func move(_ id: UUID, to stage: ExemplarStage, note: String?, commendationId: UUID?, expectedVersion: Int?, scope: AccessScope,
                     context: WriteContext) async throws -> Exemplar {
        try await pool.withTransaction { connection in
            guard let row = try await connection.query("""
                SELECT \(unsafeSQL: Self.columns) FROM exemplar e WHERE e.id = \(id) AND \(Recipient.visible("e", scope)) FOR UPDATE OF e
                """).first else { throw DomainError.notFound("exemplar") }
            let before = try Self.decode(row)
            let home = try await Self.home(member: before.memberId, organization: before.organizationId, on: connection)
            guard let home, try await OrganizationStore.isWithin(home, scope.write, on: connection) else {
                throw Forbidden("Your role may read this exemplar but not change it.")
            }
            if let expectedVersion, expectedVersion != before.version { throw DomainError.versionMismatch(current: before.version) }
            if let refusal = ExemplarMachine.refusal(from: before.stage, to: stage) { throw DomainError.invalidState(refusal) }
            if stage == .commended {
                guard let commendationId else { throw ValidationFailure([FieldError("commendationId", "is required to move to COMMENDED")]) }
                let matches = try await connection.query("""
                    SELECT count(*) FROM commendation WHERE id = \(commendationId)
                      AND member_id IS NOT DISTINCT FROM \(before.memberId) AND organization_id IS NOT DISTINCT FROM \(before.organizationId)
                    """)[0].decode(Int.self, at: 0)
                if matches == 0 { throw ValidationFailure([FieldError("commendationId", "no commendation of this exemplar's recipient has this id")]) }
            }
            let history = try JSONB(before.history + [ExemplarStep(stage: stage, at: Date(), note: note)])
            try await connection.query("""
                UPDATE exemplar SET stage = \(stage.rawValue), commendation_id = COALESCE(\(stage == .commended ? commendationId : nil), commendation_id),
                       history = \(history), version = version + 1, updated_at = now() WHERE id = \(id)
                """)
            let after = try Self.decode(try await connection.query("SELECT \(unsafeSQL: Self.columns) FROM exemplar e WHERE e.id = \(id)")[0])
            try await AuditLog.record(on: connection, context, action: "exemplar.\(stage.rawValue.lowercased())", entityType: "exemplar",
                                      entityId: id.uuidString, organizationId: home, before: before, after: after)
            return after
        }
    }

    /// The exemplars of the subtree with each recipient's name, newest discovered first.
    public func roll(organizationId: UUID, scope: AccessScope) async throws -> [Recognized<Exemplar>] {
        try await pool.query("""
            SELECT \(unsafeSQL: Self.columns), COALESCE(m.full_name, o.name) FROM exemplar e
            LEFT JOIN member m ON m.id = e.member_id LEFT JOIN organization o ON o.id = e.organization_id
            WHERE \(Recipient.visible("e", scope)) AND \(Recipient.within("e", in: "exemplar", organizationId))
            ORDER BY e.discovered_on DESC, e.created_at DESC, e.id
            """).rows.map { Recognized(record: try Self.decode($0, leading: true), recipient: try $0.decode(String.self, at: 13)) }
    }

    public func list(organizationId: UUID?, stage: ExemplarStage?, page: PageRequest, scope: AccessScope) async throws -> Page<Exemplar> {
        var query: PQQuery = "SELECT \(unsafeSQL: Self.columns) FROM exemplar e WHERE \(Recipient.visible("e", scope))"
        if let organizationId {
            query.append(" AND \(Recipient.within("e", in: "exemplar", organizationId))")
        }
        if let stage { query.append(" AND e.stage = \(stage.rawValue)") }
        struct Cursor: Codable { var id: UUID }
        if let after = try page.cursor(as: Cursor.self) { query.append(" AND e.id > \(after.id)") }
        query.append(" ORDER BY e.id LIMIT \(page.limit + 1)")
        let rows = try await pool.query(query).rows.map { try Self.decode($0) }
        return Page(rows, limit: page.limit) { Cursor(id: $0.id) }
    }
}
