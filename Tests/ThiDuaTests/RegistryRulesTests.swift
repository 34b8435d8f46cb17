import Foundation
import PQ
import Testing
@testable import ThiDua

@Suite struct RegistryRulesTests {
    let today = CalendarDate("2026-11-25")!

    func fields(admitted: String = "1990-01-01", official: String? = "1991-01-01", birth: String? = "1965-01-01",
                status: MemberStatus = .official, interruptions: [Interruption] = []) -> MemberFields {
        MemberFields(fullName: "Nguyễn Văn An", gender: .male, birthDate: birth.flatMap(CalendarDate.init), partyCardNumber: "1",
                     admittedOn: CalendarDate(admitted)!, officialOn: official.flatMap(CalendarDate.init), category: .other,
                     position: nil, isHead: false, status: status, statusSince: nil, interruptions: interruptions)
    }

    @Test func memberDates() {
        #expect(MemberRules.dateErrors(fields(), cellSince: nil, today: today).isEmpty)
        #expect(MemberRules.dateErrors(fields(official: "1989-12-31"), cellSince: nil, today: today).map(\.field) == ["officialOn"])
        #expect(MemberRules.dateErrors(fields(official: "1990-01-01"), cellSince: nil, today: today).isEmpty)
        #expect(MemberRules.dateErrors(fields(birth: "1990-01-01"), cellSince: nil, today: today).map(\.field) == ["birthDate"])
        #expect(MemberRules.dateErrors(fields(admitted: "2027-01-01", official: nil, status: .probationary), cellSince: nil, today: today).map(\.field) == ["admittedOn"])
        #expect(MemberRules.dateErrors(fields(official: nil), cellSince: nil, today: today).map(\.field) == ["officialOn"])
        #expect(MemberRules.dateErrors(fields(), cellSince: CalendarDate("1989-01-01"), today: today).map(\.field) == ["cellSince"])
    }

    @Test func interruptionsMayNotOverlapOrPrecedeAdmission() {
        let a = Interruption(fromOn: CalendarDate("2000-01-01")!, toOn: CalendarDate("2001-01-01")!, reason: nil)
        let b = Interruption(fromOn: CalendarDate("2000-06-01")!, toOn: CalendarDate("2002-01-01")!, reason: nil)
        let early = Interruption(fromOn: CalendarDate("1980-01-01")!, toOn: CalendarDate("1981-01-01")!, reason: nil)
        #expect(MemberRules.dateErrors(fields(interruptions: [a]), cellSince: nil, today: today).isEmpty)
        #expect(MemberRules.dateErrors(fields(interruptions: [a, b]), cellSince: nil, today: today).map(\.field) == ["interruptions"])
        #expect(MemberRules.dateErrors(fields(interruptions: [early]), cellSince: nil, today: today).map(\.field) == ["interruptions[0].fromOn"])
    }

    func organization(_ kind: OrganizationKind) -> Organization {
        Organization(id: UUID(), code: "x", kind: kind, name: "x", abbreviation: nil, parentId: nil, validFrom: CalendarDate("2016-01-01")!,
                     validTo: nil, successorId: nil, predecessorIds: [], version: 1, createdAt: Date(), updatedAt: Date())
    }

    @Test func treePlacement() {
        #expect(OrganizationRules.placementErrors(kind: .city, parent: nil).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .district, parent: organization(.city)).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .ward, parent: organization(.district)).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .grassroots, parent: organization(.district)).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .cell, parent: organization(.ward)).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .cell, parent: organization(.grassroots)).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .cell, parent: organization(.district)).count == 1)
        #expect(OrganizationRules.placementErrors(kind: .ward, parent: nil).count == 1)
        #expect(OrganizationRules.placementErrors(kind: .city, parent: organization(.city)).count == 1)
        #expect(OrganizationRules.placementErrors(kind: .ward, parent: organization(.cell)).count == 1)
    }

