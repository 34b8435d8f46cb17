import Testing
import ThiDua

@Suite struct ReportFigureTests {
    static let all: [ReportFigure] = [
        .members, .registered, .submitted, .acknowledged, .late, .selfAssessed, .ungraded, .reviews, .reopenedReviews,
        .criterion("GUONG_MAU", nil), .commendations(nil), .exemplars(nil), .badges(years: nil), .activities(nil),
    ] + Grade.allCases.map(ReportFigure.grade) + CriterionLevel.allCases.map { .criterion("CAU_THI", $0) }
        + CommendationForm.allCases.map(ReportFigure.commendations) + ExemplarStage.allCases.map(ReportFigure.exemplars)
        + BadgeRules.tiers.map { .badges(years: $0) } + ActivityChannel.allCases.map(ReportFigure.activities)

    @Test func everyFigureReadsBackFromItsLink() {
        for figure in Self.all { #expect(ReportFigure(code: figure.code) == figure, "\(figure.code)") }
        #expect(Set(Self.all.map(\.code)).count == Self.all.count)
    }

    @Test func anythingElseIsNoFigure() {
        for code in ["", "member", "grade", "grade.XYZ", "grade.HTXSNV.x", "badge.31", "badge.abc", "criterion.guong_mau",
                     "criterion.A'B", "criterion.GUONG_MAU.TOT.X", "activity.TV", "members.x", "commendation.GIAY_KHEN.2"] {
            #expect(ReportFigure(code: code) == nil, "\(code)")
        }
    }
}
