import Foundation
import Hummingbird
import NIOCore
import PQ
import ThiDua

/// `POST /api/v1/imports/members?dryRun=true|false` with a `text/csv` body.
struct ImportRoutes {
    let importer: MemberImport

    struct Checked: Encodable, Sendable {
        var valid: Int
        var errors: [ImportError]
    }

    struct Imported: Encodable, Sendable {
        var imported: Int
    }

    /// The problem document of a rejected import, with the rows' errors.
    struct Rejected: Encodable, Sendable {
        var type = "/problems/validation_failed"
        var title = "Validation failed"
        var status = 422
        var detail: String
        var code = "validation_failed"
        var errors: [ImportError]
    }

    func register(on router: Router<AppRequestContext>) {
        SecureRouter(router: router, prefix: "/api/v1/imports").post("/members", .capability(.writeMembers)) { request, context, caller -> Response in
            let dryRun = try QueryInput(request: request).bool("dryRun", default: false)
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("text/csv") else {
                throw APIError(.unsupportedMediaType, code: .validationFailed, detail: "Send the members as text/csv (UTF-8).")
            }
            var request = request
            let buffer = try await request.collectBody(upTo: 64 << 20)
            guard let text = String(validating: Data(buffer: buffer), as: UTF8.self) else {
                throw APIError.validation(field: "", "The file is not UTF-8 text.")
            }
            let outcome = try await importer.run(csv: text, dryRun: dryRun, today: PartyCalendar.today(),
                                                 scope: .of(try caller.required, write: .writeMembers), context: WriteContext(context, caller))
            switch outcome {
            case .checked(let valid, let errors):
                return try JSONResponse(value: Checked(valid: valid, errors: errors)).response(from: request, context: context)
            case .imported(let count):
                return try JSONResponse(status: .created, value: Imported(imported: count)).response(from: request, context: context)
            case .rejected(let errors):
                var response = try JSONResponse(
                    status: .unprocessableContent,
                    value: Rejected(detail: "\(Set(errors.map(\.line)).count) row(s) have errors; nothing was imported.", errors: errors)
                ).response(from: request, context: context)
                response.headers[.contentType] = "application/problem+json"
                return response
            }
        }
    }
}
