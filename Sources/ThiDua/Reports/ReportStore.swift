import Foundation
import PQ

/// Builds annual and summary reports from the records (see `ReportQueries`).
public struct ReportStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// The longest span a summary covers.
    public static let maximumSpan = 30

    public func annual(organizationId: UUID, year: Int, scope: AccessScope) async throws -> AnnualReport {
        try await pool.withTransaction { connection in
            try await Self.readOneSnapshot(on: connection)
            return try await Self.annual(organizationId: organizationId, year: year, scope: scope, on: connection)
        }
    }

    public func summary(organizationId: UUID, from: Int, to: Int, scope: AccessScope) async throws -> SummaryReport {
        try await pool.withTransaction { connection in
            try await Self.readOneSnapshot(on: connection)
            return try await Self.summary(organizationId: organizationId, from: from, to: to, scope: scope, on: connection)
        }
    }

    /// A report reads with several queries; one snapshot for all of them keeps its figures
    /// adding up while records change. The first statement of the transaction.
    static func readOneSnapshot(on connection: PQConnection, readOnly: Bool = true) async throws {
        try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ\(unsafeSQL: readOnly ? ", READ ONLY" : "")")
    }

    static func annual(organizationId: UUID, year: Int, scope: AccessScope, on connection: PQConnection) async throws -> AnnualReport {
        let organization = try await visibleOrganization(organizationId, scope, on: connection)
        let rules = try await SpanRules.load(year - 1...year, on: connection)
        guard let ruleSet = rules.ruleSets.last, ruleSet.year == year else {
            throw ValidationFailure([FieldError("year", "no rule set for \(year): reports cover the years that have one")])
        }
        let span = rules.ruleSets.first!.year...year
        let figures = try await YearFigureSet.load(ReportQueries(connection: connection, root: organizationId, years: span), ruleSets: rules.ruleSets)
        // The children only for the year itself.
        let children = try await childFigures(ReportQueries(connection: connection, root: organizationId, years: year...year), ruleSets: [ruleSet])
        return AnnualReport(organization: organization, year: year, ruleSet: ruleSet, decisionNumber: rules.decisionNumber,
                            figures: figures.year(year),
                            children: children.compactMap { child in child.years.first.map { ChildFigures(organization: child.organization, figures: $0) } },
                            previousYear: year > span.lowerBound ? figures.year(year - 1) : nil,
                            criterionNames: rules.criterionNames)
    }

    static func summary(organizationId: UUID, from: Int, to: Int, scope: AccessScope, on connection: PQConnection) async throws -> SummaryReport {
        let organization = try await visibleOrganization(organizationId, scope, on: connection)
        let rules = try await SpanRules.load(from...to, on: connection)
        let ruleSets = rules.ruleSets
        let missing = (from...to).filter { year in !ruleSets.contains { $0.year == year } }
        guard missing.isEmpty else {
            throw ValidationFailure([FieldError(missing.first == from ? "from" : "to",
                                                "no rule set for " + missing.map(String.init).joined(separator: ", "))])
        }
        let queries = ReportQueries(connection: connection, root: organizationId, years: from...to)
        let figures = try await YearFigureSet.load(queries, ruleSets: ruleSets)
        let years = (from...to).map(figures.year)
        return SummaryReport(
            organization: organization, from: from, to: to, ruleSets: ruleSets, decisionNumber: rules.decisionNumber, years: years,
            children: try await childFigures(queries, ruleSets: ruleSets),
            criteria: CriterionTrends.of(years, names: rules.criterionNames),
            totals: SummaryTotals.of(years, distinctMembers: try await queries.distinctMembers(), quotaLimit: ruleSets.last?.quotaLimit),
            notes: RuleSetNotes.between(ruleSets))
    }

    static func visibleOrganization(_ id: UUID, _ scope: AccessScope, on connection: PQConnection) async throws -> ReportOrganization {
        guard try await OrganizationStore.isWithin(id, scope.read, on: connection),
              let organization = try await organizations("o.id = \(id)", on: connection).first
        else { throw DomainError.notFound("organization") }
        return organization
    }

    static func organizations(_ condition: PQQuery, on connection: PQConnection) async throws -> [ReportOrganization] {
        try await connection.query("""
            SELECT o.id, o.code, o.kind, o.name, o.abbreviation, o.valid_from, o.valid_to,
                   p.id, p.code, p.kind, p.name, s.id, s.code, s.kind, s.name
            FROM organization o
            LEFT JOIN organization p ON p.id = o.parent_id
            LEFT JOIN organization s ON s.id = o.successor_id
            WHERE \(condition)
            ORDER BY o.code
            """).rows.map { row in
            let (id, code, kind, name, abbreviation, validFrom, validTo, parentId, parentCode, parentKind, parentName,
                 successorId, successorCode, successorKind, successorName) =
                try row.decode((UUID, String, OrganizationKind, String, String?, CalendarDate, CalendarDate?,
                                UUID?, String?, OrganizationKind?, String?, UUID?, String?, OrganizationKind?, String?).self)
            func reference(_ id: UUID?, _ code: String?, _ kind: OrganizationKind?, _ name: String?) -> ReportOrganization.Reference? {
                guard let id, let code, let kind, let name else { return nil }
                return .init(id: id, code: code, kind: kind, name: name)
            }
            return ReportOrganization(id: id, code: code, kind: kind, name: name,
                                      abbreviation: abbreviation, validFrom: validFrom, validTo: validTo,
                                      parent: reference(parentId, parentCode, parentKind, parentName),
                                      successor: reference(successorId, successorCode, successorKind, successorName))
        }
    }

    /// Each child organization of the queries' span (open in some year of it, or with members
    /// in it) and its key figures per year.
    static func childFigures(_ queries: ReportQueries, ruleSets: [RuleSet]) async throws -> [SummaryReport.ChildYears] {
        let span = queries.years
        let roster = try await queries.rosterFigures(.children)
        let reviews = try await queries.reviews(.children)
        let withData = Set(roster.keys.filter { span.contains($0.year) }.compactMap(\.child))
        let first = CalendarDate(year: span.lowerBound, month: 1, day: 1)!, last = CalendarDate(year: span.upperBound, month: 12, day: 31)!
        let children = try await organizations("o.parent_id = \(queries.root)", on: queries.connection).filter { child in
            withData.contains(child.id) || (child.validFrom <= last && (child.validTo.map { $0 >= first } ?? true))
        }
        let limits = Dictionary(uniqueKeysWithValues: ruleSets.map { ($0.year, $0.quotaLimit) })
        return children.map { child in
            let years = span.filter { year in
                let existed = child.validFrom.year <= year && (child.validTo.map { $0.year >= year } ?? true)
                return existed || roster[.init(child: child.id, year: year)] != nil
            }
            return SummaryReport.ChildYears(organization: child, years: years.map { year in
                let key = ReportQueries.Key(child: child.id, year: year)
                return KeyFigures.make(year: year, roster[key], reviews[key], quotaLimit: limits[year])
            })
        }
    }
}

