import HTTPTypes
import Hummingbird
import PQ

/// Sends the reads of safe requests to the database's standbys, keeping each client's own
/// writes visible to it (read-your-writes, as GitLab's database load balancing does it).
///
/// After a request that may write (any method but GET and HEAD) the answer carries the
/// primary's log position, as `X-WAL-Position` and as the `thidua_wal` cookie; a later GET
/// that sends either back is read from a standby only once that standby has replayed that
/// far, else from the primary. Without standbys this does nothing.
public struct ReadRoutingMiddleware<Context: RequestContext>: RouterMiddleware {
    public static var headerName: HTTPField.Name { HTTPField.Name("X-WAL-Position")! }
    public static var cookieName: String { "thidua_wal" }
    /// Long past any lag a standby may serve with: by then every standby in has the write.
    static var cookieLifetime: Int { 300 }

    let pool: PQPool
    let cookies: CookiePolicy

    public init(pool: PQPool, cookies: CookiePolicy) {
        self.pool = pool
        self.cookies = cookies
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard pool.standbys != nil else { return try await next(request, context) }
        if request.method == .get || request.method == .head {
            return try await PQReadRouting.$current.withValue(PQReadRouting(after: position(of: request))) {
                try await next(request, context)
            }
        }
        var response = try await next(request, context)
        // Taken after the write committed, so at or past its end. Failing to read it loses
        // only the routing of the client's next reads to the primary, not the answer.
        if let written = try? await pool.primaryPosition() {
            response.headers[Self.headerName] = written.description
            response.setCookie(Cookie(name: Self.cookieName, value: written.description, maxAge: Self.cookieLifetime, path: "/",
                                      secure: cookies.isSecure(for: request), httpOnly: true, sameSite: .lax))
        }
        return response
    }

    /// The later of the header's and the cookie's positions; an unreadable one is ignored.
    func position(of request: Request) -> PQWALPosition? {
        let header = request.headers[Self.headerName].flatMap { PQWALPosition($0.trimmingCharacters(in: .whitespaces)) }
        let cookie = request.cookies[Self.cookieName].flatMap { PQWALPosition($0.value) }
        return [header, cookie].compactMap { $0 }.max()
    }
}
