import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// Signing in is needed: the page sends the visitor to `/login`, and back here afterwards.
struct SignInRequired: Error {
    var next: String
}

/// Registers the pages. A page needs a signed-in caller unless registered as open; what the
/// caller may see or change is the stores' check, as for the API. Every form post is read,
/// checked for its origin and CSRF token, and only then handed to its handler: a post cannot be
/// registered without that check.
struct WebRouter {
    typealias Context = AppRequestContext
    let routes: RouteCollection<Context>
    let renderer: PageRenderer

    struct Visit: Sendable {
        var request: Request
        var context: Context
        var frame: Frame
    }

    typealias PageHandler = @Sendable (Visit, Caller) async throws -> Response
    typealias FormHandler = @Sendable (Visit, Caller, FormData) async throws -> Response
    typealias OpenHandler = @Sendable (Visit) async throws -> Response
    typealias OpenFormHandler = @Sendable (Visit, FormData) async throws -> Response

    static func frame(_ request: Request, _ context: Context) -> Frame {
        let caller: Caller? = if case .caller(let caller) = context.authentication { caller } else { nil }
        let secret = caller != nil ? context.bearerToken : request.cookies[SessionCookies.presession]?.value
        return Frame(caller: caller, csrf: secret.map(CSRF.token(for:)) ?? "")
    }

    private static func caller(_ visit: Visit) throws -> Caller {
        guard let caller = visit.frame.caller else {
            let query = visit.request.uri.query.map { "?" + $0 } ?? ""
            throw SignInRequired(next: visit.request.method == .get ? visit.request.uri.path + query : "/")
        }
        return caller
    }

    func page(_ path: String, _ handler: @escaping PageHandler) {
        routes.get(RouterPath(path)) { request, context in
            let visit = Visit(request: request, context: context, frame: Self.frame(request, context))
            return try await handler(visit, try Self.caller(visit))
        }
    }

    func form(_ path: String, _ handler: @escaping FormHandler) {
        routes.post(RouterPath(path)) { request, context in
            let visit = Visit(request: request, context: context, frame: Self.frame(request, context))
            let caller = try Self.caller(visit)
            let form = try await FormData.read(request)
            try CSRF.check(request, form: form, secret: context.bearerToken)
            return try await handler(visit, caller, form)
        }
    }

    func openPage(_ path: String, _ handler: @escaping OpenHandler) {
        routes.get(RouterPath(path)) { request, context in
            try await handler(Visit(request: request, context: context, frame: Self.frame(request, context)))
        }
    }

    /// A post that needs no session (signing in): its token is made of the pre-session cookie.
    func openForm(_ path: String, _ handler: @escaping OpenFormHandler) {
        routes.post(RouterPath(path)) { request, context in
            let visit = Visit(request: request, context: context, frame: Self.frame(request, context))
            let form = try await FormData.read(request)
            try CSRF.check(request, form: form, secret: request.cookies[SessionCookies.presession]?.value)
            return try await handler(visit, form)
        }
    }
}

/// The answer to a form that worked: back to a page by GET, with a notice code that page
/// turns into words (never text from the request).
func redirect(_ location: String, notice: String? = nil) -> Response {
    var target = location
    if let notice { target += (target.contains("?") ? "&" : "?") + "notice=" + notice }
    return Response(status: .seeOther, headers: [.location: target])
}