/// The rules of a span's years: their rule sets and the framework versions in force in them.
struct SpanRules {
    var ruleSets: [RuleSet]
    /// Distinct, in year order.
    var frameworks: [Framework]

    static func load(_ years: ClosedRange<Int>, on connection: PQConnection) async throws -> SpanRules {
        let ruleSets = try await RuleSetStore.range(years, on: connection)
        var frameworks: [Framework] = []
        for ruleSet in ruleSets {
            let version = try await YearRules.frameworkVersion(of: ruleSet, on: connection)
            if frameworks.contains(where: { $0.code == ruleSet.frameworkCode && $0.version == version }) { continue }
            if let framework = try await FrameworkStore.get(ruleSet.frameworkCode, version: version, on: connection) {
                frameworks.append(framework)
            }
        }
        return SpanRules(ruleSets: ruleSets, frameworks: frameworks)
    }

    var decisionNumber: String? { frameworks.last?.decisionNumber }

    /// The criteria of the span, in the order of its latest framework; codes only earlier
    /// frameworks had come after.
    var criterionNames: [CriterionName] {
        var names: [CriterionName] = []
        for framework in frameworks.reversed() {
            for criterion in framework.criteria where !names.contains(where: { $0.code == criterion.code }) {
                names.append(CriterionName(code: criterion.code, name: criterion.nameVi))
            }
        }
        return names
    }
}
