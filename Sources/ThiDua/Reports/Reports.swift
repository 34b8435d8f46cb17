import Foundation
import PQ

/// `GET /reports/annual`: one organization's year, its children and the year before.
public struct AnnualReport: Codable, Sendable, Equatable {
    public var organization: ReportOrganization
    public var year: Int
    public var ruleSet: RuleSet
    /// The decision of the year's framework, "500-QĐ/QU".
    public var decisionNumber: String?
    public var figures: YearFigures
    public var children: [ChildFigures]
    public var previousYear: YearFigures?
    /// Criterion codes with their Vietnamese names, in the framework's order.
    public var criterionNames: [CriterionName]

    enum CodingKeys: String, CodingKey { case kind, organization, year, ruleSet, decisionNumber, children, previousYear, criterionNames }

    public init(organization: ReportOrganization, year: Int, ruleSet: RuleSet, decisionNumber: String?, figures: YearFigures,
                children: [ChildFigures], previousYear: YearFigures?, criterionNames: [CriterionName]) {
        self.organization = organization
        self.year = year
        self.ruleSet = ruleSet
        self.decisionNumber = decisionNumber
        self.figures = figures
        self.children = children
        self.previousYear = previousYear
        self.criterionNames = criterionNames
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        organization = try c.decode(ReportOrganization.self, forKey: .organization)
        year = try c.decode(Int.self, forKey: .year)
        ruleSet = try c.decode(RuleSet.self, forKey: .ruleSet)
        decisionNumber = try c.decodeIfPresent(String.self, forKey: .decisionNumber)
        children = try c.decode([ChildFigures].self, forKey: .children)
        previousYear = try c.decodeIfPresent(YearFigures.self, forKey: .previousYear)
        criterionNames = try c.decode([CriterionName].self, forKey: .criterionNames)
        figures = try YearFigures(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        try figures.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode("ANNUAL", forKey: .kind)
        try c.encode(organization, forKey: .organization)
        try c.encode(year, forKey: .year)
        try c.encode(ruleSet, forKey: .ruleSet)
        try c.encode(decisionNumber, forKey: .decisionNumber)
        try c.encode(children, forKey: .children)
        try c.encode(previousYear, forKey: .previousYear)
        try c.encode(criterionNames, forKey: .criterionNames)
    }
}

public struct CriterionName: Codable, Sendable, Equatable {
    public var code: String
    public var name: String
}

/// `GET /reports/summary`: a span of years (the six-year review).
public struct SummaryReport: Codable, Sendable, Equatable {
    public struct ChildYears: Codable, Sendable, Equatable {
        public var organization: ReportOrganization
        /// The years of the span in which the child existed or had members.
        public var years: [KeyFigures]
    }

    public struct CriterionYear: Codable, Sendable, Equatable {
        public var year: Int
        public var levels: Tally
        /// XUAT_SAC ÷ all assessed levels of the criterion that year.
        public var excellentShare: Double?
    }

    public struct CriterionTrend: Codable, Sendable, Equatable {
        public var code: String
        public var name: String
        public var years: [CriterionYear]
    }

    /// Sums over the span. Member counts are member-years; `distinctMembers` counts people.
    public struct Totals: Codable, Sendable, Equatable {
        public var years: Int
        public var memberYears: Int
        public var distinctMembers: Int
        public var commitments: CommitmentFigures
        public var selfAssessments: SelfAssessmentFigures
        public var reviews: ReviewFigures
        public var grades: GradeFigures
        public var commendations: Tally
        public var exemplars: Tally
        public var badges: BadgeFigures
        public var activities: ActivityFigures
    }

    public var kind = "SUMMARY"
    public var organization: ReportOrganization
    public var from: Int
    public var to: Int
    public var ruleSets: [RuleSet]
    /// The decision of the framework of the span's last year, "500-QĐ/QU".
    public var decisionNumber: String?
    public var years: [YearFigures]
    public var children: [ChildYears]
    public var criteria: [CriterionTrend]
    public var totals: Totals
    public var notes: [RuleSetNote]
}
