import Foundation
import Hummingbird
import ThiDuaDocuments
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/report-documents`: issue a numbered report with frozen figures, read it back.
struct ReportDocumentRoutes {
    let store: ReportDocumentStore

    struct Body: Decodable {
        struct SignerBody: Decodable {
            var mode: String?
            var title: String?
            var position: String?
            var name: String?
        }

        var kind: String?
        var organizationId: UUID?
        var year: Int?
        var from: Int?
        var to: Int?
        var title: String?
        var place: String?
        var issuedOn: String?
        var signer: SignerBody?
        var recipients: [String]?
    }

    static func request(_ body: Body) throws -> ReportDocumentRequest {
        var v = Validator()
        let kind = v.code(body.kind, ReportKind.self, "kind")
        if body.organizationId == nil { v.fail("organizationId", "is required") }
        let years = 2000...2100
        // An annual report names its year as `year` (or as `from` and `to` alike).
        let from = body.from ?? body.year, to = body.to ?? body.year ?? body.from
        if from == nil || !years.contains(from!) { v.fail(body.from == nil && body.year != nil ? "year" : "from", "is required: a year from 2000 to 2100") }
        if to == nil || !years.contains(to!) { v.fail("to", "is required: a year from 2000 to 2100") }
        if let from, let to, years.contains(from), years.contains(to) {
            if to < from { v.fail("to", "must not be before from") }
            if kind == .annual && from != to { v.fail("to", "an ANNUAL report covers one year: from and to must be equal") }
            if to - from >= ReportStore.maximumSpan { v.fail("to", "a report covers at most \(ReportStore.maximumSpan) years") }
        }
        let title = v.text(body.title, "title", maxLength: 500)
        let place = v.text(body.place, "place", required: false, maxLength: 200)
        let issuedOn = v.date(body.issuedOn, "issuedOn", required: false)
        var signer: Signer?
        if let s = body.signer {
            let mode = v.code(s.mode, SignerMode.self, "signer.mode")
            let title = v.text(s.title, "signer.title", maxLength: 200)
            let position = v.text(s.position, "signer.position", required: false, maxLength: 200)
            let name = v.text(s.name, "signer.name", maxLength: 200)
            if let mode, let title, let name { signer = Signer(mode: mode, title: title, position: position, name: name) }
        } else {
            v.fail("signer", "is required: {mode, title, name}")
        }
        let recipients = (body.recipients ?? []).enumerated().compactMap { v.text($1, "recipients[\($0)]", maxLength: 300) }
        if recipients.isEmpty { v.fail("recipients", "name at least one recipient (Nơi nhận)") }
        try v.finish()
        return ReportDocumentRequest(kind: kind!, organizationId: body.organizationId!, from: from!, to: to!, title: title!, place: place,
                                     issuedOn: issuedOn ?? PartyCalendar.today(), signer: signer!, recipients: recipients)
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let documents = SecureRouter(router: router, prefix: "/api/v1/report-documents")
        documents.post("", .capability(.issueReports)) { request, context, caller in
            let format = try ReportFormat.of(request)
            let input = try Self.request(try await request.decodeJSON(Body.self))
            let document = try await store.issue(input, scope: .of(try caller.required, write: .issueReports),
                                                 context: WriteContext(context, caller))
            return response(document, format: format, status: .created,
                            headers: [.location: "/api/v1/report-documents/\(document.id.uuidString)", .eTag: "\"1\""])
        }
        documents.get("/:id", .capability(.readRegistry)) { request, context, caller in
            let format = try ReportFormat.of(request)
            let document = try await store.get(try context.id(parameter: "id"), scope: .of(try caller.required, write: .issueReports))
            return response(document, format: format, status: .ok, headers: [.eTag: "\"1\""])
        }
    }

    private func response(_ document: ReportDocument, format: ReportFormat, status: HTTPResponse.Status, headers: HTTPFields) -> ReportResponse {
        ReportResponse(format: format, figures: document.figures, json: document, document: document,
                       filename: "bao-cao-so-\(document.sequence)-\(document.issuedOn.year)", status: status, headers: headers)
    }
}
