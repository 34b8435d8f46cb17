import Foundation
import Testing
import CivilDate
import ThiDua
@testable import ThiDuaWeb

/// Dates and numbers as a Vietnamese page writes and reads them.
@Suite struct FormatTests {
    @Test func numbersGroupThousandsWithDots() {
        #expect(Format.number(0) == "0")
        #expect(Format.number(999) == "999")
        #expect(Format.number(1234) == "1.234")
        #expect(Format.number(1_234_567) == "1.234.567")
        #expect(Format.number(-45_000) == "-45.000")
    }

    @Test func datesAreDayMonthYear() {
        #expect(Format.date(CalendarDate(year: 2026, month: 1, day: 5)) == "05/01/2026")
        #expect(Format.date(nil) == "")
    }

    @Test func typedDatesAreReadDayFirstOrFromADatePicker() {
        #expect(Format.parseDate("15/12/2026") == CalendarDate(year: 2026, month: 12, day: 15))
        #expect(Format.parseDate(" 5/1/2026 ") == CalendarDate(year: 2026, month: 1, day: 5))
        #expect(Format.parseDate("2026-12-15") == CalendarDate(year: 2026, month: 12, day: 15))
        #expect(Format.parseDate("31/02/2026") == nil)
        #expect(Format.parseDate("12/15/2026") == nil)
        #expect(Format.parseDate("15/12/26") == nil)
        #expect(Format.parseDate("١٥/١٢/٢٠٢٦") == nil) // digits, but not ASCII ones
        #expect(Format.parseDate("hôm nay") == nil)
    }

    @Test func momentsAreInVietnamTime() {
        // 2026-01-05 17:30 UTC is 00:30 on the 6th in Hà Nội.
        let moment = Date(timeIntervalSince1970: 1_767_634_200)
        #expect(Format.moment(moment) == "06/01/2026 00:30")
    }
}
