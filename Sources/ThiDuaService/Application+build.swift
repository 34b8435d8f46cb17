import Hummingbird
import Logging
import PQ
import ServiceLifecycle
import ThiDua
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaWeb

/// The one composition root: `thidua serve` and the tests both build the service here.
///
/// The pool runs as a service of the application, listed before the HTTP server, so on
/// shutdown the server stops taking requests first and the pool drains after it.
public func buildApplication(
    configuration: ServiceConfiguration,
    pool: PQPool,
    logger: Logger
) -> some ApplicationProtocol {
    // Verified tokens are held in memory, forgotten through PostgreSQL's LISTEN/NOTIFY.
    let tokens = TokenCache()
    let router = buildRouter(pool: pool, accounts: accountStore(configuration: configuration, pool: pool, cache: tokens),
                             bodyLimits: configuration.bodyLimits, cookies: configuration.cookies)
    let idle = configuration.idleTimeout.components
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ParserErrorHandler()],
            idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [pool, TokenInvalidation(configuration: pool.configuration, cache: tokens, logger: logger)],
        logger: logger
    )
}

/// The account store with the configured bcrypt cost and token lifetime.
public func accountStore(configuration: ServiceConfiguration, pool: PQPool, cache: TokenCache? = nil) -> AccountStore {
    AccountStore(pool: pool, hasher: BcryptHasher(cost: configuration.bcryptCost), tokenLifetime: configuration.tokenLifetime, cache: cache)
}

/// The API and the pages, each a route collection with its own middleware, under the
/// middleware every answer shares. Separately buildable for tests that walk the route list.
public func buildRouter(pool: PQPool, accounts: AccountStore, bodyLimits: BodyLimits = BodyLimits(),
                        cookies: CookiePolicy = CookiePolicy()) -> Router<AppRequestContext> {
    _ = MetricsRegistry.shared
    let routes = RouteTableReference()
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Outermost first: the request id reaches every answer, the log and the metrics see the
    // final status; a path no route has answers as the layer it would belong to.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ReadRoutingMiddleware(pool: pool, cookies: cookies))
    let web = WebApplication(pool: pool, accounts: accounts, cookies: cookies)
    router.add(middleware: UnknownRouteMiddleware(api: ProblemMiddleware(routes: routes), web: web.errorPages(routes: routes)))
    router.addRoutes(APIRoutes.collection(pool: pool, accounts: accounts, bodyLimits: bodyLimits, routes: routes))
    router.addRoutes(web.routes(table: routes))
    routes.value = RouteTable(router)
    return router
}

/// Only what no route answered reaches this far (each collection turns its own errors into
/// its own answers): an unknown path under the API answers a problem document, any other a
/// Vietnamese page.
struct UnknownRouteMiddleware: RouterMiddleware {
    typealias Context = AppRequestContext
    let api: ProblemMiddleware<Context>
    let web: WebErrorMiddleware

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if APIRoutes.owns(path: request.uri.path) {
            return try await api.handle(request, context: context, next: next)
        }
        return try await web.handle(request, context: context, next: next)
    }
}
