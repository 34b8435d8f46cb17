import Foundation
import Hummingbird
import ThiDuaDocuments
import ThiDuaHTTP
import NIOCore
import PQ
import ThiDua

/// The three forms of a report: `?format=` when given, else the first of `Accept` that we
/// make, else JSON.
enum ReportFormat: String {
    case json, csv, html

    static func of(_ request: Request) throws -> ReportFormat {
        if let asked = try QueryInput(request: request).sent("format") {
            guard let format = ReportFormat(rawValue: asked.lowercased()) else {
                throw APIError.validation(field: "format", "must be one of json, csv, html")
            }
            return format
        }
        let accept = request.headers[.accept] ?? ""
        for range in accept.split(separator: ",").map({ $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }) {
            switch range {
            case "application/json", "application/problem+json": return .json
            case "text/csv": return .csv
            case "text/html", "application/xhtml+xml": return .html
            default: continue
            }
        }
        return .json
    }
}

/// A report (or an issued document) in the form the client asked for.
struct ReportResponse: ResponseGenerator {
    var format: ReportFormat
    var figures: FrozenFigures
    /// The JSON body: the report itself, or the issued document around it.
    var json: any Encodable & Sendable
    var document: ReportDocument?
    var filename: String
    var html: ReportHTML
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields = [:]

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.vary] = "Accept"
        switch format {
        case .json:
            return try JSONResponse(status: status, headers: headers, value: AnyEncodable(json)).response(from: request, context: context)
        case .csv:
            let tables = ReportTables.of(figures)
            headers[.contentType] = "text/csv; charset=utf-8"
            headers[.contentDisposition] = "attachment; filename=\"\(filename).csv\""
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: ReportCSV.render(tables))))
        case .html:
            headers[.contentType] = "text/html; charset=utf-8"
            let page = html.render(figures, frame: document.map(ReportDocumentView.Frame.issued), today: PartyCalendar.today())
            return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: page)))
        }
    }
}

struct AnyEncodable: Encodable, Sendable {
    let value: any Encodable & Sendable
    init(_ value: any Encodable & Sendable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
