import Foundation
import Testing
import ThiDua

@Suite struct QuotaTests {
    @Test func maximumIsTwentyPercentOfGoodRoundedDown() {
        #expect(Quota.maximumExcellent(good: 0, percent: 20) == 0)
        #expect(Quota.maximumExcellent(good: 4, percent: 20) == 0)
        #expect(Quota.maximumExcellent(good: 5, percent: 20) == 1)
        #expect(Quota.maximumExcellent(good: 9, percent: 20) == 1)
        #expect(Quota.maximumExcellent(good: 10, percent: 20) == 2)
        #expect(Quota.maximumExcellent(good: 10, percent: Decimal(string: "12.5")!) == 1)
        #expect(Quota.maximumExcellent(good: 100, percent: 0) == 0)
    }

    @Test func violationCountsEveryGrade() {
        let five: [Grade] = Array(repeating: .good, count: 5)
        #expect(Quota.violation(five + [.excellent], percent: 20) == nil)
        #expect(Quota.violation(five + [.excellent, .excellent], percent: 20) == Quota.Exceeded(maximum: 1, requested: 2))
        #expect(Quota.violation(five + [.completed, .notCompleted, .excellent], percent: 20) == nil)
        #expect(Quota.violation([.excellent], percent: 20) == Quota.Exceeded(maximum: 0, requested: 1))
        #expect(Quota.violation([], percent: 20) == nil)
    }

    @Test func quorumIsMoreThanTwoThirds() {
        #expect(Quota.quorumMet(attendees: 3, eligible: 4))
        #expect(!Quota.quorumMet(attendees: 2, eligible: 3))
        #expect(Quota.quorumMet(attendees: 7, eligible: 10))
        #expect(!Quota.quorumMet(attendees: 0, eligible: 0))
    }

    @Test func reviewRules() {
        let member = UUID()
        let input = ReviewInput(heldOn: nil, chair: nil, secretary: nil, attendees: 3, eligible: 2, minutes: nil,
                                proposals: [GradeProposal(memberId: member, proposedGrade: .good, comment: nil, votesFor: 3, votesAgainst: 1, votesAbstain: 0)],
                                decisionNumber: nil, decidedOn: nil, criteria: [], strengths: nil, limitations: nil,
                                grades: [DecidedGrade(memberId: member, grade: .excellent, reason: nil)], organizationGrades: [])
        #expect(ReviewRules.cellErrors(input).map(\.field) == ["heldOn", "attendees", "proposals[0].votesFor"])
        #expect(ReviewRules.decisionErrors(input, proposals: [member: .good]).map(\.field) == ["decisionNumber", "decidedOn", "grades[0].reason"])
        #expect(ReviewRules.decisionErrors(input, proposals: [member: .excellent]).map(\.field) == ["decisionNumber", "decidedOn"])
    }
}
