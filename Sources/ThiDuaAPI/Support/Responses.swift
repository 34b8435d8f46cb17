import Foundation
import Hummingbird
import ThiDuaHTTP
import ThiDua

/// Answers for single resources: the JSON, its `ETag` (the record's version), and for a
/// creation `201` with `Location`.
enum Responses {
    static func resource<Value: Encodable & Sendable>(_ value: Value, version: Int, status: HTTPResponse.Status = .ok,
                                                      location: String? = nil) -> JSONResponse<Value> {
        var headers: HTTPFields = [.eTag: "\"\(version)\""]
        if let location { headers[.location] = location }
        return JSONResponse(status: status, headers: headers, value: value)
    }

    static func list<Item: Encodable & Sendable>(_ page: Page<Item>) -> JSONResponse<Page<Item>> {
        JSONResponse(value: page)
    }
}
