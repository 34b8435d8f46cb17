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

    /// A report reads with several queries; one snapshot for all of them keeps its figures
    /// adding up while records change.
    public func annual(organizationId: UUID, year: Int, scope: AccessScope) async throws -> Dated<AnnualReport> {
        try await pool.withTransaction(.repeatableReadOnly) { connection in
            try await Self.annual(organizationId: organizationId, year: year, scope: scope, on: connection)
        }
    }

    public func summary(organizationId: UUID, from: Int, to: Int, scope: AccessScope) async throws -> Dated<SummaryReport> {
        try await pool.withTransaction(.repeatableReadOnly) { connection in
            try await Self.summary(organizationId: organizationId, from: from, to: to, scope: scope, on: connection)
        }
    }

    // A report costs two round trips inside its transaction: what it opens with (`opening`),
    // and then every figure of every part, their statements gathered in one `PQBatch`.

    static func annual(organizationId: UUID, year: Int, scope: AccessScope, on connection: PQConnection) async throws -> Dated<AnnualReport> {
        let (organization, versioned, asOf) = try await opening(organizationId, years: year - 1...year, scope, on: connection)
        let ruleSets = versioned.map(\.ruleSet)
        guard let ruleSet = ruleSets.last, ruleSet.year == year else {
            throw ValidationFailure([FieldError("year", "no rule set for \(year): reports cover the years that have one")])
        }
        let span = ruleSets.first!.year...year
        var batch = PQBatch()
        let rules = SpanRules.Reads(versioned, into: &batch)
        let figures = YearFigureSet.Reads(ReportQueries(root: organizationId, years: span), into: &batch)
        // The children only for the year itself.
        let children = ChildReads(ReportQueries(root: organizationId, years: year...year), into: &batch)
        let results = try await connection.run(batch)
        let spanRules = try rules.make(results)
        let figureSet = try YearFigureSet.make(figures, results, ruleSets: ruleSets)
        return Dated(AnnualReport(organization: organization, year: year, ruleSet: ruleSet, decisionNumber: spanRules.decisionNumber,
                            figures: figureSet.year(year),
                            children: try childFigures(children, results, ruleSets: [ruleSet]).compactMap { child in
                                child.years.first.map { ChildFigures(organization: child.organization, figures: $0) }
                            },
                            previousYear: year > span.lowerBound ? figureSet.year(year - 1) : nil,
                            criterionNames: spanRules.criterionNames), asOf: asOf)
    }

    static func summary(organizationId: UUID, from: Int, to: Int, scope: AccessScope, on connection: PQConnection) async throws -> Dated<SummaryReport> {
        let (organization, versioned, asOf) = try await opening(organizationId, years: from...to, scope, on: connection)
        let ruleSets = versioned.map(\.ruleSet)
        let missing = (from...to).filter { year in !ruleSets.contains { $0.year == year } }
        guard missing.isEmpty else {
            throw ValidationFailure([FieldError(missing.first == from ? "from" : "to",
                                                "no rule set for " + missing.map(String.init).joined(separator: ", "))])
        }
        let queries = ReportQueries(root: organizationId, years: from...to)
        var batch = PQBatch()
        let rules = SpanRules.Reads(versioned, into: &batch)
        let figures = YearFigureSet.Reads(queries, into: &batch)
        let children = ChildReads(queries, into: &batch)
        let distinctMembers = batch.add(queries.distinctMembers())
        let results = try await connection.run(batch)
        let spanRules = try rules.make(results)
        let figureSet = try YearFigureSet.make(figures, results, ruleSets: ruleSets)
        let years = (from...to).map(figureSet.year)
        return Dated(SummaryReport(
            organization: organization, from: from, to: to, ruleSets: ruleSets, decisionNumber: spanRules.decisionNumber, years: years,
            children: try childFigures(children, results, ruleSets: ruleSets),
            criteria: CriterionTrends.of(years, names: spanRules.criterionNames),
            totals: SummaryTotals.of(years, distinctMembers: try results.read(distinctMembers), quotaLimit: ruleSets.last?.quotaLimit),
            notes: RuleSetNotes.between(ruleSets)), asOf: asOf)
    }

    /// What a report opens with, in one round trip: whether the caller may read the
    /// organization, the organization, the span's rule sets with their framework versions,
    /// and how fresh the snapshot is. Unseen is "not found", whatever else came back.
    static func opening(_ id: UUID, years: ClosedRange<Int>, _ scope: AccessScope, on connection: PQConnection) async throws
        -> (ReportOrganization, [(ruleSet: RuleSet, frameworkVersion: Int)], Date) {
        let (visible, organizations, ruleSets, asOf) = try await connection.pipeline(
            OrganizationStore.isWithin(id, scope.read), organizations("o.id = \(id)"), RuleSetStore.rangeWithFrameworkVersions(years),
            .dataAsOf)
        guard visible, let organization = organizations.first else { throw DomainError.notFound("organization") }
        return (organization, ruleSets, asOf)
    }

    static func organizations(_ condition: PQQuery) -> PQStatement<[ReportOrganization]> {
        PQStatement("""
            SELECT o.id, o.code, o.kind, o.name, o.abbreviation, o.valid_from, o.valid_to,
                   p.id, p.code, p.kind, p.name, s.id, s.code, s.kind, s.name
            FROM organization o
            LEFT JOIN organization p ON p.id = o.parent_id
            LEFT JOIN organization s ON s.id = o.successor_id
            WHERE \(condition)
            ORDER BY o.code
            """) { result in try result.rows.map { row in
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
        } }
    }

    /// The statements behind `childFigures`.
    struct ChildReads: Sendable {
        let queries: ReportQueries
        let roster: PQBatch.Ticket<ReportQueries.Roster>
        let reviews: PQBatch.Ticket<[ReportQueries.Key: ReviewFigures]>
        let children: PQBatch.Ticket<[ReportOrganization]>

        init(_ queries: ReportQueries, into batch: inout PQBatch) {
            self.queries = queries
            roster = batch.add(queries.rosterFigures(.children))
            reviews = batch.add(queries.reviews(.children))
            children = batch.add(ReportStore.organizations("o.parent_id = \(queries.root)"))
        }
    }

    /// Each child organization of the queries' span (open in some year of it, or with members
    /// in it) and its key figures per year.
    static func childFigures(_ reads: ChildReads, _ results: PQBatch.Results, ruleSets: [RuleSet]) throws -> [SummaryReport.ChildYears] {
        let span = reads.queries.years
        let roster = try results.read(reads.roster)
        let reviews = try results.read(reads.reviews)
        let withData = Set(roster.keys.filter { span.contains($0.year) }.compactMap(\.child))
        let first = CalendarDate(year: span.lowerBound, month: 1, day: 1)!, last = CalendarDate(year: span.upperBound, month: 12, day: 31)!
        let children = try results.read(reads.children).filter { child in
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

    /// The frameworks in force over some rule sets, each version once, as statements.
    struct Reads: Sendable {
        let ruleSets: [RuleSet]
        let frameworks: [PQBatch.Ticket<Framework?>]

        init(_ versioned: [(ruleSet: RuleSet, frameworkVersion: Int)], into batch: inout PQBatch) {
            ruleSets = versioned.map(\.ruleSet)
            var versions: [(code: String, version: Int)] = []
            for (ruleSet, version) in versioned where !versions.contains(where: { $0 == (ruleSet.frameworkCode, version) }) {
                versions.append((ruleSet.frameworkCode, version))
            }
            frameworks = versions.map { batch.add(FrameworkStore.statement($0.code, version: $0.version)) }
        }

        func make(_ results: PQBatch.Results) throws -> SpanRules {
            SpanRules(ruleSets: ruleSets, frameworks: try frameworks.compactMap { try results.read($0) })
        }
    }

    static func load(_ years: ClosedRange<Int>, on connection: PQConnection) async throws -> SpanRules {
        var batch = PQBatch()
        let reads = Reads(try await connection.run(RuleSetStore.rangeWithFrameworkVersions(years)), into: &batch)
        return try reads.make(try await connection.run(batch))
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
