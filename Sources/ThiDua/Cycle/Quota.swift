import Foundation

/// The excellent quota (domain.md): in one grassroots organization the number graded `HTXSNV`
/// may not exceed `percent` of the number graded `HTTNV` there.
public enum Quota {
    public struct Exceeded: Error, Sendable, Equatable {
        public var maximum: Int
        public var requested: Int

        public init(maximum: Int, requested: Int) {
            self.maximum = maximum
            self.requested = requested
        }
    }

    /// The most `HTXSNV` grades allowed beside `good` `HTTNV` grades (rounded down).
    public static func maximumExcellent(good: Int, percent: Decimal) -> Int {
        var exact = Decimal(good) * percent / 100
        var floored = Decimal()
        NSDecimalRound(&floored, &exact, 0, .down)
        return NSDecimalNumber(decimal: floored).intValue
    }

    /// Nil when `grades` (all grades of the organization for the year) respect the quota.
    public static func violation(_ grades: [Grade], percent: Decimal) -> Exceeded? {
        let excellent = grades.filter { $0 == .excellent }.count
        let maximum = maximumExcellent(good: grades.filter { $0 == .good }.count, percent: percent)
        return excellent > maximum ? Exceeded(maximum: maximum, requested: excellent) : nil
    }

    /// More than two thirds of the eligible members attended.
    public static func quorumMet(attendees: Int, eligible: Int) -> Bool {
        eligible > 0 && attendees * 3 > eligible * 2
    }
}
