import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/members/{id}/commitments/{year}` and `/api/v1/commitments`.
struct CommitmentRoutes {
    let store: CommitmentStore

    struct Body: Decodable {
        var items: [ItemBody]?
    }

    struct ItemBody: Decodable {
        var criterion: String?
        var action: String?
        var target: String?
    }

    struct ReturnBody: Decodable {
        var reason: String?
    }


    func register(on router: RouteCollection<AppRequestContext>) {
        let member = SecureRouter(router: router, prefix: "/api/v1/members/:id/commitments/:year")
        member.get("", .memberRecords) { _, context, caller in
            let commitment = try await store.get(memberId: try context.id(parameter: "id"), year: try context.year(),
                                                 scope: .of(try caller.required, write: .writeCommitments))
            return Responses.resource(commitment, version: commitment.version)
        }
        member.put("", .ownRecordsOr(.writeCommitments)) { request, context, caller in
            let memberId = try context.id(parameter: "id")
            let year = try context.year()
            let body = try await request.decodeJSON(Body.self)
            let expected = try request.expectedVersion()
            var validator = Validator()
            if body.items == nil { validator.fail("items", "is required") }
            let items: [NewCommitmentItem] = (body.items ?? []).enumerated().compactMap { index, item in
                let criterion = validator.text(item.criterion, "items[\(index)].criterion", maxLength: 40)
                let action = validator.text(item.action, "items[\(index)].action", maxLength: 2000, multiline: true)
                let target = validator.text(item.target, "items[\(index)].target", required: false, maxLength: 2000, multiline: true)
                guard let criterion, let action else { return nil }
                return NewCommitmentItem(criterion: criterion, action: action, target: target)
            }
            try validator.finish()
            let (commitment, created) = try await store.put(memberId: memberId, year: year, items: items, expectedVersion: expected,
                                                            scope: .of(try caller.required, write: .writeCommitments),
                                                            context: WriteContext(context, caller))
            return Responses.resource(commitment, version: commitment.version, status: created ? .created : .ok)
        }
        member.post("/submit", .ownRecordsOr(.writeCommitments)) { request, context, caller in
            try await transition(.submit, request, context, caller, write: .writeCommitments)
        }
        member.post("/acknowledge", .capability(.acknowledgeCommitments)) { request, context, caller in
            try await transition(.acknowledge, request, context, caller, write: .acknowledgeCommitments)
        }
        member.post("/return", .capability(.acknowledgeCommitments)) { request, context, caller in
            let body = try await request.decodeJSON(ReturnBody.self)
            var validator = Validator()
            let reason = validator.text(body.reason, "reason", maxLength: 4000, multiline: true)
            try validator.finish()
            return try await transition(.return, request, context, caller, write: .acknowledgeCommitments, reason: reason)
        }
        SecureRouter(router: router, prefix: "/api/v1").get("/commitments", .capability(.readRegistry)) { request, _, caller in
            let query = QueryInput(request: request)
            let filter = CommitmentStore.Filter(organizationId: try query.uuid("organizationId"), year: try query.year("year"),
                                                status: try query.code("status", CommitmentStatus.self))
            return Responses.list(try await store.list(filter, page: try query.page(), scope: .of(try caller.required, write: .writeCommitments)))
        }
    }

    private func transition(_ action: CommitmentAction, _ request: Request, _ context: AppRequestContext, _ caller: Caller?,
                            write: Capability, reason: String? = nil) async throws -> JSONResponse<Commitment> {
        let commitment = try await store.transition(
            memberId: try context.id(parameter: "id"), year: try context.year(), action, reason: reason,
            expectedVersion: try request.expectedVersion(), scope: .of(try caller.required, write: write),
            context: WriteContext(context, caller))
        return Responses.resource(commitment, version: commitment.version)
    }
}
