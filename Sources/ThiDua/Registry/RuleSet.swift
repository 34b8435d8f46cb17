import Foundation
import PQ

/// The grading rules of one year.
public struct RuleSet: Codable, Sendable, Equatable {
    public struct Bands: Codable, Sendable, Equatable {
        public var excellent: Int
        public var good: Int
        public var completed: Int
        public init(excellent: Int, good: Int, completed: Int) {
            self.excellent = excellent
            self.good = good
            self.completed = completed
        }
    }

    public var year: Int
    public var gradingScheme: GradingScheme
    /// At most this share of the `HTTNV` count may be graded `HTXSNV` in one organization.
    public var excellentQuotaPercent: Decimal
    /// Minimum points of each grade in a `POINTS_100` year; nil for `LEVELS_4`.
    public var pointBands: Bands?
    public var commitmentDeadline: CalendarDate
    public var frameworkCode: String
    public var version: Int
    public var updatedAt: Date

    public init(year: Int, gradingScheme: GradingScheme, excellentQuotaPercent: Decimal, pointBands: Bands?,
                commitmentDeadline: CalendarDate, frameworkCode: String, version: Int = 1, updatedAt: Date = Date()) {
        self.year = year
        self.gradingScheme = gradingScheme
        self.excellentQuotaPercent = excellentQuotaPercent
        self.pointBands = pointBands
        self.commitmentDeadline = commitmentDeadline
        self.frameworkCode = frameworkCode
        self.version = version
        self.updatedAt = updatedAt
    }

    /// The rule errors of a rule set, as a plain function.
    public static func errors(_ ruleSet: RuleSet) -> [FieldError] {
        var errors: [FieldError] = []
        if ruleSet.excellentQuotaPercent < 0 || ruleSet.excellentQuotaPercent > 100 {
            errors.append(FieldError("excellentQuotaPercent", "must be between 0 and 100"))
        }
        switch (ruleSet.gradingScheme, ruleSet.pointBands) {
        case (.points100, nil):
            errors.append(FieldError("pointBands", "is required for POINTS_100"))
        case (.points100, .some(let bands)):
            if !(100 >= bands.excellent && bands.excellent > bands.good && bands.good > bands.completed && bands.completed > 0) {
                errors.append(FieldError("pointBands", "must satisfy 100 ≥ excellent > good > completed > 0"))
            }
        case (.levels4, .some):
            errors.append(FieldError("pointBands", "applies only to POINTS_100"))
        case (.levels4, nil):
            break
        }
        if ruleSet.commitmentDeadline.year != ruleSet.year {
            errors.append(FieldError("commitmentDeadline", "must fall in \(ruleSet.year)"))
        }
        return errors
    }
}

public struct RuleSetStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    private static let columns = """
        year::int8, grading_scheme, excellent_quota_percent, excellent_min_points::int8, good_min_points::int8,
               completed_min_points::int8, commitment_deadline, framework_code, version::int8, updated_at
        """
    private static let select = "SELECT \(columns) FROM rule_set"

    static func get(_ year: Int, on connection: PQConnection, lock: Bool = false) async throws -> RuleSet? {
        try await connection.query("\(unsafeSQL: Self.select) WHERE year = \(year)\(unsafeSQL: lock ? " FOR UPDATE" : "")", prepare: true).first.map(decode)
    }

    /// The rule sets of the years in `years`, in year order, each with the version of its
    /// framework in force that year (`YearRules.frameworkVersion`).
    static func rangeWithFrameworkVersions(_ years: ClosedRange<Int>) -> PQStatement<[(ruleSet: RuleSet, frameworkVersion: Int)]> {
        PQStatement("""
            SELECT \(unsafeSQL: Self.columns), \(YearRules.frameworkVersion(code: "rule_set.framework_code", year: "rule_set.year"))
            FROM rule_set WHERE year BETWEEN \(years.lowerBound) AND \(years.upperBound) ORDER BY year
            """) { result in
            try result.rows.map { row in (try decode(row), try row.decode(Int.self, at: 10)) }
        }
    }

    private static func decode(_ row: PQRow) throws -> RuleSet {
        let (year, scheme, quota, excellent, good, completed, deadline, framework, version, updatedAt) =
            try row.decodeLeading((Int, GradingScheme, Decimal, Int?, Int?, Int?, CalendarDate, String, Int, Date).self)
        let bands = excellent.flatMap { e in good.flatMap { g in completed.map { RuleSet.Bands(excellent: e, good: g, completed: $0) } } }
        return RuleSet(year: year, gradingScheme: scheme, excellentQuotaPercent: quota,
                       pointBands: bands, commitmentDeadline: deadline, frameworkCode: framework, version: version, updatedAt: updatedAt)
    }

    /// The years that have a rule set, newest first.
    public func years() async throws -> [Int] {
        try await pool.query("SELECT year::int8 FROM rule_set ORDER BY year DESC").column(Int.self)
    }

    public func get(_ year: Int) async throws -> RuleSet {
        guard let ruleSet = try await pool.withConnection({ try await Self.get(year, on: $0) }) else {
            throw DomainError.notFound("rule set")
        }
        return ruleSet
    }

    /// Creates or replaces the year's rule set; returns it and whether it was created.
    public func put(_ ruleSet: RuleSet, expectedVersion: Int?, context: WriteContext) async throws -> (RuleSet, created: Bool) {
        let errors = RuleSet.errors(ruleSet)
        if !errors.isEmpty { throw ValidationFailure(errors) }
        return try await pool.withTransaction { connection in
            let before = try await Self.get(ruleSet.year, on: connection, lock: true)
            if let expectedVersion, expectedVersion != before?.version {
                throw DomainError.versionMismatch(current: before?.version ?? 0)
            }
            let frameworks = try await connection.query("SELECT count(*) FROM framework WHERE code = \(ruleSet.frameworkCode)")[0].decode(Int.self, at: 0)
            if frameworks == 0 { throw ValidationFailure([FieldError("frameworkCode", "no such framework")]) }
            try await connection.query("""
                INSERT INTO rule_set (year, grading_scheme, excellent_quota_percent, excellent_min_points, good_min_points,
                                      completed_min_points, commitment_deadline, framework_code)
                VALUES (\(Int32(ruleSet.year)), \(ruleSet.gradingScheme.rawValue), \(ruleSet.excellentQuotaPercent),
                        \(ruleSet.pointBands.map { Int32($0.excellent) }), \(ruleSet.pointBands.map { Int32($0.good) }),
                        \(ruleSet.pointBands.map { Int32($0.completed) }), \(ruleSet.commitmentDeadline), \(ruleSet.frameworkCode))
                ON CONFLICT (year) DO UPDATE SET grading_scheme = EXCLUDED.grading_scheme,
                    excellent_quota_percent = EXCLUDED.excellent_quota_percent, excellent_min_points = EXCLUDED.excellent_min_points,
                    good_min_points = EXCLUDED.good_min_points, completed_min_points = EXCLUDED.completed_min_points,
                    commitment_deadline = EXCLUDED.commitment_deadline, framework_code = EXCLUDED.framework_code,
                    version = rule_set.version + 1, updated_at = now()
                """)
            guard let after = try await Self.get(ruleSet.year, on: connection) else { throw DomainError.notFound("rule set") }
            try await AuditLog.record(on: connection, context, action: before == nil ? "rule_set.created" : "rule_set.updated",
                                      entityType: "rule_set", entityId: String(ruleSet.year), organizationId: nil, before: before, after: after)
            return (after, before == nil)
        }
    }
}
