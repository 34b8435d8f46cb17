import Foundation
import PQ

public enum Grade: String, DomainCode {
    case excellent = "HTXSNV"
    case good = "HTTNV"
    case completed = "HTNV"
    case notCompleted = "KHTNV"
}

public enum CriterionLevel: String, DomainCode {
    case excellent = "XUAT_SAC"
    case good = "TOT"
    case average = "TRUNG_BINH"
    case poor = "KEM"
}

public enum ItemResult: String, DomainCode {
    case done = "DONE"
    case partly = "PARTLY"
    case notDone = "NOT_DONE"
}

public enum SelfAssessmentStatus: String, DomainCode {
    case draft = "DRAFT"
    case submitted = "SUBMITTED"
}

public struct CriterionAssessment: Codable, Sendable, Equatable {
    public var criterion: String
    public var level: CriterionLevel?
    public var points: Int?
    public var note: String?

    public init(criterion: String, level: CriterionLevel?, points: Int?, note: String?) {
        self.criterion = criterion
        self.level = level
        self.points = points
        self.note = note
    }
}

public struct ItemAssessment: Codable, Sendable, Equatable {
    public var itemId: UUID
    public var result: ItemResult
    public var note: String?

    public init(itemId: UUID, result: ItemResult, note: String?) {
        self.itemId = itemId
        self.result = result
        self.note = note
    }
}

public struct SelfAssessment: Codable, Sendable, Equatable {
    public var id: UUID
    public var memberId: UUID
    public var year: Int
    public var status: SelfAssessmentStatus
    /// Set by the cell review's proposal or the ward's decision; editing is refused while set.
    public var locked: Bool
    public var criteria: [CriterionAssessment]
    public var itemResults: [ItemAssessment]
    public var strengths: String?
    public var weaknesses: String?
    public var proposedGrade: Grade?
    public var submittedAt: Date?
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date
}

/// What a member sends, before the year's rules are applied.
public struct SelfAssessmentDraft: Sendable {
    public var criteria: [CriterionAssessment]
    public var itemResults: [ItemAssessment]
    public var strengths: String?
    public var weaknesses: String?
    public var proposedGrade: Grade?

    public init(criteria: [CriterionAssessment], itemResults: [ItemAssessment], strengths: String?, weaknesses: String?, proposedGrade: Grade?) {
        self.criteria = criteria
        self.itemResults = itemResults
        self.strengths = strengths
        self.weaknesses = weaknesses
        self.proposedGrade = proposedGrade
    }
}

/// The rules of a self-review, as plain functions.
public enum SelfAssessmentRules {
    /// Errors of `draft` in a year graded by `scheme` under a framework with `criteria`, for a
    /// member whose commitment items of that year are `itemIds`.
    public static func errors(_ draft: SelfAssessmentDraft, scheme: GradingScheme, criteria: [String], itemIds: Set<UUID>) -> [FieldError] {
        var errors: [FieldError] = []
        var seen = Set<String>()
        for (index, entry) in draft.criteria.enumerated() {
            let field = "criteria[\(index)]"
            if !criteria.contains(entry.criterion) {
                errors.append(FieldError("\(field).criterion", "must be one of " + criteria.joined(separator: ", ")))
            } else if !seen.insert(entry.criterion).inserted {
                errors.append(FieldError("\(field).criterion", "is assessed twice"))
            }
            switch scheme {
            case .levels4:
                if entry.level == nil { errors.append(FieldError("\(field).level", "is required in a LEVELS_4 year")) }
                if entry.points != nil { errors.append(FieldError("\(field).points", "applies only in a POINTS_100 year")) }
            case .points100:
                if let points = entry.points {
                    if !(0...100).contains(points) { errors.append(FieldError("\(field).points", "must be from 0 to 100")) }
                } else {
                    errors.append(FieldError("\(field).points", "is required in a POINTS_100 year"))
                }
                if entry.level != nil { errors.append(FieldError("\(field).level", "applies only in a LEVELS_4 year")) }
            }
        }
        var seenItems = Set<UUID>()
        for (index, result) in draft.itemResults.enumerated() {
            if !itemIds.contains(result.itemId) {
                errors.append(FieldError("itemResults[\(index)].itemId", "is not an item of this member's commitment of the year"))
            } else if !seenItems.insert(result.itemId).inserted {
                errors.append(FieldError("itemResults[\(index)].itemId", "is assessed twice"))
            }
        }
        return errors
    }

    /// Criteria with no assessment yet: a self-review with any cannot be submitted.
    public static func missingCriteria(_ draft: [CriterionAssessment], criteria: [String]) -> [String] {
        let present = Set(draft.map(\.criterion))
        return criteria.filter { !present.contains($0) }
    }
}

extension SelfAssessment {
    static let columns = """
        s.id, s.member_id, s.year::int8, s.status, s.locked, s.criteria, s.item_results, s.strengths, s.weaknesses,
        s.proposed_grade, s.submitted_at, s.version::int8, s.created_at, s.updated_at
        """

    init(row: PQRow) throws {
        let criteria: JSONB<[CriterionAssessment]>, results: JSONB<[ItemAssessment]>, grade: String?
        (id, memberId, year, status, locked, criteria, results, strengths, weaknesses, grade, submittedAt, version, createdAt, updatedAt) =
            try row.decode((UUID, UUID, Int, SelfAssessmentStatus, Bool, JSONB<[CriterionAssessment]>, JSONB<[ItemAssessment]>, String?, String?,
                            String?, Date?, Int, Date, Date).self)
        self.criteria = criteria.value
        self.itemResults = results.value
        self.proposedGrade = grade.flatMap(Grade.init(rawValue:))
    }
}

/// The states of a self-assessment: `DRAFT → SUBMITTED`; the cell review's proposal (or the
/// ward's decision) locks it, a reopened review unlocks it.
public enum SelfAssessmentMachine {
    public enum Action: String, Sendable, CaseIterable { case edit, submit }

    /// Nil when `action` is allowed, else the refusal naming the state.
    public static func refusal(_ action: Action, status: SelfAssessmentStatus, locked: Bool) -> String? {
        if locked { return "The self-assessment is locked by the cell's review." }
        switch (status, action) {
        case (.draft, _): return nil
        case (.submitted, .edit): return "A self-assessment in state SUBMITTED cannot be edited."
        case (.submitted, .submit): return "A self-assessment in state SUBMITTED cannot be submitted."
        }
    }
}
