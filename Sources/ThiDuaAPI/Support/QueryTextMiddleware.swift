import Hummingbird
import ThiDua

/// Refuses a query parameter holding a control character (`?q=a%00b`) with a `422` naming the
/// parameter, before any route reads it: no query value reaches a store with a NUL in it.
struct QueryTextMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        for (name, value) in request.uri.queryParameters {
            if let problem = TextNormalizer.controlCharacterError(String(value), multiline: false) {
                throw APIError.validation(field: String(name), problem)
            }
        }
        return try await next(request, context)
    }
}
