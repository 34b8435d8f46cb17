import Foundation
import PQ

public struct GradeProposal: Codable, Sendable, Equatable {
    public var memberId: UUID
    public var proposedGrade: Grade
    public var comment: String?
    public var votesFor: Int
    public var votesAgainst: Int
    public var votesAbstain: Int

    public init(memberId: UUID, proposedGrade: Grade, comment: String?, votesFor: Int, votesAgainst: Int, votesAbstain: Int) {
        self.memberId = memberId
        self.proposedGrade = proposedGrade
        self.comment = comment
        self.votesFor = votesFor
        self.votesAgainst = votesAgainst
        self.votesAbstain = votesAbstain
    }
}

public struct DecidedGrade: Codable, Sendable, Equatable {
    public var memberId: UUID
    public var grade: Grade
    public var reason: String?

    public init(memberId: UUID, grade: Grade, reason: String?) {
        self.memberId = memberId
        self.grade = grade
        self.reason = reason
    }
}

public struct OrganizationGrade: Codable, Sendable, Equatable {
    public var organizationId: UUID
    public var grade: Grade

    public init(organizationId: UUID, grade: Grade) {
        self.organizationId = organizationId
        self.grade = grade
    }
}

public struct CollectiveAssessment: Codable, Sendable, Equatable {
    public var criterion: String
    public var level: CriterionLevel
    public var note: String?

    public init(criterion: String, level: CriterionLevel, note: String?) {
        self.criterion = criterion
        self.level = level
        self.note = note
    }
}

/// What a review request carries; which parts apply follows the organization's kind.
public struct ReviewInput: Sendable {
    public var heldOn: CalendarDate?
    public var chair: String?
    public var secretary: String?
    public var attendees: Int?
    public var eligible: Int?
    public var minutes: String?
    public var proposals: [GradeProposal]
    public var decisionNumber: String?
    public var decidedOn: CalendarDate?
    public var criteria: [CollectiveAssessment]
    public var strengths: String?
    public var limitations: String?
    public var grades: [DecidedGrade]
    public var organizationGrades: [OrganizationGrade]

    public init(heldOn: CalendarDate?, chair: String?, secretary: String?, attendees: Int?, eligible: Int?, minutes: String?,
                proposals: [GradeProposal], decisionNumber: String?, decidedOn: CalendarDate?, criteria: [CollectiveAssessment],
                strengths: String?, limitations: String?, grades: [DecidedGrade], organizationGrades: [OrganizationGrade]) {
        self.heldOn = heldOn
        self.chair = chair
        self.secretary = secretary
        self.attendees = attendees
        self.eligible = eligible
        self.minutes = minutes
        self.proposals = proposals
        self.decisionNumber = decisionNumber
        self.decidedOn = decidedOn
        self.criteria = criteria
        self.strengths = strengths
        self.limitations = limitations
        self.grades = grades
        self.organizationGrades = organizationGrades
    }
}

public struct Review: Codable, Sendable {
    public var id: UUID
    public var organizationId: UUID
    public var year: Int
    public var kind: OrganizationKind
    public var heldOn: CalendarDate?
    public var chair: String?
    public var secretary: String?
    public var attendees: Int?
    public var eligible: Int?
    /// More than two thirds of the eligible members attended (cell meetings).
    public var quorumMet: Bool?
    public var minutes: String?
    public var decisionNumber: String?
    public var decidedOn: CalendarDate?
    public var criteria: [CollectiveAssessment]
    public var strengths: String?
    public var limitations: String?
    public var proposals: [GradeProposal]
    public var grades: [DecidedGrade]
    public var organizationGrades: [OrganizationGrade]
    public var reopenedAt: Date?
    public var reopenReason: String?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
}

/// The rules of a review request, as plain functions.
public enum ReviewRules {
    public static func cellErrors(_ input: ReviewInput) -> [FieldError] {
        var errors: [FieldError] = []
        if input.heldOn == nil { errors.append(FieldError("heldOn", "is required")) }
        guard let attendees = input.attendees else { return errors + [FieldError("attendees", "is required")] }
        guard let eligible = input.eligible else { return errors + [FieldError("eligible", "is required")] }
        if attendees < 0 { errors.append(FieldError("attendees", "must not be negative")) }
        if attendees > eligible { errors.append(FieldError("attendees", "must not exceed eligible (\(eligible))")) }
        var seen = Set<UUID>()
        for (index, proposal) in input.proposals.enumerated() {
            if !seen.insert(proposal.memberId).inserted { errors.append(FieldError("proposals[\(index)].memberId", "is proposed twice")) }
            if min(proposal.votesFor, proposal.votesAgainst, proposal.votesAbstain) < 0 {
                errors.append(FieldError("proposals[\(index)].votesFor", "votes must not be negative"))
            } else if proposal.votesFor + proposal.votesAgainst + proposal.votesAbstain > attendees {
                errors.append(FieldError("proposals[\(index)].votesFor", "votes must not exceed attendees (\(attendees))"))
            }
        }
        return errors
    }

    /// `proposals`: the cell's proposal of each member, where there is one.
    public static func decisionErrors(_ input: ReviewInput, proposals: [UUID: Grade]) -> [FieldError] {
        var errors: [FieldError] = []
        if TextNormalizer.clean(input.decisionNumber) == nil { errors.append(FieldError("decisionNumber", "is required")) }
        if input.decidedOn == nil { errors.append(FieldError("decidedOn", "is required")) }
        var seen = Set<UUID>()
        for (index, grade) in input.grades.enumerated() {
            if !seen.insert(grade.memberId).inserted { errors.append(FieldError("grades[\(index)].memberId", "is graded twice")) }
            if let proposed = proposals[grade.memberId], proposed != grade.grade, TextNormalizer.clean(grade.reason) == nil {
                errors.append(FieldError("grades[\(index)].reason", "is required: the cell proposed \(proposed.rawValue)"))
            }
        }
        return errors
    }
}

extension Review {
    /// Whether the decision this review recorded still stands: grades were given (`graded`)
    /// and no reopen came after it (a reopen stamps `reopenedAt` and `updatedAt` alike; a new
    /// decision moves `updatedAt` past it).
    public func decisionStands(graded: Bool) -> Bool {
        guard graded else { return false }
        guard let reopenedAt else { return true }
        return updatedAt > reopenedAt
    }
}
