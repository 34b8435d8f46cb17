import Hummingbird
import ThiDuaHTTP
import NIOCore

/// Holds every body to its route's limit before any handler runs: a `Content-Length` over it is
/// refused without reading, a streamed body is read up to it, and either way the client gets
/// `413` problem+json saying the limit (Hummingbird's own overflow error was a `500`).
/// What passes is buffered, so the handlers and the idempotency check read it from memory.
struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    let limits: BodyLimits

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post || request.method == .put || request.method == .patch else {
            return try await next(request, context)
        }
        let limit = limits.limit(forPath: request.uri.path)
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limit {
            throw APIError.payloadTooLarge(limit: limit)
        }
        var request = request
        do {
            _ = try await request.collectBody(upTo: limit)
        } catch is NIOTooManyBytesError {
            throw APIError.payloadTooLarge(limit: limit)
        }
        return try await next(request, context)
    }
}
