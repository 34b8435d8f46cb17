import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/exemplars`: exemplary models and their stages.
struct ExemplarRoutes {
    let store: ExemplarStore

    struct Body: Decodable {
        var memberId: UUID?
        var organizationId: UUID?
        var criteria: [String]?
        var title: String?
        var description: String?
        var discoveredOn: String?
    }

    struct PatchBody: Decodable {
        var stage: String?
        var note: String?
        var commendationId: UUID?
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let routes = SecureRouter(router: router, prefix: "/api/v1/exemplars")
        routes.post("", .capability(.writeExemplars)) { request, context, caller in
            let body = try await request.decodeJSON(Body.self)
            var v = Validator()
            let criteria = (body.criteria ?? []).enumerated().compactMap { v.text($1, "criteria[\($0)]", maxLength: 40) }
            let title = v.text(body.title, "title", maxLength: 500)
            let description = v.text(body.description, "description", required: false, maxLength: 8000, multiline: true)
            let discoveredOn = v.date(body.discoveredOn, "discoveredOn")
            try v.finish()
            let exemplar = try await store.create(memberId: body.memberId, organizationId: body.organizationId, criteria: criteria, title: title!,
                                                  description: description, discoveredOn: discoveredOn!,
                                                  scope: .of(try caller.required, write: .writeExemplars), context: WriteContext(context, caller))
            return Responses.resource(exemplar, version: exemplar.version, status: .created, location: "/api/v1/exemplars/\(exemplar.id.uuidString)")
        }
        routes.patch("/:id", .capability(.writeExemplars)) { request, context, caller in
            let id = try context.id(parameter: "id")
            let body = try await request.decodeJSON(PatchBody.self)
            let expected = try request.expectedVersion()
            var v = Validator()
            let stage = v.code(body.stage, ExemplarStage.self, "stage")
            let note = v.text(body.note, "note", required: false, maxLength: 8000, multiline: true)
            try v.finish()
            let exemplar = try await store.move(id, to: stage!, note: note, commendationId: body.commendationId, expectedVersion: expected,
                                                scope: .of(try caller.required, write: .writeExemplars), context: WriteContext(context, caller))
            return Responses.resource(exemplar, version: exemplar.version)
        }
        routes.get("", .capability(.readRegistry)) { request, _, caller in
            let query = QueryInput(request: request)
            return Responses.list(try await store.list(organizationId: try query.uuid("organizationId"), stage: try query.code("stage", ExemplarStage.self),
                                                       page: try query.page(), scope: .of(try caller.required, write: .writeExemplars)))
        }
    }
}
