import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/organizations/{id}/activities`: outreach.
struct ActivityRoutes {
    let store: ActivityStore

    struct Body: Decodable {
        var heldOn: String?
        var channel: String?
        var topic: String?
        var participants: Int?
        var note: String?
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let routes = SecureRouter(router: router, prefix: "/api/v1/organizations/:id/activities")
        routes.post("", .capability(.writeActivities)) { request, context, caller in
            let organizationId = try context.id(parameter: "id")
            let body = try await request.decodeJSON(Body.self)
            var validator = Validator()
            let heldOn = validator.date(body.heldOn, "heldOn")
            let channel = validator.code(body.channel, ActivityChannel.self, "channel")
            let topic = validator.text(body.topic, "topic", maxLength: 1000)
            let participants = validator.integer(body.participants, "participants", 0...10_000_000)
            let note = validator.text(body.note, "note", required: false, maxLength: 8000, multiline: true)
            try validator.finish()
            let activity = try await store.create(organizationId: organizationId, heldOn: heldOn!, channel: channel!, topic: topic!,
                                                  participants: participants, note: note,
                                                  scope: .of(try caller.required, write: .writeActivities), context: WriteContext(context, caller))
            return JSONResponse(status: .created, value: activity)
        }
        routes.get("", .capability(.readRegistry)) { request, context, caller in
            let query = QueryInput(request: request)
            let from = try query.date("from")
            let to = try query.date("to")
            let page = try await store.list(organizationId: try context.id(parameter: "id"), from: from, to: to,
                                            channel: try query.code("channel", ActivityChannel.self), page: try query.page(),
                                            scope: .of(try caller.required, write: .writeActivities))
            return Responses.list(page)
        }
    }
}
