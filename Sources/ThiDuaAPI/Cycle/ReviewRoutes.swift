import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/organizations/{id}/reviews/{year}` (cell, ward, grassroots or district, by the
/// organization's kind), `.../reopen`, and `/api/v1/members/{id}/grades`.
struct ReviewRoutes {
    let store: ReviewStore

    struct Body: Decodable {
        var heldOn: String?
        var chair: String?
        var secretary: String?
        var attendees: Int?
        var eligible: Int?
        var minutes: String?
        var proposals: [ProposalBody]?
        var decisionNumber: String?
        var decidedOn: String?
        var criteria: [CriterionBody]?
        var strengths: String?
        var limitations: String?
        var grades: [GradeBody]?
        var organizationGrades: [OrganizationGradeBody]?
    }

    struct ProposalBody: Decodable {
        var memberId: UUID?
        var proposedGrade: String?
        var comment: String?
        var votesFor: Int?
        var votesAgainst: Int?
        var votesAbstain: Int?
    }

    struct CriterionBody: Decodable {
        var criterion: String?
        var level: String?
        var note: String?
    }

    struct GradeBody: Decodable {
        var memberId: UUID?
        var grade: String?
        var reason: String?
    }

    struct OrganizationGradeBody: Decodable {
        var organizationId: UUID?
        var grade: String?
    }

    struct ReopenBody: Decodable {
        var reason: String?
    }

    /// More people than any meeting has; the columns are 32-bit.
    static let maximumHeadcount = 1_000_000

    static func input(_ body: Body) throws -> ReviewInput {
        var v = Validator()
        let heldOn = v.date(body.heldOn, "heldOn", required: false)
        let decidedOn = v.date(body.decidedOn, "decidedOn", required: false)
        let proposals: [GradeProposal] = (body.proposals ?? []).enumerated().compactMap { index, p in
            if p.memberId == nil { v.fail("proposals[\(index)].memberId", "is required") }
            let grade = v.code(p.proposedGrade, Grade.self, "proposals[\(index)].proposedGrade")
            let votes = [("votesFor", p.votesFor), ("votesAgainst", p.votesAgainst), ("votesAbstain", p.votesAbstain)].map {
                v.integer($1, "proposals[\(index)].\($0)", 0...Self.maximumHeadcount) ?? 0
            }
            guard let member = p.memberId, let grade else { return nil }
            return GradeProposal(memberId: member, proposedGrade: grade, comment: v.text(p.comment, "proposals[\(index)].comment", required: false, maxLength: 4000, multiline: true),
                                 votesFor: votes[0], votesAgainst: votes[1], votesAbstain: votes[2])
        }
        let criteria: [CollectiveAssessment] = (body.criteria ?? []).enumerated().compactMap { index, c in
            let code = v.text(c.criterion, "criteria[\(index)].criterion", maxLength: 40)
            let level = v.code(c.level, CriterionLevel.self, "criteria[\(index)].level")
            guard let code, let level else { return nil }
            return CollectiveAssessment(criterion: code, level: level, note: v.text(c.note, "criteria[\(index)].note", required: false, maxLength: 4000, multiline: true))
        }
        let grades: [DecidedGrade] = (body.grades ?? []).enumerated().compactMap { index, g in
            if g.memberId == nil { v.fail("grades[\(index)].memberId", "is required") }
            let grade = v.code(g.grade, Grade.self, "grades[\(index)].grade")
            guard let member = g.memberId, let grade else { return nil }
            return DecidedGrade(memberId: member, grade: grade, reason: v.text(g.reason, "grades[\(index)].reason", required: false, maxLength: 4000, multiline: true))
        }
        let organizationGrades: [OrganizationGrade] = (body.organizationGrades ?? []).enumerated().compactMap { index, g in
            if g.organizationId == nil { v.fail("organizationGrades[\(index)].organizationId", "is required") }
            let grade = v.code(g.grade, Grade.self, "organizationGrades[\(index)].grade")
            guard let id = g.organizationId, let grade else { return nil }
            return OrganizationGrade(organizationId: id, grade: grade)
        }
        let input = ReviewInput(
            heldOn: heldOn, chair: v.text(body.chair, "chair", required: false, maxLength: 200),
            secretary: v.text(body.secretary, "secretary", required: false, maxLength: 200), attendees: v.integer(body.attendees, "attendees", 0...Self.maximumHeadcount),
            eligible: v.integer(body.eligible, "eligible", 0...Self.maximumHeadcount),
            minutes: v.text(body.minutes, "minutes", required: false, maxLength: 20000, multiline: true), proposals: proposals,
            decisionNumber: v.text(body.decisionNumber, "decisionNumber", required: false, maxLength: 100), decidedOn: decidedOn,
            criteria: criteria, strengths: v.text(body.strengths, "strengths", required: false, maxLength: 20000, multiline: true),
            limitations: v.text(body.limitations, "limitations", required: false, maxLength: 20000, multiline: true), grades: grades,
            organizationGrades: organizationGrades)
        try v.finish()
        return input
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let reviews = SecureRouter(router: router, prefix: "/api/v1/organizations/:id/reviews/:year")
        reviews.get("", .capability(.readRegistry)) { _, context, caller in
            let review = try await store.get(organizationId: try context.id(parameter: "id"), year: try context.year(),
                                             scope: .of(try caller.required, write: .writeReviews))
            return Responses.resource(review, version: review.version)
        }
        reviews.put("", .capability(.writeReviews)) { request, context, caller in
            let organizationId = try context.id(parameter: "id")
            let year = try context.year()
            let input = try Self.input(try await request.decodeJSON(Body.self))
            let expected = try request.expectedVersion()
            let (review, created) = try await store.put(organizationId: organizationId, year: year, input: input, expectedVersion: expected,
                                                        scope: .of(try caller.required, write: .writeReviews), context: WriteContext(context, caller))
            return Responses.resource(review, version: review.version, status: created ? .created : .ok)
        }
        reviews.post("/reopen", .capability(.writeReviews)) { request, context, caller in
            let body = try await request.decodeJSON(ReopenBody.self)
            let expected = try request.expectedVersion()
            var validator = Validator()
            let reason = validator.text(body.reason, "reason", maxLength: 4000, multiline: true)
            try validator.finish()
            let review = try await store.reopen(organizationId: try context.id(parameter: "id"), year: try context.year(),
                                                reason: reason!, expectedVersion: expected, scope: .of(try caller.required, write: .writeReviews), context: WriteContext(context, caller))
            return Responses.resource(review, version: review.version)
        }
        SecureRouter(router: router, prefix: "/api/v1/members").get("/:id/grades", .memberRecords) { _, context, caller in
            let grades = try await store.grades(memberId: try context.id(parameter: "id"), scope: .of(try caller.required, write: .writeReviews))
            return Responses.list(Page(all: grades))
        }
    }
}
