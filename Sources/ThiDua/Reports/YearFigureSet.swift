import Foundation
import PQ

/// The figures of every year of a span for one organization, read with one query per kind
/// of record and arranged by year.
struct YearFigureSet {
    var byYear: [Int: YearFigures]

    /// The statements of a figure set, added to a report's batch; `make` reads them back.
    struct Reads: Sendable {
        let roster: PQBatch.Ticket<ReportQueries.Roster>
        let reviews: PQBatch.Ticket<[ReportQueries.Key: ReviewFigures]>
        let levels: PQBatch.Ticket<[(year: Int, criterion: String, level: String, members: Int)]>
        let commendations: PQBatch.Ticket<[(year: Int, code: String, count: Int)]>
        let exemplars: PQBatch.Ticket<[(year: Int, code: String, count: Int)]>
        let badges: PQBatch.Ticket<[(year: Int, code: String, count: Int)]>
        let activities: PQBatch.Ticket<[(year: Int, code: String, count: Int, participants: Int)]>

        init(_ queries: ReportQueries, into batch: inout PQBatch) {
            roster = batch.add(queries.rosterFigures(.total))
            reviews = batch.add(queries.reviews(.total))
            levels = batch.add(queries.criterionLevels())
            commendations = batch.add(queries.commendations())
            exemplars = batch.add(queries.exemplars())
            badges = batch.add(queries.badges())
            activities = batch.add(queries.activities())
        }
    }

    static func make(_ reads: Reads, _ results: PQBatch.Results, ruleSets: [RuleSet]) throws -> YearFigureSet {
        let roster = try results.read(reads.roster)
        let reviews = try results.read(reads.reviews)
        let levels = try results.read(reads.levels)
        let commendations = try results.read(reads.commendations)
        let exemplars = try results.read(reads.exemplars)
        let badges = try results.read(reads.badges)
        let activities = try results.read(reads.activities)
        var byYear: [Int: YearFigures] = [:]
        for ruleSet in ruleSets {
            let year = ruleSet.year
            let key = ReportQueries.Key(child: nil, year: year)
            var criteria: [String: [String: Int]] = [:]
            for row in levels where row.year == year { criteria[row.criterion, default: [:]][row.level] = row.members }
            let yearActivities = activities.filter { $0.year == year }
            let yearBadges = badges.filter { $0.year == year }
            byYear[year] = YearFigures(
                key: KeyFigures.make(year: year, roster[key], reviews[key], quotaLimit: ruleSet.quotaLimit),
                criteria: criteria.mapValues { Tally(CriterionLevel.self, $0) },
                commendations: Tally(CommendationForm.self, codes(commendations, year)),
                exemplars: Tally(ExemplarStage.self, codes(exemplars, year)),
                badges: BadgeFigures(total: yearBadges.reduce(0) { $0 + $1.count }, byYears: codes(badges, year)),
                activities: ActivityFigures(
                    byChannel: Tally(ActivityChannel.self, Dictionary(uniqueKeysWithValues: yearActivities.map { ($0.code, $0.count) })),
                    participants: yearActivities.reduce(0) { $0 + $1.participants }))
        }
        return YearFigureSet(byYear: byYear)
    }

    func year(_ year: Int) -> YearFigures { byYear[year]! }

    private static func codes(_ rows: [(year: Int, code: String, count: Int)], _ year: Int) -> [String: Int] {
        Dictionary(uniqueKeysWithValues: rows.filter { $0.year == year }.map { ($0.code, $0.count) })
    }
}

