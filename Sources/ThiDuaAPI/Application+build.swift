import Hummingbird
import Logging
import PQ
import ServiceLifecycle
import ThiDua

/// The one composition root: `thidua serve` and the API tests both build the service here.
///
/// The pool runs as a service of the application, listed before the HTTP server, so on
/// shutdown the server stops taking requests first and the pool drains after it.
public func buildApplication(
    configuration: ServiceConfiguration,
    pool: PQPool,
    logger: Logger
) -> some ApplicationProtocol {
    let router = buildRouter(pool: pool, accounts: accountStore(configuration: configuration, pool: pool),
                             bodyLimits: configuration.bodyLimits)
    let idle = configuration.idleTimeout.components
    return Application(
        router: router,
        server: .http1(configuration: .init(
            additionalChannelHandlers: [ParserErrorHandler()],
            idleTimeout: .nanoseconds(idle.seconds * 1_000_000_000 + idle.attoseconds / 1_000_000_000))),
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [pool],
        logger: logger
    )
}

/// The account store with the configured bcrypt cost and token lifetime.
public func accountStore(configuration: ServiceConfiguration, pool: PQPool) -> AccountStore {
    AccountStore(pool: pool, hasher: BcryptHasher(cost: configuration.bcryptCost), tokenLifetime: configuration.tokenLifetime)
}

/// The routes and middleware, separately buildable for tests that walk the route list.
public func buildRouter(pool: PQPool, accounts: AccountStore, bodyLimits: BodyLimits = BodyLimits()) -> Router<AppRequestContext> {
    let registry = MetricsRegistry.shared
    let routes = RouteTableReference()
    let router = Router(context: AppRequestContext.self, options: .autoGenerateHeadEndpoints)
    // Hummingbird wraps each route in the middleware present when the route is added, so the
    // middleware comes first. Outermost first: the request id reaches every answer, the log
    // and the metrics see the final status, and errors become problem documents innermost.
    router.add(middleware: RequestIDMiddleware())
    router.add(middleware: LogRequestsMiddleware(.info))
    router.add(middleware: MetricsMiddleware())
    router.add(middleware: ProblemMiddleware(routes: routes))
    router.add(middleware: BodyLimitMiddleware(limits: bodyLimits))
    router.add(middleware: AuthMiddleware(accounts: accounts))
    router.add(middleware: IdempotencyMiddleware(store: IdempotencyStore(pool: pool)))

    HealthRoutes(pool: pool).register(on: router)
    MetricsRoutes(registry: registry).register(on: router)
    OrganizationRoutes(store: OrganizationStore(pool: pool)).register(on: router)
    MemberRoutes(store: MemberStore(pool: pool)).register(on: router)
    FrameworkRoutes(store: FrameworkStore(pool: pool)).register(on: router)
    RuleSetRoutes(store: RuleSetStore(pool: pool)).register(on: router)
    ImportRoutes(importer: MemberImport(pool: pool)).register(on: router)
    AuthRoutes(accounts: accounts).register(on: router)
    AuditRoutes(trail: AuditTrail(pool: pool)).register(on: router)
    CommitmentRoutes(store: CommitmentStore(pool: pool)).register(on: router)
    SelfAssessmentRoutes(store: SelfAssessmentStore(pool: pool)).register(on: router)
    ReviewRoutes(store: ReviewStore(pool: pool)).register(on: router)
    BadgeRoutes(store: BadgeStore(pool: pool)).register(on: router)
    ActivityRoutes(store: ActivityStore(pool: pool)).register(on: router)
    CommendationRoutes(store: CommendationStore(pool: pool)).register(on: router)
    ExemplarRoutes(store: ExemplarStore(pool: pool)).register(on: router)
    let html = ReportHTML.shared
    ReportRoutes(store: ReportStore(pool: pool), html: html).register(on: router)
    ReportDocumentRoutes(store: ReportDocumentStore(pool: pool), html: html).register(on: router)

    routes.value = RouteTable(router)
    return router
}
