import PQ

/// The rules that hold for one year: its rule set and the criteria of its framework version.
struct YearRules {
    var ruleSet: RuleSet
    var frameworkVersion: Int
    var criteria: [String]

    /// Loads the year's rules; a year without a rule set is a field error on `year`.
    static func load(_ year: Int, on connection: PQConnection) async throws -> YearRules {
        guard let ruleSet = try await RuleSetStore.get(year, on: connection) else {
            throw ValidationFailure([FieldError("year", "has no rule set")])
        }
        let version = try await frameworkVersion(of: ruleSet, on: connection)
        return YearRules(ruleSet: ruleSet, frameworkVersion: version,
                         criteria: try await criteria(ruleSet.frameworkCode, version: version, on: connection))
    }

    /// The version of the rule set's framework in force in its year.
    static func frameworkVersion(of ruleSet: RuleSet, on connection: PQConnection) async throws -> Int {
        try await connection.query("""
            SELECT \(frameworkVersion(code: "\(ruleSet.frameworkCode)", year: "\(Int32(ruleSet.year))"))
            """)[0].decode(Int.self, at: 0)
    }

    /// The version of framework `code` in force in `year` (values or columns): the newest one
    /// that applies from that year or earlier (a later version never rewrites past years), 1
    /// when none does. Reports read it beside each rule set of their span.
    static func frameworkVersion(code: PQQuery, year: PQQuery) -> PQQuery {
        "(SELECT coalesce(max(f.version), 1)::int8 FROM framework f WHERE f.code = \(code) AND f.from_year <= \(year))"
    }

    static func criteria(_ code: String, version: Int, on connection: PQConnection) async throws -> [String] {
        try await connection.query("""
            SELECT c.code FROM criterion c JOIN framework f ON f.id = c.framework_id
            WHERE f.code = \(code) AND f.version = \(Int32(version)) ORDER BY c.position
            """, prepare: true).column(String.self)
    }
}
