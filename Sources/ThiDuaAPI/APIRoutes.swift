import Hummingbird
import PQ
import ThiDua
import ThiDuaDocuments
import ThiDuaHTTP

/// The REST API (`/api/v1`, `/health`, `/metrics`) as one route collection with its own
/// middleware, for the composition root to mount beside the pages.
public enum APIRoutes {
    /// Middleware first (Hummingbird wraps each route in the middleware present when it is
    /// added), outermost first: errors become problem documents around everything else.
    public static func collection(pool: PQPool, accounts: AccountStore, bodyLimits: BodyLimits,
                                  routes: RouteTableReference) -> RouteCollection<AppRequestContext> {
        let api = RouteCollection(context: AppRequestContext.self)
        api.add(middleware: ProblemMiddleware(routes: routes))
        api.add(middleware: BodyLimitMiddleware(limits: bodyLimits))
        api.add(middleware: AuthMiddleware(accounts: accounts, credential: .bearerHeader))
        api.add(middleware: IdempotencyMiddleware(store: IdempotencyStore(pool: pool)))

        HealthRoutes(pool: pool).register(on: api)
        MetricsRoutes(registry: MetricsRegistry.shared).register(on: api)
        OrganizationRoutes(store: OrganizationStore(pool: pool)).register(on: api)
        MemberRoutes(store: MemberStore(pool: pool)).register(on: api)
        FrameworkRoutes(store: FrameworkStore(pool: pool)).register(on: api)
        RuleSetRoutes(store: RuleSetStore(pool: pool)).register(on: api)
        ImportRoutes(importer: MemberImport(pool: pool)).register(on: api)
        AuthRoutes(accounts: accounts).register(on: api)
        AuditRoutes(trail: AuditTrail(pool: pool)).register(on: api)
        CommitmentRoutes(store: CommitmentStore(pool: pool)).register(on: api)
        SelfAssessmentRoutes(store: SelfAssessmentStore(pool: pool)).register(on: api)
        ReviewRoutes(store: ReviewStore(pool: pool)).register(on: api)
        BadgeRoutes(store: BadgeStore(pool: pool)).register(on: api)
        ActivityRoutes(store: ActivityStore(pool: pool)).register(on: api)
        CommendationRoutes(store: CommendationStore(pool: pool)).register(on: api)
        ExemplarRoutes(store: ExemplarStore(pool: pool)).register(on: api)
        ReportRoutes(store: ReportStore(pool: pool)).register(on: api)
        ReportDocumentRoutes(store: ReportDocumentStore(pool: pool)).register(on: api)
        return api
    }

    /// Whether a path belongs to the API, so that an unknown one answers a problem document
    /// rather than a page.
    public static func owns(path: String) -> Bool {
        path.hasPrefix("/api/") || path == "/api" || path.hasPrefix("/health") || path == "/metrics"
    }
}
