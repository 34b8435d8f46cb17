import Hummingbird
import ThiDua

/// Reads the caller's token and puts the caller in the context. It never answers by itself:
/// whether a route needs a caller is the route's rule.
///
/// The API reads only `Authorization: Bearer <token>` and the pages only their session cookie:
/// a cookie is sent by the browser on its own, so a route that honoured it would need the
/// pages' CSRF check, which the API (called by programs) has no use for.
public struct AuthMiddleware: RouterMiddleware {
    public typealias Context = AppRequestContext

    public enum Credential: Sendable {
        case bearerHeader
        case cookie(name: String)
    }

    let accounts: AccountStore
    let credential: Credential

    public init(accounts: AccountStore, credential: Credential = .bearerHeader) {
        self.accounts = accounts
        self.credential = credential
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        switch token(of: request) {
        case nil:
            break
        case .some(nil):
            context.authentication = .rejected
        case .some(let token?):
            context.bearerToken = token
            if let caller = try await accounts.caller(token: token) {
                context.authentication = .caller(caller)
                context.logger[metadataKey: "thidua.user"] = .string(caller.username)
            } else {
                context.authentication = .rejected
            }
        }
        return try await next(request, context)
    }

    /// nil: no credential sent; `.some(nil)`: one that cannot be a token.
    private func token(of request: Request) -> String?? {
        switch credential {
        case .bearerHeader:
            guard let header = request.headers[.authorization] else { return nil }
            let parts = header.split(separator: " ", maxSplits: 1)
            guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .some(nil) }
            return .some(String(parts[1]).trimmingCharacters(in: .whitespaces))
        case .cookie(let name):
            guard let value = request.cookies[name]?.value else { return nil }
            return value.isEmpty ? nil : .some(value)
        }
    }
}
