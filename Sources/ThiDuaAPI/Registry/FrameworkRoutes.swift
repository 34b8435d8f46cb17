import Foundation
import Hummingbird
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/frameworks`: criteria frameworks; `QD500` is built in. A POST adds a version.
struct FrameworkRoutes {
    let store: FrameworkStore

    struct Body: Decodable {
        var code: String?
        var decisionNumber: String?
        var issuedOn: String?
        var issuer: String?
        var title: String?
        var fromYear: Int?
        var toYear: Int?
        var criteria: [CriterionBody]?
    }

    struct CriterionBody: Decodable {
        var code: String?
        var nameVi: String?
        var nameEn: String?
        var description: String?
        var indicators: [String]?
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let group = SecureRouter(router: router, prefix: "/api/v1/frameworks")
        group.get("", .signedIn) { _, _, _ in
            Responses.list(Page(all: try await store.latestVersions()))
        }
        group.get("/:code", .signedIn) { request, context, _ in
            guard let code = context.parameters.get("code") else { throw APIError.notFound() }
            let version = try QueryInput(request: request).sent("version").map { text -> Int in
                guard let version = Int(text), version > 0 else { throw APIError.validation(field: "version", "must be a positive whole number") }
                return version
            }
            let framework = try await store.get(code, version: version)
            return Responses.resource(framework, version: framework.version)
        }
        group.post("", .capability(.writeReference)) { request, context, caller in
            guard try caller.required.isSystemAdministrator else { throw APIError.forbidden("Frameworks hold for every organization: only a system administrator adds them.") }
            let body = try await request.decodeJSON(Body.self)
            var validator = Validator()
            let code = validator.text(body.code, "code", maxLength: 30)
            if let code, code.range(of: "^[A-Z][A-Z0-9_]*$", options: .regularExpression) == nil {
                validator.fail("code", "must be upper-case letters, digits and _")
            }
            let decision = validator.text(body.decisionNumber, "decisionNumber", maxLength: 50)
            let issuedOn = validator.date(body.issuedOn, "issuedOn")
            let issuer = validator.text(body.issuer, "issuer", maxLength: 300)
            let title = validator.text(body.title, "title", maxLength: 1000)
            let fromYear = validator.integer(body.fromYear, "fromYear", 2000...2100, required: true)
            let toYear = validator.integer(body.toYear, "toYear", 2000...2100)
            if let from = fromYear, let to = toYear, to < from { validator.fail("toYear", "must not be before fromYear") }
            let sent = body.criteria ?? []
            if sent.isEmpty { validator.fail("criteria", "needs at least one criterion") }
            var seen = Set<String>()
            let criteria: [Criterion] = sent.enumerated().compactMap { index, item in
                let field = "criteria[\(index)]"
                let code = validator.text(item.code, "\(field).code", maxLength: 40)
                if let code {
                    if code.range(of: "^[A-Z][A-Z0-9_]*$", options: .regularExpression) == nil {
                        validator.fail("\(field).code", "must be upper-case letters, digits and _")
                    } else if !seen.insert(code).inserted {
                        validator.fail("\(field).code", "repeats an earlier criterion")
                    }
                }
                let nameVi = validator.text(item.nameVi, "\(field).nameVi", maxLength: 200)
                let nameEn = validator.text(item.nameEn, "\(field).nameEn", maxLength: 200)
                let description = validator.text(item.description, "\(field).description", required: false, maxLength: 2000, multiline: true)
                let indicators = (item.indicators ?? []).enumerated().compactMap { i, text in
                    validator.text(text, "\(field).indicators[\(i)]", maxLength: 1000)
                }
                guard let code, let nameVi, let nameEn else { return nil }
                return Criterion(code: code, nameVi: nameVi, nameEn: nameEn, description: description, indicators: indicators)
            }
            try validator.finish()
            let created = try await store.create(
                NewFramework(code: code!, decisionNumber: decision!, issuedOn: issuedOn!, issuer: issuer!, title: title!,
                             fromYear: fromYear!, toYear: toYear, criteria: criteria),
                context: WriteContext(context, caller))
            return Responses.resource(created, version: created.version, status: .created,
                                      location: "/api/v1/frameworks/\(created.code)?version=\(created.version)")
        }
    }
}