extension KeyFigures {
    /// Key figures from the per-cell sums of a year (none: an empty year).
    static func make(year: Int, _ roster: (members: Int, registered: Int, submitted: Int, acknowledged: Int, late: Int, selfAssessed: Int, grades: [Int])?,
                     _ reviews: ReviewFigures?, quotaLimit: Double?) -> KeyFigures {
        let r = roster ?? (0, 0, 0, 0, 0, 0, [0, 0, 0, 0])
        let grades = GradeFigures(htxsnv: r.grades[0], httnv: r.grades[1], htnv: r.grades[2], khtnv: r.grades[3],
                                  ungraded: r.members - r.grades.reduce(0, +), quotaRatio: Ratio.of(r.grades[0], r.grades[1]),
                                  quotaLimit: quotaLimit)
        return KeyFigures(year: year, roster: RosterFigures(members: r.members),
                          commitments: CommitmentFigures(registered: r.registered, submitted: r.submitted, acknowledged: r.acknowledged,
                                                         late: r.late, share: Ratio.of(r.acknowledged, r.members)),
                          selfAssessments: SelfAssessmentFigures(submitted: r.selfAssessed),
                          reviews: reviews ?? ReviewFigures(held: 0, reopened: 0), grades: grades)
    }
}

/// The per-criterion trend of a summary, from its years' figures.
enum CriterionTrends {
    static func of(_ years: [YearFigures], names: [CriterionName]) -> [SummaryReport.CriterionTrend] {
        let known = Set(names.map(\.code))
        let extra = Set(years.flatMap { $0.criteria.keys }).subtracting(known).sorted().map { CriterionName(code: $0, name: $0) }
        return (names + extra).map { criterion in
            SummaryReport.CriterionTrend(code: criterion.code, name: criterion.name, years: years.map { year in
                let levels = year.criteria[criterion.code] ?? Tally(CriterionLevel.self)
                return SummaryReport.CriterionYear(year: year.key.year, levels: levels,
                                                   excellentShare: Ratio.of(levels[CriterionLevel.excellent.rawValue], levels.total))
            })
        }
    }
}

/// The totals of a summary: sums of its years' figures (member counts are member-years).
enum SummaryTotals {
    static func of(_ years: [YearFigures], distinctMembers: Int, quotaLimit: Double?) -> SummaryReport.Totals {
        func sum(_ value: (YearFigures) -> Int) -> Int { years.reduce(0) { $0 + value($1) } }
        let members = sum { $0.key.roster.members }
        let acknowledged = sum { $0.key.commitments.acknowledged }
        let grades = [sum { $0.key.grades.htxsnv }, sum { $0.key.grades.httnv }, sum { $0.key.grades.htnv }, sum { $0.key.grades.khtnv }]
        var byYears: [String: Int] = [:]
        for year in years { byYears.merge(year.badges.byYears, uniquingKeysWith: +) }
        return SummaryReport.Totals(
            years: years.count, memberYears: members, distinctMembers: distinctMembers,
            commitments: CommitmentFigures(registered: sum { $0.key.commitments.registered }, submitted: sum { $0.key.commitments.submitted },
                                           acknowledged: acknowledged, late: sum { $0.key.commitments.late },
                                           share: Ratio.of(acknowledged, members)),
            selfAssessments: SelfAssessmentFigures(submitted: sum { $0.key.selfAssessments.submitted }),
            reviews: ReviewFigures(held: sum { $0.key.reviews.held }, reopened: sum { $0.key.reviews.reopened }),
            grades: GradeFigures(htxsnv: grades[0], httnv: grades[1], htnv: grades[2], khtnv: grades[3],
                                 ungraded: sum { $0.key.grades.ungraded }, quotaRatio: Ratio.of(grades[0], grades[1]), quotaLimit: quotaLimit),
            commendations: years.map(\.commendations).reduce(Tally(CommendationForm.self), +),
            exemplars: years.map(\.exemplars).reduce(Tally(ExemplarStage.self), +),
            badges: BadgeFigures(total: sum { $0.badges.total }, byYears: byYears),
            activities: ActivityFigures(byChannel: years.map(\.activities.byChannel).reduce(Tally(ActivityChannel.self), +),
                                        participants: sum { $0.activities.participants }))
    }
}
