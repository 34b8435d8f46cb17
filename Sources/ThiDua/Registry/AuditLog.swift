import Foundation
import PQ

/// Who is writing and under which request: carried into every audit event.
public struct WriteContext: Sendable {
    public var actorId: UUID?
    public var requestId: String?

    public init(actorId: UUID? = nil, requestId: String? = nil) {
        self.actorId = actorId
        self.requestId = requestId
    }
}

/// Appends audit events. Always called on the connection of the write's own transaction, so
/// the event and the change commit or roll back together.
public enum AuditLog {
    public static func record<Before: Codable & Sendable, After: Codable & Sendable>(
        on connection: PQConnection,
        _ context: WriteContext,
        action: String,
        entityType: String,
        entityId: String,
        organizationId: UUID?,
        before: Before?,
        after: After?
    ) async throws {
        let beforeJSON = try before.map { try JSONB($0) }
        let afterJSON = try after.map { try JSONB($0) }
        try await connection.query("""
            INSERT INTO audit_event (actor_id, organization_id, action, entity_type, entity_id, before, after, request_id)
            VALUES (\(context.actorId), \(organizationId), \(action), \(entityType), \(entityId), \(beforeJSON), \(afterJSON),
                    \(context.requestId))
            """)
    }
}

