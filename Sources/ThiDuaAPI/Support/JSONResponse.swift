import Foundation
import Hummingbird
import ThiDuaHTTP
import NIOCore

/// A JSON body with an explicit status, for answers other than a plain `200`.
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    var status: HTTPResponse.Status = .ok
    var headers: HTTPFields = [:]
    var value: Value

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try StreamingJSONEncoder().encode(value))))
    }
}
