import Foundation
import PQ
import Testing
import ThiDua

@Suite struct ReportRulesTests {
    @Test func ratiosHaveFourDecimalsAndNoneWithoutADivisor() {
        #expect(Ratio.of(1, 3) == 0.3333)
        #expect(Ratio.of(2, 3) == 0.6667)
        #expect(Ratio.of(5, 5) == 1)
        #expect(Ratio.of(0, 0) == nil)
    }

    @Test func theHeadingComesFromTheTree() {
        #expect(PartyHeading.issuer(name: "Đảng bộ quận Hồng Bàng", kind: .district) == "QUẬN ỦY HỒNG BÀNG")
        #expect(PartyHeading.issuer(name: "Đảng bộ huyện Thủy Nguyên", kind: .district) == "HUYỆN ỦY THỦY NGUYÊN")
        #expect(PartyHeading.issuer(name: "Đảng bộ thành phố Hải Phòng", kind: .city) == "THÀNH ỦY HẢI PHÒNG")
        #expect(PartyHeading.issuer(name: "Đảng bộ tỉnh Quảng Ninh", kind: .city) == "TỈNH ỦY QUẢNG NINH")
        #expect(PartyHeading.issuer(name: "Đảng Cộng sản Việt Nam", kind: .nation) == "BAN CHẤP HÀNH TRUNG ƯƠNG")
        #expect(PartyHeading.collective(.nation) == "Ban Bí thư")
        #expect(PartyHeading.place(name: "Đảng Cộng sản Việt Nam", kind: .nation) == "Hà Nội")
        #expect(PartyHeading.place(name: "Đảng bộ tỉnh Quảng Ninh", kind: .city) == "Quảng Ninh")
        #expect(PartyHeading.issuer(name: "Đảng bộ phường Quán Toan", kind: .ward) == "ĐẢNG ỦY PHƯỜNG QUÁN TOAN")
        #expect(PartyHeading.issuer(name: "Chi bộ khu dân cư số 3", kind: .cell) == "CHI BỘ KHU DÂN CƯ SỐ 3")
        let parent = ReportOrganization.Reference(id: UUID(), code: "HP", kind: .city, name: "Đảng bộ thành phố Hải Phòng")
        #expect(PartyHeading.parentBody(parent) == "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG")
        #expect(PartyHeading.parentBody(ReportOrganization.Reference(id: UUID(), code: "VN", kind: .nation, name: "Đảng Cộng sản Việt Nam")) == nil)
        #expect(PartyHeading.place(name: "Đảng bộ quận Hồng Bàng") == "Hồng Bàng")
        #expect(PartyHeading.place(name: "Đảng bộ phường Minh Khai") == "Minh Khai")
        #expect(PartyHeading.number(sequence: 12, abbreviation: "QU") == "12-BC/QU")
        #expect(PartyHeading.dateLine(place: "Hồng Bàng", date: CalendarDate(year: 2022, month: 6, day: 20)!) == "Hồng Bàng, ngày 20 tháng 6 năm 2022")
        #expect(PartyHeading.dateLine(place: "Hồng Bàng", date: CalendarDate(year: 2023, month: 2, day: 3)!) == "Hồng Bàng, ngày 03 tháng 02 năm 2023")
    }

    func ruleSet(_ year: Int, _ scheme: GradingScheme = .levels4, quota: Decimal = 20) -> RuleSet {
        RuleSet(year: year, gradingScheme: scheme, excellentQuotaPercent: quota,
                pointBands: scheme == .points100 ? RuleSet.Bands(excellent: 90, good: 70, completed: 50) : nil,
                commitmentDeadline: CalendarDate(year: year, month: 1, day: 31)!, frameworkCode: "QD500")
    }

    @Test func aNoteMarksEveryYearWhoseRulesDifferFromTheYearBefore() {
        #expect(RuleSetNotes.between((2016...2022).map { ruleSet($0) }).isEmpty)
        let notes = RuleSetNotes.between([ruleSet(2023), ruleSet(2024), ruleSet(2025, .points100), ruleSet(2026, .points100, quota: 15)])
        #expect(notes.map(\.year) == [2025, 2026])
        #expect(notes[0].changes.map(\.field) == ["gradingScheme"])
        #expect(notes[0].text.contains("từ 4 mức sang thang điểm 100"))
        #expect(notes[1].changes.map { [$0.field, $0.from, $0.to] } == [["excellentQuotaPercent", "20", "15"]])
    }
}
