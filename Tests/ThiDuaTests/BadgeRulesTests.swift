import PQ
import Testing
import ThiDua

@Suite struct BadgeRulesTests {
    let d = { (text: String) in CalendarDate(text)! }

    @Test func theNextOccasionIsTheFirstOnOrAfterTheDay() {
        #expect(BadgeRules.nextOccasion(onOrAfter: d("2026-12-02")) == d("2027-02-03"))
        #expect(BadgeRules.nextOccasion(onOrAfter: d("2026-05-19")) == d("2026-05-19"))
        #expect(BadgeRules.nextOccasion(onOrAfter: d("2026-05-20")) == d("2026-09-02"))
        #expect(BadgeRules.nextOccasion(onOrAfter: d("2026-01-01")) == d("2026-02-03"))
        #expect(BadgeRules.occasions(in: 2027) == [d("2027-02-03"), d("2027-05-19"), d("2027-09-02"), d("2027-11-07")])
    }

    @Test func occasions() {
        #expect(BadgeRules.isOccasion(d("2022-02-03")))
        #expect(BadgeRules.isOccasion(d("2022-05-19")))
        #expect(BadgeRules.isOccasion(d("2022-09-02")))
        #expect(BadgeRules.isOccasion(d("2022-11-07")))
        #expect(!BadgeRules.isOccasion(d("2022-05-18")))
    }

    @Test func tiersFromAdmission() {
        #expect(BadgeRules.reachedOn(years: 30, admittedOn: d("1992-05-19"), interruptions: []) == d("2022-05-19"))
        #expect(BadgeRules.due(admittedOn: d("1992-05-19"), interruptions: [], held: [], occasion: d("2022-05-19"))?.years == 30)
        #expect(BadgeRules.due(admittedOn: d("1992-05-20"), interruptions: [], held: [], occasion: d("2022-05-19")) == nil)
        // The highest tier reached is the one due; a held one is not due again.
        #expect(BadgeRules.due(admittedOn: d("1975-01-01"), interruptions: [], held: [], occasion: d("2022-05-19"))?.years == 45)
        #expect(BadgeRules.due(admittedOn: d("1975-01-01"), interruptions: [], held: [45], occasion: d("2022-05-19")) == nil)
        #expect(BadgeRules.due(admittedOn: d("1975-01-01"), interruptions: [], held: [30, 40], occasion: d("2022-05-19"))?.years == 45)
    }

    @Test func leapDays() {
        #expect(BadgeRules.anniversary(of: d("1992-02-29"), years: 30) == d("2022-03-01"))
        #expect(BadgeRules.anniversary(of: d("1976-02-29"), years: 40) == d("2016-02-29"))
        #expect(BadgeRules.reachedOn(years: 30, admittedOn: d("1992-02-29"), interruptions: []) == d("2022-03-01"))
    }

    @Test func interruptionsPushTheTierBack() {
        let year = Interruption(fromOn: d("2000-01-01"), toOn: d("2000-12-31"), reason: nil) // 366 days (leap year)
        #expect(BadgeRules.reachedOn(years: 30, admittedOn: d("1992-05-19"), interruptions: [year]) == d("2023-05-20"))
        // An interruption that starts after the tier was reached does not move it.
        let late = Interruption(fromOn: d("2023-01-01"), toOn: d("2023-12-31"), reason: nil)
        #expect(BadgeRules.reachedOn(years: 30, admittedOn: d("1992-05-19"), interruptions: [late]) == d("2022-05-19"))
        // One spanning the tier's day pushes it back by its whole length.
        let spanning = Interruption(fromOn: d("2022-05-01"), toOn: d("2022-05-31"), reason: nil)
        #expect(BadgeRules.reachedOn(years: 30, admittedOn: d("1992-05-19"), interruptions: [spanning]) == d("2022-06-19"))
        #expect(BadgeRules.due(admittedOn: d("1992-05-19"), interruptions: [spanning], held: [], occasion: d("2022-05-19")) == nil)
        // A pushed-back day can bring the next interruption into range.
        let second = Interruption(fromOn: d("2022-06-10"), toOn: d("2022-06-19"), reason: nil)
        #expect(BadgeRules.reachedOn(years: 30, admittedOn: d("1992-05-19"), interruptions: [second, spanning]) == d("2022-06-29"))
    }
}

@Suite struct CommendationRulesTests {
    @Test func fiveYearStreaks() {
        let all: [Int: Grade] = [2018: .excellent, 2019: .excellent, 2020: .excellent, 2021: .excellent, 2022: .excellent]
        #expect(CommendationRules.missingExcellentYears(endingIn: 2022, grades: all).isEmpty)
        var broken = all
        broken[2020] = .good
        #expect(CommendationRules.missingExcellentYears(endingIn: 2022, grades: broken) == [2020])
        #expect(CommendationRules.missingExcellentYears(endingIn: 2023, grades: all) == [2023])
        #expect(CommendationRules.basisErrors(.excellentFiveYears, year: 2022, grades: broken).map(\.field) == ["basis"])
        #expect(CommendationRules.basisErrors(.excellentYear, year: 2020, grades: broken).map(\.field) == ["basis"])
        #expect(CommendationRules.basisErrors(.excellentYear, year: 2021, grades: broken).isEmpty)
        #expect(CommendationRules.basisErrors(.other, year: 2017, grades: [:]).isEmpty)
    }
}

@Suite struct ExemplarMachineTests {
    @Test func everyStageChange() {
        let allowed: Set<String> = ["DISCOVERED>NURTURED", "NURTURED>PROPOSED", "PROPOSED>COMMENDED",
                                    "DISCOVERED>REJECTED", "NURTURED>REJECTED", "PROPOSED>REJECTED"]
        for from in ExemplarStage.allCases {
            for to in ExemplarStage.allCases {
                let key = "\(from.rawValue)>\(to.rawValue)"
                #expect((ExemplarMachine.refusal(from: from, to: to) == nil) == allowed.contains(key), "\(key)")
            }
        }
    }
}
