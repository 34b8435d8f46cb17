import Foundation
import Testing
import ThiDua

@Suite struct CommitmentMachineTests {
    /// Every (state, action) pair: the allowed ones and their result, all others refused.
    @Test func everyTransition() {
        let allowed: [CommitmentStatus: [CommitmentAction: CommitmentStatus]] = [
            .draft: [.edit: .draft, .submit: .submitted, .close: .closed],
            .returned: [.edit: .returned, .submit: .submitted, .close: .closed],
            .submitted: [.acknowledge: .acknowledged, .return: .returned, .close: .closed],
            .acknowledged: [.close: .closed],
            .closed: [.reopen: .acknowledged],
        ]
        for status in CommitmentStatus.allCases {
            for action in CommitmentAction.allCases {
                let result = CommitmentMachine.next(status, action)
                if let expected = allowed[status]?[action] {
                    #expect(result == .success(expected), "\(status) \(action)")
                } else {
                    #expect(result == .failure(.init(action: action, status: status)), "\(status) \(action)")
                }
            }
        }
    }

    @Test func refusalsNameTheState() {
        guard case .failure(let refused) = CommitmentMachine.next(.acknowledged, .edit) else {
            Issue.record("editing an acknowledged commitment must be refused")
            return
        }
        #expect(refused.message == "A commitment in state ACKNOWLEDGED cannot be edited.")
    }

    @Test func everyCriterionNeedsAnItem() {
        let all = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"]
        #expect(CommitmentMachine.missingCriteria(required: all, itemCriteria: all + ["GUONG_MAU"]).isEmpty)
        #expect(CommitmentMachine.missingCriteria(required: all, itemCriteria: ["CAU_THI", "GUONG_MAU"]) == ["TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"])
        #expect(CommitmentMachine.missingCriteria(required: all, itemCriteria: []) == all)
    }
}

@Suite struct SelfAssessmentRulesTests {
    let criteria = ["GUONG_MAU", "CAU_THI"]

    @Test func levelsOrPointsByScheme() {
        let level = SelfAssessmentDraft(criteria: [.init(criterion: "GUONG_MAU", level: .good, points: nil, note: nil)],
                                        itemResults: [], strengths: nil, weaknesses: nil, proposedGrade: nil)
        #expect(SelfAssessmentRules.errors(level, scheme: .levels4, criteria: criteria, itemIds: []).isEmpty)
        #expect(SelfAssessmentRules.errors(level, scheme: .points100, criteria: criteria, itemIds: []).map(\.field)
                == ["criteria[0].points", "criteria[0].level"])
        let points = SelfAssessmentDraft(criteria: [.init(criterion: "CAU_THI", level: nil, points: 100, note: nil)],
                                         itemResults: [], strengths: nil, weaknesses: nil, proposedGrade: nil)
        #expect(SelfAssessmentRules.errors(points, scheme: .points100, criteria: criteria, itemIds: []).isEmpty)
    }

    @Test func itemsMustBeTheMembersOwnAndCriteriaNotRepeated() {
        let own = UUID()
        let draft = SelfAssessmentDraft(
            criteria: [.init(criterion: "GUONG_MAU", level: .good, points: nil, note: nil),
                       .init(criterion: "GUONG_MAU", level: .poor, points: nil, note: nil),
                       .init(criterion: "LAZY", level: .poor, points: nil, note: nil)],
            itemResults: [.init(itemId: own, result: .done, note: nil), .init(itemId: UUID(), result: .partly, note: nil)],
            strengths: nil, weaknesses: nil, proposedGrade: nil)
        #expect(SelfAssessmentRules.errors(draft, scheme: .levels4, criteria: criteria, itemIds: [own]).map(\.field)
                == ["criteria[1].criterion", "criteria[2].criterion", "itemResults[1].itemId"])
        #expect(SelfAssessmentRules.missingCriteria(draft.criteria, criteria: criteria) == ["CAU_THI"])
    }
}

@Suite struct SelfAssessmentMachineTests {
    @Test func everyTransition() {
        for action in SelfAssessmentMachine.Action.allCases {
            #expect(SelfAssessmentMachine.refusal(action, status: .draft, locked: false) == nil, "\(action)")
            #expect(SelfAssessmentMachine.refusal(action, status: .submitted, locked: false)?.contains("SUBMITTED") == true, "\(action)")
            for status in SelfAssessmentStatus.allCases {
                #expect(SelfAssessmentMachine.refusal(action, status: status, locked: true)?.contains("locked") == true, "\(action) \(status)")
            }
        }
    }
}
