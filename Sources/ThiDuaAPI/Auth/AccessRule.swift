import Hummingbird
import ThiDuaHTTP
import ThiDua

/// What a route requires of its caller. Every route is registered through `SecureRouter`
/// with one of these, so a route's rule sits on the line that declares it.
enum AccessRule: Sendable, CustomStringConvertible {
    /// No token needed (login, health, metrics).
    case open
    /// Any valid token.
    case signedIn
    /// A grant whose role allows the capability somewhere; where exactly is the store's check.
    case capability(Capability)
    /// A member's own records: a role with the capability, or a MEMBER (their own record only;
    /// the store holds them to it).
    case ownRecordsOr(Capability)

    /// Reading members: a role that reads the registry, or a MEMBER reading their own record.
    static let memberRecords = AccessRule.ownRecordsOr(.readRegistry)

    var description: String {
        switch self {
        case .open: "open"
        case .signedIn: "signed in"
        case .capability(let capability): capability.rawValue
        case .ownRecordsOr(let capability): "own records or \(capability.rawValue)"
        }
    }

    /// The caller, when the rule lets it through; 401 without a valid token, 403 for a role
    /// that may never do this.
    func check(_ authentication: Authentication) throws -> Caller? {
        if case .open = self { return nil }
        guard case .caller(let caller) = authentication else {
            throw APIError(.unauthorized, code: .unauthorized, detail: "Sign in: send Authorization: Bearer <token> from POST /api/v1/auth/login.",
                           headers: [.wwwAuthenticate: "Bearer"])
        }
        switch self {
        case .open, .signedIn:
            return caller
        case .capability(let capability):
            guard caller.has(capability) else { throw APIError.forbidden("Your role does not allow this.") }
        case .ownRecordsOr(let capability):
            guard caller.has(capability) || !caller.ownMemberIds.isEmpty else { throw APIError.forbidden("Your role does not allow this.") }
        }
        return caller
    }
}

extension APIError {
    static func forbidden(_ detail: String) -> APIError {
        APIError(.forbidden, code: .forbidden, detail: detail)
    }
}

/// Registers routes with their access rule; the only way routes are added.
struct SecureRouter {
    typealias Context = AppRequestContext
    let router: RouteCollection<Context>
    let prefix: String

    typealias Handler<Output: ResponseGenerator> = @Sendable (Request, Context, Caller?) async throws -> Output

    private func add<Output: ResponseGenerator>(_ method: HTTPRequest.Method, _ path: String, _ rule: AccessRule,
                                                _ handler: @escaping Handler<Output>) {
        router.on(RouterPath(prefix + path), method: method) { request, context in
            let caller = try rule.check(context.authentication)
            return try await handler(request, context, caller)
        }
    }

    func get<Output: ResponseGenerator>(_ path: String = "", _ rule: AccessRule, _ handler: @escaping Handler<Output>) { add(.get, path, rule, handler) }
    func post<Output: ResponseGenerator>(_ path: String = "", _ rule: AccessRule, _ handler: @escaping Handler<Output>) { add(.post, path, rule, handler) }
    func put<Output: ResponseGenerator>(_ path: String = "", _ rule: AccessRule, _ handler: @escaping Handler<Output>) { add(.put, path, rule, handler) }
    func patch<Output: ResponseGenerator>(_ path: String = "", _ rule: AccessRule, _ handler: @escaping Handler<Output>) { add(.patch, path, rule, handler) }
    func delete<Output: ResponseGenerator>(_ path: String = "", _ rule: AccessRule, _ handler: @escaping Handler<Output>) { add(.delete, path, rule, handler) }
}

extension Optional where Wrapped == Caller {
    /// The caller of a route whose rule requires one (any rule but `.open`).
    var required: Caller {
        get throws {
            guard let caller = self else { throw APIError(.unauthorized, code: .unauthorized, detail: "Sign in.") }
            return caller
        }
    }
}
