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
        let ruleSets = try await Self.ruleSets(year - 1...year, on: connection)
        guard let ruleSet = ruleSets.last, ruleSet.year == year else {
            throw ValidationFailure([FieldError("year", "no rule set for \(year): reports cover the years that have one")])
        }
        let span = ruleSets.first!.year...year
        let queries = ReportQueries(connection: connection, root: organizationId, years: span)
        let figures = try await YearFigureSet.load(queries, ruleSets: ruleSets)
        let children = try await childFigures(queries, ruleSets: ruleSets, only: year)
        return AnnualReport(organization: organization, year: year, ruleSet: ruleSet, figures: figures.year(year),
                            children: children.compactMap { child in child.years.first.map { ChildFigures(organization: child.organization, figures: $0) } },
                            previousYear: year > span.lowerBound ? figures.year(year - 1) : nil,
                            criterionNames: try await criterionNames(ruleSets, on: connection))
    }

    static func summary(organizationId: UUID, from: Int, to: Int, scope: AccessScope, on connection: PQConnection) async throws -> SummaryReport {
        let organization = try await visibleOrganization(organizationId, scope, on: connection)
        let ruleSets = try await Self.ruleSets(from...to, on: connection)
        let missing = (from...to).filter { year in !ruleSets.contains { $0.year == year } }
        guard missing.isEmpty else {
            throw ValidationFailure([FieldError(missing.first == from ? "from" : "to",
                                                "no rule set for " + missing.map(String.init).joined(separator: ", "))])
        }
        let queries = ReportQueries(connection: connection, root: organizationId, years: from...to)
        let figures = try await YearFigureSet.load(queries, ruleSets: ruleSets)
        let years = (from...to).map(figures.year)
        let names = try await criterionNames(ruleSets, on: connection)
        return SummaryReport(
            organization: organization, from: from, to: to, ruleSets: ruleSets, years: years,
            children: try await childFigures(queries, ruleSets: ruleSets, only: nil),
            criteria: CriterionTrends.of(years, names: names),
            totals: SummaryTotals.of(years, distinctMembers: try await queries.distinctMembers(),
                                     quotaLimit: ruleSets.last.map { $0.excellentQuotaPercent / 100 }),
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
                try row.decode((UUID, String, String, String, String?, CalendarDate, CalendarDate?,
                                UUID?, String?, String?, String?, UUID?, String?, String?, String?).self)
            func reference(_ id: UUID?, _ code: String?, _ kind: String?, _ name: String?) -> ReportOrganization.Reference? {
                guard let id, let code, let kind, let name else { return nil }
                return .init(id: id, code: code, kind: OrganizationKind(rawValue: kind) ?? .cell, name: name)
            }
            return ReportOrganization(id: id, code: code, kind: OrganizationKind(rawValue: kind) ?? .cell, name: name,
                                      abbreviation: abbreviation, validFrom: validFrom, validTo: validTo,
                                      parent: reference(parentId, parentCode, parentKind, parentName),
                                      successor: reference(successorId, successorCode, successorKind, successorName))
        }
    }

    static func ruleSets(_ years: ClosedRange<Int>, on connection: PQConnection) async throws -> [ReportRuleSet] {
        try await connection.query("""
            SELECT r.year::int8, r.grading_scheme, r.excellent_quota_percent::float8, r.framework_code,
                   (SELECT f.decision_number FROM framework f WHERE f.code = r.framework_code ORDER BY f.version DESC LIMIT 1),
                   r.excellent_min_points::int8, r.good_min_points::int8, r.completed_min_points::int8
            FROM rule_set r WHERE r.year BETWEEN \(Int32(years.lowerBound)) AND \(Int32(years.upperBound)) ORDER BY r.year
            """).rows.map { row in
            let (year, scheme, quota, framework, decision, excellent, good, completed) =
                try row.decode((Int, String, Double, String, String?, Int?, Int?, Int?).self)
            return ReportRuleSet(year: year, gradingScheme: GradingScheme(rawValue: scheme) ?? .levels4, excellentQuotaPercent: quota,
                                 frameworkCode: framework, decisionNumber: decision, excellentMinPoints: excellent, goodMinPoints: good,
                                 completedMinPoints: completed)
        }
    }

    /// The criteria of the frameworks the span was graded under, in framework order.
    static func criterionNames(_ ruleSets: [ReportRuleSet], on connection: PQConnection) async throws -> [CriterionName] {
        let codes = Array(Set(ruleSets.map(\.frameworkCode))).sorted()
        return try await connection.query("""
            SELECT code, name_vi FROM (
                SELECT DISTINCT ON (c.code) c.code, c.name_vi, c.position
                FROM criterion c JOIN framework f ON f.id = c.framework_id
                WHERE f.code = ANY (\(codes))
                ORDER BY c.code, f.version DESC) latest
            ORDER BY position, code
            """).rows.map { row in
            let (code, name) = try row.decode((String, String).self)
            return CriterionName(code: code, name: name)
        }
    }

    /// Each child organization of the span (open in some year of it, or with members in it)
    /// and its key figures per year; with `only`, just that year.
    static func childFigures(_ queries: ReportQueries, ruleSets: [ReportRuleSet], only: Int?) async throws -> [SummaryReport.ChildYears] {
        let span = only.map { $0...$0 } ?? queries.years
        let roster = try await queries.rosterFigures(.children)
        let reviews = try await queries.reviews(.children)
        let withData = Set(roster.keys.filter { span.contains($0.year) }.compactMap(\.child))
        let first = CalendarDate(year: span.lowerBound, month: 1, day: 1)!, last = CalendarDate(year: span.upperBound, month: 12, day: 31)!
        let children = try await organizations("o.parent_id = \(queries.root)", on: queries.connection).filter { child in
            withData.contains(child.id) || (child.validFrom <= last && (child.validTo.map { $0 >= first } ?? true))
        }
        let limits = Dictionary(uniqueKeysWithValues: ruleSets.map { ($0.year, $0.excellentQuotaPercent / 100) })
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
