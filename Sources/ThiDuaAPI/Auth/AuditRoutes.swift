import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `GET /api/v1/audit-events`: the trail, for ADMIN and VIEWER, within their reach.
struct AuditRoutes {
    let trail: AuditTrail

    func register(on router: RouteCollection<AppRequestContext>) {
        SecureRouter(router: router, prefix: "/api/v1").get("/audit-events", .capability(.readAudit)) { request, _, caller in
            let query = QueryInput(request: request)
            func instant(_ name: String) throws -> Date? {
                guard let text = try query.string(name) else { return nil }
                if let date = ISO8601DateFormatter().date(from: text) { return date }
                if let day = CalendarDate(text) { return Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400) }
                throw APIError.validation(field: name, "must be an RFC 3339 instant or a date YYYY-MM-DD")
            }
            let filter = AuditTrail.Filter(entityType: try query.string("entityType"), entityId: try query.string("entityId"),
                                           actorId: try query.uuid("actorId"), from: try instant("from"), to: try instant("to"))
            let reach = try caller.required.reach(.readAudit)
            return Responses.list(try await trail.list(filter, page: try query.page(), reach: reach))
        }
    }
}
