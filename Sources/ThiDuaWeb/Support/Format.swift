import CivilDate
import Foundation
import ThiDua

/// Dates and numbers as Vietnamese pages write them: `05/01/2026`, `1.234`, `17,5`.
enum Format {
    static func date(_ date: CalendarDate?) -> String {
        guard let date else { return "" }
        return String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }

    /// A moment in Vietnam's time (UTC+7, no daylight saving): `05/01/2026 14:03`.
    static func moment(_ moment: Date?) -> String {
        guard let moment else { return "" }
        let day = PartyCalendar.today(now: moment)
        let seconds = (Int(moment.timeIntervalSince1970.rounded(.down)) + 7 * 3600) % 86_400
        let minutes = (seconds + 86_400) % 86_400 / 60
        return date(day) + String(format: " %02d:%02d", minutes / 60, minutes % 60)
    }

    static func number(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var grouped = ""
        for (index, character) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { grouped.append(".") }
            grouped.append(character)
        }
        return (value < 0 ? "-" : "") + grouped
    }

    /// `dd/mm/yyyy` as typed (or `yyyy-mm-dd`, what a date picker sends); nil when neither.
    static func parseDate(_ text: String) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { $0 == "/" || $0 == "-" || $0 == "." }).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else { return nil }
        if parts[0].count == 4, let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) {
            return CalendarDate(year: year, month: month, day: day)
        }
        guard parts[2].count == 4, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]) else { return nil }
        return CalendarDate(year: year, month: month, day: day)
    }

    /// A share as a Vietnamese page writes it: `87,5%`; an empty whole is `—`.
    static func percent(_ part: Int, of whole: Int) -> String {
        guard whole > 0 else { return "—" }
        let tenths = (part * 1000 + whole / 2) / whole
        return "\(tenths / 10),\(tenths % 10)%"
    }
}
