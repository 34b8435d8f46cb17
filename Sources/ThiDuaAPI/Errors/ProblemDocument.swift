import Foundation
import HTTPTypes
import Hummingbird
import ThiDuaHTTP
import NIOCore

/// The JSON body of an `application/problem+json` answer (RFC 9457) with ThiDua's extensions
/// `code`, `errors` and `requestId`.
struct ProblemDocument: Encodable {
    var type: String
    var title: String
    var status: Int
    var detail: String
    var code: String
    var instance: String?
    var requestId: String?
    var errors: [APIError.FieldError]?
    var maximum: Int?
    var requested: Int?

    init(_ error: APIError, instance: String?, requestId: String?) {
        type = "/problems/\(error.code.rawValue)"
        title = error.title
        status = Int(error.status.code)
        detail = error.detail
        code = error.code.rawValue
        self.instance = instance
        self.requestId = requestId
        errors = error.errors.isEmpty ? nil : error.errors
        maximum = error.quota?.maximum
        requested = error.quota?.requested
    }

    static let contentType = "application/problem+json"

    func response(headers extra: HTTPFields) -> Response {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail; the fallback keeps the answer a problem.
        let body = (try? encoder.encode(self)) ?? Data(#"{"status":500,"code":"internal_error"}"#.utf8)
        var headers: HTTPFields = [.contentType: Self.contentType]
        headers.append(contentsOf: extra)
        return Response(
            status: HTTPResponse.Status(code: status),
            headers: headers,
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: body))
        )
    }
}
