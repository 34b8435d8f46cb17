import Foundation
import Hummingbird
import ThiDuaDocuments
import ThiDuaHTTP
import NIOCore
import PQ
import ThiDua

extension ReportFormat {
    /// `?format=` when given, else the first of `Accept` that we make, else JSON.
    static func of(_ request: Request) throws -> ReportFormat {
        if let asked = try QueryInput(request: request).sent("format") {
            guard let format = ReportFormat(rawValue: asked.lowercased()) else {
                throw APIError.validation(field: "format", "must be one of \(ReportFormat.names)")
            }
            return format
        }
        let accept = request.headers[.accept] ?? ""
        for range in accept.split(separator: ",").map({ $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased() }) {
            if let format = ReportFormat(mediaRange: range) { return format }
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
    /// The ASCII file name ("tong-ket-HP-HB-2016-2022"); the Vietnamese one comes from the report.
    var filename: String
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields = [:]
    /// A live report's freshness (`X-Data-As-Of`); an issued document's figures are frozen.
    var dataAsOf: Date? = nil

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.vary] = "Accept"
        if let dataAsOf { headers[DataAsOf.headerName] = DataAsOf.text(dataAsOf) }
        guard let renderer = ReportRendering.renderer(format) else {
            return try JSONResponse(status: status, headers: headers, value: AnyEncodable(json)).response(from: request, context: context)
        }
        let model = ReportModel(figures, frame: document.map(ReportFrame.issued), today: PartyCalendar.today(), now: dataAsOf ?? Date())
        headers[.contentType] = format.mediaType
        if format.isAttachment {
            headers[.contentDisposition] = ReportFileName.contentDisposition(model.fileName, ascii: filename, format: format)
        }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try renderer.render(model))))
    }
}

struct AnyEncodable: Encodable, Sendable {
    let value: any Encodable & Sendable
    init(_ value: any Encodable & Sendable) { self.value = value }
    func encode(to encoder: any Encoder) throws { try value.encode(to: encoder) }
}
