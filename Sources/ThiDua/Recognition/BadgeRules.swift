import PQ

/// Party badges (Huy hiệu Đảng): tiers of membership years and the days they are presented.
public enum BadgeRules {
    public static let tiers = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]

    /// 3 February (the Party's founding), 19 May, 2 September, 7 November.
    public static func isOccasion(_ date: CalendarDate) -> Bool {
        [(2, 3), (5, 19), (9, 2), (11, 7)].contains { $0.0 == date.month && $0.1 == date.day }
    }

    /// The occasions of `year`, in the order of the calendar.
    public static func occasions(in year: Int) -> [CalendarDate] {
        [(2, 3), (5, 19), (9, 2), (11, 7)].compactMap { CalendarDate(year: year, month: $0.0, day: $0.1) }
    }

    /// The first occasion on or after `day`: the one an office prepares the list for.
    public static func nextOccasion(onOrAfter day: CalendarDate) -> CalendarDate {
        (occasions(in: day.year) + occasions(in: day.year + 1)).first { !($0 < day) }!
    }

    /// The same day `years` later; 29 February becomes 1 March in a common year (the years are
    /// complete only once 28 February has passed).
    public static func anniversary(of date: CalendarDate, years: Int) -> CalendarDate {
        let year = date.year + years
        if let same = CalendarDate(year: year, month: date.month, day: date.day) { return same }
        return CalendarDate(year: year, month: 3, day: 1)!
    }

    /// The day seniority reaches `years`: counted from admission, with every interruption that
    /// starts before that day pushing it back by the interruption's length (both ends included).
    public static func reachedOn(years: Int, admittedOn: CalendarDate, interruptions: [Interruption]) -> CalendarDate {
        var reached = anniversary(of: admittedOn, years: years).daysSinceEpoch
        for interruption in interruptions.sorted(by: { $0.fromOn < $1.fromOn }) where interruption.fromOn.daysSinceEpoch < reached {
            reached += interruption.toOn.daysSinceEpoch - interruption.fromOn.daysSinceEpoch + 1
        }
        return CalendarDate(daysSinceEpoch: reached)
    }

    /// The highest tier reached on or before `occasion`, if the member does not hold it yet.
    public static func due(admittedOn: CalendarDate, interruptions: [Interruption], held: Set<Int>,
                           occasion: CalendarDate) -> (years: Int, reachedOn: CalendarDate)? {
        let reached = tiers.map { ($0, reachedOn(years: $0, admittedOn: admittedOn, interruptions: interruptions)) }
            .filter { $0.1 <= occasion }
        guard let highest = reached.last, !held.contains(highest.0) else { return nil }
        return (highest.0, highest.1)
    }
}
