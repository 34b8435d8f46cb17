import Foundation

/// What a count of a report counts, so that the count can be followed down to its records
/// (`ReportRecordStore`): the members of a roster that registered, graded HTXSNV, the
/// commendations of a form. `code` is its name in a link (`grade.HTXSNV`, `commendation`).
public enum ReportFigure: Hashable, Sendable {
    case members, registered, submitted, acknowledged, late, selfAssessed
    case grade(Grade)
    case ungraded
    /// Members who self-assessed a criterion (its code), at one level or at any.
    case criterion(String, CriterionLevel?)
    case reviews, reopenedReviews
    /// Recognition of members and organizations, of one form (stage, tier, channel) or all.
    case commendations(CommendationForm?)
    case exemplars(ExemplarStage?)
    case badges(years: Int?)
    case activities(ActivityChannel?)

    /// Whether the figure counts member-years of the rosters (else records of its own kind).
    public var countsMembers: Bool {
        switch self {
        case .members, .registered, .submitted, .acknowledged, .late, .selfAssessed, .grade, .ungraded, .criterion: true
        case .reviews, .reopenedReviews, .commendations, .exemplars, .badges, .activities: false
        }
    }

    public var code: String {
        switch self {
        case .members: "members"
        case .registered: "registered"
        case .submitted: "submitted"
        case .acknowledged: "acknowledged"
        case .late: "late"
        case .selfAssessed: "selfAssessed"
        case .grade(let grade): "grade.\(grade.rawValue)"
        case .ungraded: "ungraded"
        case .criterion(let code, let level): "criterion.\(code)" + (level.map { ".\($0.rawValue)" } ?? "")
        case .reviews: "reviews"
        case .reopenedReviews: "reopenedReviews"
        case .commendations(let form): "commendation" + (form.map { ".\($0.rawValue)" } ?? "")
        case .exemplars(let stage): "exemplar" + (stage.map { ".\($0.rawValue)" } ?? "")
        case .badges(let years): "badge" + (years.map { ".\($0)" } ?? "")
        case .activities(let channel): "activity" + (channel.map { ".\($0.rawValue)" } ?? "")
        }
    }

    public init?(code: String) {
        let parts = code.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        let detail = parts.count > 1 ? parts[1] : nil
        func one<T>(_ make: (String) -> T?) -> T?? {
            guard let detail else { return .some(nil) }
            return make(detail).map { .some($0) }
        }
        switch (parts[0], parts.count) {
        case ("members", 1): self = .members
        case ("registered", 1): self = .registered
        case ("submitted", 1): self = .submitted
        case ("acknowledged", 1): self = .acknowledged
        case ("late", 1): self = .late
        case ("selfAssessed", 1): self = .selfAssessed
        case ("ungraded", 1): self = .ungraded
        case ("reviews", 1): self = .reviews
        case ("reopenedReviews", 1): self = .reopenedReviews
        case ("grade", 2):
            guard let grade = Grade(rawValue: parts[1]) else { return nil }
            self = .grade(grade)
        case ("criterion", 2), ("criterion", 3):
            guard Self.isCriterionCode(parts[1]) else { return nil }
            if parts.count == 3 {
                guard let level = CriterionLevel(rawValue: parts[2]) else { return nil }
                self = .criterion(parts[1], level)
            } else {
                self = .criterion(parts[1], nil)
            }
        case ("commendation", 1), ("commendation", 2):
            guard let form = one(CommendationForm.init(rawValue:)) else { return nil }
            self = .commendations(form)
        case ("exemplar", 1), ("exemplar", 2):
            guard let stage = one(ExemplarStage.init(rawValue:)) else { return nil }
            self = .exemplars(stage)
        case ("badge", 1), ("badge", 2):
            guard let years = one({ Int($0).flatMap { BadgeRules.tiers.contains($0) ? $0 : nil } }) else { return nil }
            self = .badges(years: years)
        case ("activity", 1), ("activity", 2):
            guard let channel = one(ActivityChannel.init(rawValue:)) else { return nil }
            self = .activities(channel)
        default: return nil
        }
    }

    /// A criterion's code as frameworks write them (`GUONG_MAU`); nothing else reaches SQL.
    static func isCriterionCode(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 50 && text.unicodeScalars.allSatisfy { ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }
}

/// A count of a report as a question to the records: which `figure`, of which organization's
/// subtree, in which years.
public struct ReportDrill: Hashable, Sendable {
    public var organizationId: UUID
    public var years: ClosedRange<Int>
    public var figure: ReportFigure

    public init(organizationId: UUID, years: ClosedRange<Int>, figure: ReportFigure) {
        self.organizationId = organizationId
        self.years = years
        self.figure = figure
    }
}
