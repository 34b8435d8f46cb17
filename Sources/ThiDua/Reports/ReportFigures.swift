import Foundation
import PQ

/// Ratios in reports: four decimals, so a figure reads the same in JSON, CSV and print, and
/// a test can recompute it exactly.
public enum Ratio {
    public static func of(_ part: Int, _ whole: Int) -> Double? {
        guard whole > 0 else { return nil }
        return (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}

/// Counts by a domain code, every code present (zeros too) and their `total`.
public struct Tally: Codable, Sendable, Equatable {
    public var counts: [String: Int]

    public init<Code: DomainCode>(_ type: Code.Type, _ counts: [String: Int] = [:]) {
        var all: [String: Int] = [:]
        for code in Code.allCases { all[code.rawValue] = counts[code.rawValue] ?? 0 }
        self.counts = all
    }

    public init(counts: [String: Int]) { self.counts = counts }

    public var total: Int { counts.values.reduce(0, +) }
    public subscript(_ code: String) -> Int { counts[code] ?? 0 }

    public static func + (a: Tally, b: Tally) -> Tally {
        Tally(counts: a.counts.merging(b.counts, uniquingKeysWith: +))
    }

    public init(from decoder: any Decoder) throws {
        var counts = try [String: Int](from: decoder)
        counts["total"] = nil
        self.counts = counts
    }

    public func encode(to encoder: any Encoder) throws {
        var all = counts
        all["total"] = total
        try all.encode(to: encoder)
    }
}

public struct RosterFigures: Codable, Sendable, Equatable {
    public var members: Int
    public init(members: Int) { self.members = members }
}

public struct CommitmentFigures: Codable, Sendable, Equatable {
    /// Members with a commitment of the year in any state.
    public var registered: Int
    /// ...of which submitted (SUBMITTED, ACKNOWLEDGED or CLOSED).
    public var submitted: Int
    /// ...of which acknowledged by the cell (ACKNOWLEDGED or CLOSED).
    public var acknowledged: Int
    /// ...registered after the year's deadline.
    public var late: Int
    /// acknowledged ÷ roster members.
    public var share: Double?
}

public struct SelfAssessmentFigures: Codable, Sendable, Equatable {
    public var submitted: Int
}

public struct ReviewFigures: Codable, Sendable, Equatable {
    /// Reviews recorded for the year by the organization and those under it.
    public var held: Int
    /// ...of which reopened after their decision.
    public var reopened: Int
}

public struct GradeFigures: Codable, Sendable, Equatable {
    public var htxsnv: Int
    public var httnv: Int
    public var htnv: Int
    public var khtnv: Int
    /// Roster members without a decided grade.
    public var ungraded: Int
    /// HTXSNV ÷ HTTNV, the figure the quota limits; nil without HTTNV grades.
    public var quotaRatio: Double?
    /// The year's limit on that ratio (the rule set's quota).
    public var quotaLimit: Double?

    enum CodingKeys: String, CodingKey {
        case htxsnv = "HTXSNV", httnv = "HTTNV", htnv = "HTNV", khtnv = "KHTNV", ungraded, quotaRatio, quotaLimit
    }

    public var graded: Int { htxsnv + httnv + htnv + khtnv }

    public func count(_ grade: Grade) -> Int {
        switch grade {
        case .excellent: htxsnv
        case .good: httnv
        case .completed: htnv
        case .notCompleted: khtnv
        }
    }
}

public struct BadgeFigures: Codable, Sendable, Equatable {
    public var total: Int
    /// Awards by years of membership ("30", "40", ...).
    public var byYears: [String: Int]
}

public struct ActivityFigures: Codable, Sendable, Equatable {
    public var byChannel: Tally
    public var participants: Int
}

/// The key figures of one organization (or one child) in one year.
public struct KeyFigures: Codable, Sendable, Equatable {
    public var year: Int
    public var roster: RosterFigures
    public var commitments: CommitmentFigures
    public var selfAssessments: SelfAssessmentFigures
    public var reviews: ReviewFigures
    public var grades: GradeFigures

    public init(year: Int, roster: RosterFigures, commitments: CommitmentFigures, selfAssessments: SelfAssessmentFigures,
                reviews: ReviewFigures, grades: GradeFigures) {
        self.year = year
        self.roster = roster
        self.commitments = commitments
        self.selfAssessments = selfAssessments
        self.reviews = reviews
        self.grades = grades
    }
}

/// Everything a report says about one organization's year.
public struct YearFigures: Codable, Sendable, Equatable {
    public var key: KeyFigures
    /// Per criterion code, the members' self-assessed levels (XUAT_SAC, TOT, TRUNG_BINH, KEM).
    public var criteria: [String: Tally]
    public var commendations: Tally
    public var exemplars: Tally
    public var badges: BadgeFigures
    public var activities: ActivityFigures

    enum CodingKeys: String, CodingKey { case criteria, commendations, exemplars, badges, activities }

    public init(key: KeyFigures, criteria: [String: Tally], commendations: Tally, exemplars: Tally, badges: BadgeFigures,
                activities: ActivityFigures) {
        self.key = key
        self.criteria = criteria
        self.commendations = commendations
        self.exemplars = exemplars
        self.badges = badges
        self.activities = activities
    }

    // The key figures sit beside the others in one JSON object.
    public init(from decoder: any Decoder) throws {
        key = try KeyFigures(from: decoder)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        criteria = try c.decode([String: Tally].self, forKey: .criteria)
        commendations = try c.decode(Tally.self, forKey: .commendations)
        exemplars = try c.decode(Tally.self, forKey: .exemplars)
        badges = try c.decode(BadgeFigures.self, forKey: .badges)
        activities = try c.decode(ActivityFigures.self, forKey: .activities)
    }

    public func encode(to encoder: any Encoder) throws {
        try key.encode(to: encoder)
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(criteria, forKey: .criteria)
        try c.encode(commendations, forKey: .commendations)
        try c.encode(exemplars, forKey: .exemplars)
        try c.encode(badges, forKey: .badges)
        try c.encode(activities, forKey: .activities)
    }
}

/// An organization as a report names it: enough for the heading and the tables.
public struct ReportOrganization: Codable, Sendable, Equatable {
    public struct Reference: Codable, Sendable, Equatable {
        public var id: UUID
        public var code: String
        public var kind: OrganizationKind
        public var name: String

        public init(id: UUID, code: String, kind: OrganizationKind, name: String) {
            self.id = id
            self.code = code
            self.kind = kind
            self.name = name
        }
    }

    public var id: UUID
    public var code: String
    public var kind: OrganizationKind
    public var name: String
    public var abbreviation: String?
    public var validFrom: CalendarDate
    public var validTo: CalendarDate?
    public var parent: Reference?
    /// The organization that took it over (a ward merged away).
    public var successor: Reference?
}

/// One child organization's key figures in a year.
public struct ChildFigures: Codable, Sendable, Equatable {
    public var organization: ReportOrganization
    public var figures: KeyFigures

    enum CodingKeys: String, CodingKey { case organization }

    public init(organization: ReportOrganization, figures: KeyFigures) {
        self.organization = organization
        self.figures = figures
    }

    public init(from decoder: any Decoder) throws {
        organization = try decoder.container(keyedBy: CodingKeys.self).decode(ReportOrganization.self, forKey: .organization)
        figures = try KeyFigures(from: decoder)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(organization, forKey: .organization)
        try figures.encode(to: encoder)
    }
}

extension RuleSet {
    /// The quota as the ratio it limits: 20 % of the HTTNV count is 0.2.
    var quotaLimit: Double { NSDecimalNumber(decimal: excellentQuotaPercent).doubleValue / 100 }
}
