import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// Party badges: who is due on an occasion, and the awards.
struct BadgeRoutes {
    let store: BadgeStore

    struct AwardBody: Decodable {
        var memberId: UUID?
        var years: Int?
        var occasionOn: String?
        var decisionNumber: String?
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let api = SecureRouter(router: router, prefix: "/api/v1")
        api.get("/organizations/:id/badge-candidates", .capability(.readRegistry)) { request, context, caller in
            guard let occasion = try QueryInput(request: request).date("occasion") else {
                throw APIError.validation(field: "occasion", "is required")
            }
            let candidates = try await store.candidates(organizationId: try context.id(parameter: "id"), occasion: occasion,
                                                        scope: .of(try caller.required, write: .writeRecognition))
            return Responses.list(Page(all: candidates))
        }
        api.post("/badge-awards", .capability(.writeRecognition)) { request, context, caller in
            let body = try await request.decodeJSON(AwardBody.self)
            var validator = Validator()
            if body.memberId == nil { validator.fail("memberId", "is required") }
            if body.years == nil { validator.fail("years", "is required") }
            let occasion = validator.date(body.occasionOn, "occasionOn")
            let number = validator.text(body.decisionNumber, "decisionNumber", maxLength: 100)
            try validator.finish()
            let award = try await store.award(memberId: body.memberId!, years: body.years!, occasionOn: occasion!, decisionNumber: number!,
                                              scope: .of(try caller.required, write: .writeRecognition), context: WriteContext(context, caller))
            return JSONResponse(status: .created, value: award)
        }
        api.get("/badge-awards", .capability(.readRegistry)) { request, _, caller in
            let awards = try await store.list(organizationId: try QueryInput(request: request).uuid("organizationId"),
                                              scope: .of(try caller.required, write: .writeRecognition))
            return Responses.list(Page(all: awards))
        }
    }
}
