import Foundation
import Hummingbird
import PQ
import ThiDua
import ThiDuaHTTP

/// The pages people use, as one route collection with its own middleware, for the composition
/// root to mount beside the API. They call the same stores and rules as the API.
public struct WebApplication: Sendable {
    let pool: PQPool
    let accounts: AccountStore
    let cookies: SessionCookies
    let renderer: PageRenderer
    let assets: Assets

    public init(pool: PQPool, accounts: AccountStore, cookies: CookiePolicy) {
        self.pool = pool
        self.accounts = accounts
        self.cookies = SessionCookies(policy: cookies)
        assets = Assets()
        // The templates are part of the build; one that does not parse is a programming error.
        renderer = try! PageRenderer(assets: assets)
    }

    /// The error pages, also for paths no route has (the composition root sends those here).
    public func errorPages(routes: RouteTableReference) -> WebErrorMiddleware {
        WebErrorMiddleware(renderer: renderer, routes: routes, cookies: cookies)
    }

    public func routes(table: RouteTableReference) -> RouteCollection<AppRequestContext> {
        let collection = RouteCollection(context: AppRequestContext.self)
        // The caller first, so that an error page still shows who is signed in.
        collection.add(middleware: AuthMiddleware(accounts: accounts, credential: .cookie(name: SessionCookies.session)))
        collection.add(middleware: errorPages(routes: table))
        let web = WebRouter(routes: collection, renderer: renderer)
        for asset in assets.all {
            collection.get(RouterPath(asset.path)) { _, _ in assets.response(asset) }
        }
        SignInPages(accounts: accounts, cookies: cookies, renderer: renderer).register(on: web)
        HomePage(store: HomeStore(pool: pool), renderer: renderer).register(on: web)
        OrganizationPage(store: OrganizationStore(pool: pool), ruleSets: RuleSetStore(pool: pool), members: MemberStore(pool: pool),
                         audit: AuditTrail(pool: pool), renderer: renderer).register(on: web)
        let organizationEdit = OrganizationEditPage(organizations: OrganizationStore(pool: pool), renderer: renderer)
        organizationEdit.register(on: web)
        OrganizationNewPage(organizations: OrganizationStore(pool: pool), edit: organizationEdit, renderer: renderer).register(on: web)
        CommitmentPage(years: MemberYearStore(pool: pool), store: CommitmentStore(pool: pool), renderer: renderer).register(on: web)
        SelfAssessmentPage(years: MemberYearStore(pool: pool), store: SelfAssessmentStore(pool: pool), renderer: renderer).register(on: web)
        MemberRecordPage(store: MemberRecordStore(pool: pool), organizations: OrganizationStore(pool: pool), audit: AuditTrail(pool: pool),
                         renderer: renderer).register(on: web)
        // Before `/members/:id`'s siblings: "import" is a page of its own, not a member's id.
        MemberImportPage(importer: MemberImport(pool: pool), renderer: renderer).register(on: web)
        let memberEdit = MemberEditPage(members: MemberStore(pool: pool), renderer: renderer)
        memberEdit.register(on: web)
        MemberTransferPage(members: MemberStore(pool: pool), organizations: OrganizationStore(pool: pool), edit: memberEdit, renderer: renderer)
            .register(on: web)
        CellCommitmentsPage(cells: CellYearStore(pool: pool), store: CommitmentStore(pool: pool), renderer: renderer).register(on: web)
        CellMeetingPage(cells: CellYearStore(pool: pool), store: ReviewStore(pool: pool), renderer: renderer).register(on: web)
        WardDecisionPage(wards: WardYearStore(pool: pool), store: ReviewStore(pool: pool), renderer: renderer).register(on: web)
        DistrictGradingPage(districts: DistrictYearStore(pool: pool), store: ReviewStore(pool: pool), renderer: renderer).register(on: web)
        ProgressPage(store: YearProgressStore(pool: pool), renderer: renderer).register(on: web)
        ReportsPage(store: ReportStore(pool: pool), organizations: OrganizationStore(pool: pool), ruleSets: RuleSetStore(pool: pool),
                    renderer: renderer).register(on: web)
        ReportDocumentPages(store: ReportDocumentStore(pool: pool), organizations: OrganizationStore(pool: pool), renderer: renderer).register(on: web)
        ReportRecordsPage(store: ReportRecordStore(pool: pool), renderer: renderer).register(on: web)
        MemberSearchPage(store: MemberStore(pool: pool), renderer: renderer).register(on: web)
        CommendationsPage(store: CommendationStore(pool: pool), organizations: OrganizationStore(pool: pool), renderer: renderer).register(on: web)
        BadgesPage(store: BadgeStore(pool: pool), organizations: OrganizationStore(pool: pool), renderer: renderer).register(on: web)
        ExemplarsPage(store: ExemplarStore(pool: pool), commendations: CommendationStore(pool: pool), organizations: OrganizationStore(pool: pool),
                      members: MemberStore(pool: pool), frameworks: FrameworkStore(pool: pool), renderer: renderer).register(on: web)
        ActivitiesPage(store: ActivityStore(pool: pool), organizations: OrganizationStore(pool: pool), renderer: renderer).register(on: web)
        AccountsPage(accounts: accounts, organizations: OrganizationStore(pool: pool), members: MemberStore(pool: pool), renderer: renderer).register(on: web)
        return collection
    }
}
