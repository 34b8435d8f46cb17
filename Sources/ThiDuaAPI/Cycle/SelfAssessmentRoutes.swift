import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/members/{id}/self-assessments/{year}`: the member's self-review.
struct SelfAssessmentRoutes {
    let store: SelfAssessmentStore

    struct Body: Decodable {
        var criteria: [CriterionBody]?
        var itemResults: [ItemBody]?
        var strengths: String?
        var weaknesses: String?
        var proposedGrade: String?
    }

    struct CriterionBody: Decodable {
        var criterion: String?
        var level: String?
        var points: Int?
        var note: String?
    }

    struct ItemBody: Decodable {
        var itemId: UUID?
        var result: String?
        var note: String?
    }

    static func draft(_ body: Body) throws -> SelfAssessmentDraft {
        var validator = Validator()
        let criteria: [CriterionAssessment] = (body.criteria ?? []).enumerated().compactMap { index, item in
            let code = validator.text(item.criterion, "criteria[\(index)].criterion", maxLength: 40)
            let level = validator.code(item.level, CriterionLevel.self, "criteria[\(index)].level", required: false)
            let note = validator.text(item.note, "criteria[\(index)].note", required: false, maxLength: 4000, multiline: true)
            let points = validator.integer(item.points, "criteria[\(index)].points", 0...100)
            guard let code else { return nil }
            return CriterionAssessment(criterion: code, level: level, points: points, note: note)
        }
        let results: [ItemAssessment] = (body.itemResults ?? []).enumerated().compactMap { index, item in
            if item.itemId == nil { validator.fail("itemResults[\(index)].itemId", "is required") }
            let result = validator.code(item.result, ItemResult.self, "itemResults[\(index)].result")
            let note = validator.text(item.note, "itemResults[\(index)].note", required: false, maxLength: 4000, multiline: true)
            guard let id = item.itemId, let result else { return nil }
            return ItemAssessment(itemId: id, result: result, note: note)
        }
        let strengths = validator.text(body.strengths, "strengths", required: false, maxLength: 8000, multiline: true)
        let weaknesses = validator.text(body.weaknesses, "weaknesses", required: false, maxLength: 8000, multiline: true)
        let grade = validator.code(body.proposedGrade, Grade.self, "proposedGrade", required: false)
        try validator.finish()
        return SelfAssessmentDraft(criteria: criteria, itemResults: results, strengths: strengths, weaknesses: weaknesses, proposedGrade: grade)
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let routes = SecureRouter(router: router, prefix: "/api/v1/members/:id/self-assessments/:year")
        routes.get("", .memberRecords) { _, context, caller in
            let found = try await store.get(memberId: try context.id(parameter: "id"), year: try context.year(),
                                            scope: .of(try caller.required, write: .writeCommitments))
            return Responses.resource(found, version: found.version)
        }
        routes.put("", .ownRecordsOr(.writeCommitments)) { request, context, caller in
            let memberId = try context.id(parameter: "id")
            let year = try context.year()
            let draft = try Self.draft(try await request.decodeJSON(Body.self))
            let expected = try request.expectedVersion()
            let (saved, created) = try await store.put(memberId: memberId, year: year, draft: draft, expectedVersion: expected,
                                                       scope: .of(try caller.required, write: .writeCommitments),
                                                       context: WriteContext(context, caller))
            return Responses.resource(saved, version: saved.version, status: created ? .created : .ok)
        }
        routes.post("/submit", .ownRecordsOr(.writeCommitments)) { request, context, caller in
            let saved = try await store.submit(memberId: try context.id(parameter: "id"), year: try context.year(),
                                               expectedVersion: try request.expectedVersion(),
                                               scope: .of(try caller.required, write: .writeCommitments), context: WriteContext(context, caller))
            return Responses.resource(saved, version: saved.version)
        }
    }
}
