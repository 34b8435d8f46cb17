import Foundation
import PQ

public enum ActivityChannel: String, DomainCode {
    case cellMeeting = "CELL_MEETING", conference = "CONFERENCE", loudspeaker = "LOUDSPEAKER", panel = "PANEL"
    case portal = "PORTAL", facebook = "FACEBOOK", zalo = "ZALO", contest = "CONTEST", other = "OTHER"
}

public struct Activity: Codable, Sendable, Equatable {
    public var id: UUID
    public var organizationId: UUID
    public var heldOn: CalendarDate
    public var channel: ActivityChannel
    public var topic: String
    public var participants: Int?
    public var note: String?
    public var createdAt: Date
}

public struct ActivityStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    static let columns = "a.id, a.organization_id, a.held_on, a.channel, a.topic, a.participants::int8, a.note, a.created_at"

    static func decode(_ row: PQRow) throws -> Activity {
        let (id, organization, heldOn, channel, topic, participants, note, created) =
            try row.decode((UUID, UUID, CalendarDate, ActivityChannel, String, Int?, String?, Date).self)
        return Activity(id: id, organizationId: organization, heldOn: heldOn, channel: channel,
                        topic: topic, participants: participants, note: note, createdAt: created)
    }

    public func create(organizationId: UUID, heldOn: CalendarDate, channel: ActivityChannel, topic: String, participants: Int?,
                       note: String?, scope: AccessScope, context: WriteContext) async throws -> Activity {
        try await pool.withTransaction { connection in
            _ = try await OrganizationStore.writable(organizationId, scope, on: connection)
            let id = UUID()
            try await connection.query("""
                INSERT INTO activity (id, organization_id, held_on, channel, topic, participants, note)
                VALUES (\(id), \(organizationId), \(heldOn), \(channel.rawValue), \(topic), \(participants.map(Int32.init)), \(note))
                """)
            let activity = try Self.decode(try await connection.query("SELECT \(unsafeSQL: Self.columns) FROM activity a WHERE a.id = \(id)")[0])
            try await AuditLog.record(on: connection, context, action: "activity.created", entityType: "activity", entityId: id.uuidString,
                                      organizationId: organizationId, before: Activity?.none, after: activity)
            return activity
        }
    }

    /// Activities of the organization and everything under it, newest first.
    public func list(organizationId: UUID, from: CalendarDate?, to: CalendarDate?, channel: ActivityChannel?, page: PageRequest,
                     scope: AccessScope) async throws -> Page<Activity> {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            var query: PQQuery = """
                SELECT \(unsafeSQL: Self.columns) FROM activity a
                WHERE a.organization_id IN (\(OrganizationStore.subtree(organizationId)))
                """
            if let from { query.append(" AND a.held_on >= \(from)") }
            if let to { query.append(" AND a.held_on <= \(to)") }
            if let channel { query.append(" AND a.channel = \(channel.rawValue)") }
            struct Cursor: Codable { var heldOn: CalendarDate; var id: UUID }
            if let after = try page.cursor(as: Cursor.self) { query.append(" AND (a.held_on, a.id) < (\(after.heldOn), \(after.id))") }
            query.append(" ORDER BY a.held_on DESC, a.id DESC LIMIT \(page.limit + 1)")
            let rows = try await connection.query(query).rows.map(Self.decode)
            return Page(rows, limit: page.limit) { Cursor(heldOn: $0.heldOn, id: $0.id) }
        }
    }
}