    /// Provinces sit under the nation for national figures; a city alone stays a root.
    @Test func theNationAboveItsProvinces() {
        #expect(OrganizationRules.placementErrors(kind: .nation, parent: nil).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .city, parent: organization(.nation)).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .city, parent: nil).isEmpty)
        #expect(OrganizationRules.placementErrors(kind: .nation, parent: organization(.nation)).map(\.message) == ["a NATION has no parent"])
        #expect(OrganizationRules.placementErrors(kind: .nation, parent: organization(.city)).count == 1)
        #expect(OrganizationRules.placementErrors(kind: .district, parent: organization(.nation)).map(\.message)
                == ["a DISTRICT cannot sit under a NATION; allowed: CITY"])
        #expect(OrganizationRules.placementErrors(kind: .district, parent: nil).map(\.message) == ["a DISTRICT needs a parent of kind CITY"])
    }

    @Test func openOnADay() {
        var ward = organization(.ward)
        ward.validTo = CalendarDate("2020-01-31")
        #expect(ward.isOpen(on: CalendarDate("2020-01-31")!))
        #expect(!ward.isOpen(on: CalendarDate("2020-02-01")!))
        #expect(!ward.isOpen(on: CalendarDate("2015-12-31")!))
    }

    @Test func ruleSetChecks() {
        let levels = RuleSet(year: 2020, gradingScheme: .levels4, excellentQuotaPercent: 20, pointBands: nil,
                             commitmentDeadline: CalendarDate("2020-01-31")!, frameworkCode: "QD500")
        #expect(RuleSet.errors(levels).isEmpty)
        var points = levels
        points.gradingScheme = .points100
        #expect(RuleSet.errors(points).map(\.field) == ["pointBands"])
        points.pointBands = .init(excellent: 90, good: 70, completed: 50)
        #expect(RuleSet.errors(points).isEmpty)
        points.pointBands = .init(excellent: 70, good: 90, completed: 50)
        #expect(RuleSet.errors(points).map(\.field) == ["pointBands"])
        var wrongYear = levels
        wrongYear.commitmentDeadline = CalendarDate("2021-01-31")!
        wrongYear.excellentQuotaPercent = -1
        #expect(Set(RuleSet.errors(wrongYear).map(\.field)) == ["commitmentDeadline", "excellentQuotaPercent"])
    }

    @Test func csvQuotesBOMAndLineEnds() {
        let records = CSV.parse("\u{FEFF}a,b,c\r\n\"x, y\",\"say \"\"hi\"\"\",\r\n\n\"multi\nline\",2,3")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", ""], ["multi\nline", "2", "3"]])
        #expect(records.map(\.line) == [1, 2, 4])
    }

    @Test func textIsTrimmedAndNFC() {
        #expect(TextNormalizer.clean("  Nguye\u{302}\u{303}n ") == "Nguyễn")
        #expect(TextNormalizer.clean("Nguye\u{302}\u{303}n")?.unicodeScalars.count == 6)
        #expect(TextNormalizer.clean("   ") == nil)
        #expect(TextNormalizer.clean(nil) == nil)
    }

    @Test func partyCalendarIsUTCPlus7() throws {
        // 17:30 UTC on the 25th is already the 26th in Hải Phòng; 16:59 UTC is still the 25th.
        let late = try #require(ISO8601DateFormatter().date(from: "2026-11-25T17:30:00Z"))
        let early = try #require(ISO8601DateFormatter().date(from: "2026-11-25T16:59:00Z"))
        #expect(PartyCalendar.today(now: late) == CalendarDate("2026-11-26"))
        #expect(PartyCalendar.today(now: early) == CalendarDate("2026-11-25"))
    }
}

@Suite struct DemoDistrictTests {
    let today = CalendarDate("2026-11-25")!

    @Test func theSameSeedGivesTheSameDistrict() {
        let first = DemoDistrict.generate(seed: 7, today: today)
        let second = DemoDistrict.generate(seed: 7, today: today)
        #expect(first.members.map(\.id) == second.members.map(\.id))
        #expect(first.members.map(\.fields.fullName) == second.members.map(\.fields.fullName))
        #expect(DemoDistrict.generate(seed: 8, today: today).members.map(\.id) != first.members.map(\.id))
    }

    @Test func hongBangHasElevenWardsThenNine() {
        let district = DemoDistrict.generate(today: today)
        let wards = district.organizations.filter { $0.kind == .ward }
        #expect(wards.count == 11)
        #expect(wards.filter { $0.validTo == nil }.count == 9)
        let closed = wards.filter { $0.validTo != nil }
        #expect(Set(closed.map(\.name)) == ["Đảng bộ phường Quang Trung", "Đảng bộ phường Phạm Hồng Thái"])
        #expect(closed.allSatisfy { $0.successorId != nil && $0.validTo == CalendarDate("2020-01-31") })
        for ward in wards {
            let cells = district.organizations.filter { $0.parentId == ward.id }
            #expect((20...40).contains(cells.count))
        }
        #expect((5_000...7_500).contains(district.members.count))
    }

    @Test func everyMemberIsInOneOpenCellAtATime() {
        let district = DemoDistrict.generate(today: today)
        let byId = Dictionary(uniqueKeysWithValues: district.organizations.map { ($0.id, $0) })
        for member in district.members {
            #expect(member.assignments.first?.from == member.fields.admittedOn || member.assignments.first!.from > member.fields.admittedOn)
            for (index, assignment) in member.assignments.enumerated() {
                let cell = byId[assignment.cell]!
                #expect(cell.kind == .cell)
                let end = index + 1 < member.assignments.count ? member.assignments[index + 1].from : nil
                if let closed = cell.validTo { #expect(end != nil && end! <= CalendarDate(daysSinceEpoch: closed.daysSinceEpoch + 1)) }
                if let end { #expect(end > assignment.from) }
            }
            #expect(MemberRules.dateErrors(member.fields, cellSince: nil, today: today).isEmpty)
        }
    }

    @Test func growsToTheRequestedSize() {
        let city = DemoDistrict.generate(today: today, atLeastMembers: 20_000)
        #expect(city.members.count >= 20_000)
        #expect(Set(city.members.map(\.fields.partyCardNumber)).count == city.members.count)
    }
}
