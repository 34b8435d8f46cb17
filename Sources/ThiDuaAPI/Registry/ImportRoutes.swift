import Foundation
import Hummingbird
import ThiDuaHTTP
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

    func register(on router: RouteCollection<AppRequestContext>) {
        SecureRouter(router: router, prefix: "/api/v1/imports").post("/members", .capability(.writeMembers)) { request, context, caller -> Response in
            let contentType = request.headers[.contentType]?.lowercased() ?? ""
            guard contentType.hasPrefix("text/csv") else {
                throw APIError(.unsupportedMediaType, code: .unsupportedMediaType, detail: "Send the members as text/csv (UTF-8).")
            }
            let dryRun: Bool
            do {
                dryRun = try QueryInput(request: request).bool("dryRun", default: false)
            } catch let error as APIError {
                // Every refusal of an import has the one shape its clients read: rows and columns.
                return try Self.rejected(error.errors.map { ImportError(line: 0, column: $0.field, message: $0.message) },
                                         detail: "The import's parameters are invalid; nothing was imported.", request: request, context: context)
            }
            var request = request
            let data = Data(buffer: try await request.collectBody(upTo: .max))
            guard let text = String(validating: data, as: UTF8.self) else {
                return try Self.rejected([ImportError(line: Self.firstInvalidLine(data), column: "", message: "is not UTF-8 text")],
                                         detail: "The file is not UTF-8 text; nothing was imported.", request: request, context: context)
            }
            let outcome = try await importer.run(csv: text, dryRun: dryRun, today: PartyCalendar.today(),
                                                 scope: .of(try caller.required, write: .writeMembers), context: WriteContext(context, caller))
            switch outcome {
            case .checked(let valid, let errors):
                return try JSONResponse(value: Checked(valid: valid, errors: errors)).response(from: request, context: context)
            case .imported(let count):
                return try JSONResponse(status: .created, value: Imported(imported: count)).response(from: request, context: context)
            case .rejected(let errors):
                return try Self.rejected(errors, detail: "\(Set(errors.map(\.line)).count) row(s) have errors; nothing was imported.",
                                         request: request, context: context)
            }
        }
    }

    static func rejected(_ errors: [ImportError], detail: String, request: Request, context: AppRequestContext) throws -> Response {
        var response = try JSONResponse(status: .unprocessableContent, value: Rejected(detail: detail, errors: errors))
            .response(from: request, context: context)
        response.headers[.contentType] = "application/problem+json"
        return response
    }

    /// The 1-based line holding the first byte sequence that is not UTF-8.
    static func firstInvalidLine(_ data: Data) -> Int {
        var line = 1
        for slice in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: slice, as: UTF8.self) == nil { return line }
            line += 1
        }
        return line
    }
}
