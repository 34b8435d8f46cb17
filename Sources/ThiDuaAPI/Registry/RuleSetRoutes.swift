import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/rule-sets/{year}`: the grading rules of a year (built in for 2016–2026).
struct RuleSetRoutes {
    let store: RuleSetStore

    struct Body: Decodable {
        var gradingScheme: String?
        var excellentQuotaPercent: Decimal?
        var pointBands: RuleSet.Bands?
        var commitmentDeadline: String?
        var frameworkCode: String?
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let group = SecureRouter(router: router, prefix: "/api/v1/rule-sets")
        group.get("/:year", .signedIn) { _, context, _ in
            let ruleSet = try await store.get(try context.year())
            return Responses.resource(ruleSet, version: ruleSet.version)
        }
        group.put("/:year", .capability(.writeReference)) { request, context, caller in
            guard try caller.required.isSystemAdministrator else { throw APIError.forbidden("Rule sets hold for every organization: only a system administrator sets them.") }
            let year = try context.year()
            let body = try await request.decodeJSON(Body.self)
            let expected = try request.expectedVersion()
            var validator = Validator()
            let scheme = validator.code(body.gradingScheme, GradingScheme.self, "gradingScheme")
            if body.excellentQuotaPercent == nil { validator.fail("excellentQuotaPercent", "is required") }
            let deadline = validator.date(body.commitmentDeadline, "commitmentDeadline")
            let framework = validator.text(body.frameworkCode, "frameworkCode", required: false) ?? "QD500"
            try validator.finish()
            let (ruleSet, created) = try await store.put(
                RuleSet(year: year, gradingScheme: scheme!, excellentQuotaPercent: body.excellentQuotaPercent!,
                        pointBands: body.pointBands, commitmentDeadline: deadline!, frameworkCode: framework),
                expectedVersion: expected, context: WriteContext(context, caller))
            return Responses.resource(ruleSet, version: ruleSet.version, status: created ? .created : .ok)
        }
    }

}
