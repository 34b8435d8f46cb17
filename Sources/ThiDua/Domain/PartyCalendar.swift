import Foundation
import PQ

/// The calendar the records are kept in: Vietnam's, UTC+7, with no daylight saving.
public enum PartyCalendar {
    public static func today(now: Date = Date()) -> CalendarDate {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down)) + 7 * 3600
        return CalendarDate(daysSinceEpoch: seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
    }
}
