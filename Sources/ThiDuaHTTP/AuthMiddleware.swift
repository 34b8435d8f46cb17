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
            return .some(Self.bearerToken(header))
        case .cookie(let name):
            guard let value = request.cookies[name]?.value else { return nil }
            return value.isEmpty ? nil : .some(value)
        }
    }

    /// The token of `Bearer <token>` (the scheme in any case, blanks around the token
    /// dropped), nil for any other header. Read as bytes: it runs on every API request.
    static func bearerToken(_ header: String) -> String? {
        let bytes = Array(header.utf8)
        let scheme = Array("bearer".utf8)
        guard bytes.count > scheme.count, bytes[scheme.count] == UInt8(ascii: " "),
              zip(bytes, scheme).allSatisfy({ $0 | 0x20 == $1 })
        else { return nil }
        let blank: (UInt8) -> Bool = { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
        guard let first = bytes[(scheme.count + 1)...].firstIndex(where: { !blank($0) }),
              let last = bytes.lastIndex(where: { !blank($0) })
        else { return nil }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
