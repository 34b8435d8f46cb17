import Hummingbird
import ThiDua

/// Reads `Authorization: Bearer <token>` and puts the caller in the context. It never
/// answers by itself: whether a route needs a caller is the route's rule.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let accounts: AccountStore

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "bearer" {
                let token = String(parts[1]).trimmingCharacters(in: .whitespaces)
                context.bearerToken = token
                if let caller = try await accounts.caller(token: token) {
                    context.authentication = .caller(caller)
                    context.logger[metadataKey: "thidua.user"] = .string(caller.username)
                } else {
                    context.authentication = .rejected
                }
            } else {
                context.authentication = .rejected
            }
        }
        return try await next(request, context)
    }
}
