import PQ

/// A year's rule set with its framework's criteria, names included: what a form of the year
/// is built from.
public struct YearFramework: Sendable {
    public var ruleSet: RuleSet
    public var frameworkVersion: Int
    public var criteria: [Criterion]

    public var year: Int { ruleSet.year }

    static func load(_ year: Int, on connection: PQConnection) async throws -> YearFramework {
        let rules = try await YearRules.load(year, on: connection)
        let criteria = try await connection.query("""
            SELECT c.code, c.name_vi, c.name_en, c.description, c.indicators FROM criterion c JOIN framework f ON f.id = c.framework_id
            WHERE f.code = \(rules.ruleSet.frameworkCode) AND f.version = \(Int32(rules.frameworkVersion)) ORDER BY c.position
            """, prepare: true).rows.map { row in
            let (code, nameVi, nameEn, description, indicators) = try row.decode((String, String, String, String?, [String]).self)
            return Criterion(code: code, nameVi: nameVi, nameEn: nameEn, description: description, indicators: indicators)
        }
        return YearFramework(ruleSet: rules.ruleSet, frameworkVersion: rules.frameworkVersion, criteria: criteria)
    }

    /// The year's framework for a page of that year: a year without rules has no pages, so it
    /// is "not found" like any other missing record.
    static func ofPage(_ year: Int, on connection: PQConnection) async throws -> YearFramework {
        do {
            return try await load(year, on: connection)
        } catch is ValidationFailure {
            throw DomainError.notFound("year")
        }
    }
}
