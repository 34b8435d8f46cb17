import Foundation
import PQ

public struct AuditEvent: Codable, Sendable {
    public var id: Int
    public var at: Date
    public var actorId: UUID?
    public var organizationId: UUID?
    public var action: String
    public var entityType: String
    public var entityId: String
    public var before: JSONValue?
    public var after: JSONValue?
    public var requestId: String?
}

/// Any JSON value, for the before/after snapshots the trail shows as they were written.
public indirect enum JSONValue: Codable, Sendable, Equatable {
    case null, bool(Bool), number(Double), string(String), array([JSONValue]), object([String: JSONValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([JSONValue].self) { self = .array(value) }
        else { self = .object(try container.decode([String: JSONValue].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

/// Reads the audit trail. Nothing here writes or deletes: the table refuses both.
public struct AuditTrail: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    public struct Filter: Sendable {
        public var entityType: String?
        public var entityId: String?
        public var actorId: UUID?
        public var from: Date?
        public var to: Date?
        public init(entityType: String? = nil, entityId: String? = nil, actorId: UUID? = nil, from: Date? = nil, to: Date? = nil) {
            self.entityType = entityType
            self.entityId = entityId
            self.actorId = actorId
            self.from = from
            self.to = to
        }
    }

    /// The names of the accounts that acted, for a trail a person reads.
    public func actorNames(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await pool.query("SELECT id, full_name, username FROM app_user WHERE id = ANY(\(Array(ids)))").rows
        var names: [UUID: String] = [:]
        for row in rows {
            let (id, fullName, username) = try row.decode((UUID, String?, String).self)
            names[id] = fullName.map { "\($0) (\(username))" } ?? username
        }
        return names
    }

    struct Cursor: Codable { var id: Int }

    /// Newest first. An event is visible when its organization lies in the reach; events of
    /// no organization (accounts, rule sets, imports) only to a system-wide reach.
    public func list(_ filter: Filter, page: PageRequest, reach: Reach) async throws -> Page<AuditEvent> {
        var query: PQQuery = """
            SELECT e.id, e.at, e.actor_id, e.organization_id, e.action, e.entity_type, e.entity_id, e.before, e.after, e.request_id
            FROM audit_event e
            """
        switch reach {
        case .everything: query.append(" WHERE true")
        case .subtrees:
            query.append(" JOIN organization o ON o.id = e.organization_id WHERE \(reach.condition(ancestors: "o.ancestors"))")
        }
        if let type = filter.entityType { query.append(" AND e.entity_type = \(type)") }
        if let id = filter.entityId { query.append(" AND e.entity_id = \(id)") }
        if let actor = filter.actorId { query.append(" AND e.actor_id = \(actor)") }
        if let from = filter.from { query.append(" AND e.at >= \(from)") }
        if let to = filter.to { query.append(" AND e.at < \(to)") }
        if let after = try page.cursor(as: Cursor.self) { query.append(" AND e.id < \(after.id)") }
        query.append(" ORDER BY e.id DESC LIMIT \(page.limit + 1)")
        let rows = try await pool.query(query).rows.map { row -> AuditEvent in
            let (id, at, actor, organization, action, type, entity, before, after, request) =
                try row.decode((Int, Date, UUID?, UUID?, String, String, String, JSONB<JSONValue>?, JSONB<JSONValue>?, String?).self)
            return AuditEvent(id: id, at: at, actorId: actor, organizationId: organization, action: action, entityType: type,
                              entityId: entity, before: before?.value, after: after?.value, requestId: request)
        }
        return Page(rows, limit: page.limit) { Cursor(id: $0.id) }
    }
}
