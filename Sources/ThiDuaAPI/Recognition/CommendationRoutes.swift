import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/commendations` and the candidates of an organization for a year.
struct CommendationRoutes {
    let store: CommendationStore

    struct Body: Decodable {
        var memberId: UUID?
        var organizationId: UUID?
        var year: Int?
        var form: String?
        var issuerOrganizationId: UUID?
        var basis: String?
        var criteria: [String]?
        var title: String?
        var decisionNumber: String?
        var decidedOn: String?
        var citation: String?
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let api = SecureRouter(router: router, prefix: "/api/v1")
        api.post("/commendations", .capability(.writeRecognition)) { request, context, caller in
            let body = try await request.decodeJSON(Body.self)
            var v = Validator()
            let year = body.year.flatMap { (2000...2100).contains($0) ? $0 : nil }
            if year == nil { v.fail("year", "is required: a year from 2000 to 2100") }
            let form = v.code(body.form, CommendationForm.self, "form")
            if body.issuerOrganizationId == nil { v.fail("issuerOrganizationId", "is required") }
            let basis = v.code(body.basis, CommendationBasis.self, "basis")
            let criteria = (body.criteria ?? []).enumerated().compactMap { v.text($1, "criteria[\($0)]", maxLength: 40) }
            let title = v.text(body.title, "title", maxLength: 500)
            let number = v.text(body.decisionNumber, "decisionNumber", maxLength: 100)
            let decidedOn = v.date(body.decidedOn, "decidedOn")
            let citation = v.text(body.citation, "citation", required: false, maxLength: 8000, multiline: true)
            try v.finish()
            let created = try await store.create(
                NewCommendation(memberId: body.memberId, organizationId: body.organizationId, year: year!, form: form!,
                                issuerOrganizationId: body.issuerOrganizationId!, basis: basis!, criteria: criteria, title: title!,
                                decisionNumber: number!, decidedOn: decidedOn!, citation: citation),
                scope: .of(try caller.required, write: .writeRecognition), context: WriteContext(context, caller))
            return Responses.resource(created, version: 1, status: .created, location: "/api/v1/commendations/\(created.id.uuidString)")
        }
        api.get("/commendations", .capability(.readRegistry)) { request, _, caller in
            let query = QueryInput(request: request)
            return Responses.list(try await store.list(organizationId: try query.uuid("organizationId"), year: try query.year("year"),
                                                       form: try query.code("form", CommendationForm.self), page: try query.page(),
                                                       scope: .of(try caller.required, write: .writeRecognition)))
        }
        api.get("/commendations/:id", .capability(.readRegistry)) { _, context, caller in
            let commendation = try await store.get(try context.id(parameter: "id"), scope: .of(try caller.required, write: .writeRecognition))
            return Responses.resource(commendation, version: 1)
        }
        api.get("/organizations/:id/commendation-candidates", .capability(.readRegistry)) { request, context, caller in
            let year = try QueryInput(request: request).year("year", required: true)!
            return Responses.list(Page(all: try await store.candidates(organizationId: try context.id(parameter: "id"), year: year,
                                                                       scope: .of(try caller.required, write: .writeRecognition))))
        }
    }
}
