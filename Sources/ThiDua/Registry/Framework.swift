import Foundation
import PQ

public struct Criterion: Codable, Sendable, Equatable {
    public var code: String
    public var nameVi: String
    public var nameEn: String
    public var description: String?
    public var indicators: [String]

    public init(code: String, nameVi: String, nameEn: String, description: String?, indicators: [String]) {
        self.code = code
        self.nameVi = nameVi
        self.nameEn = nameEn
        self.description = description
        self.indicators = indicators
    }
}

/// A version of a criteria framework. Versions are immutable: a new text is a new version,
/// so records made under an old one keep their meaning.
public struct Framework: Codable, Sendable, Equatable {
    public var code: String
    public var version: Int
    public var decisionNumber: String
    public var issuedOn: CalendarDate
    public var issuer: String
    public var title: String
    public var fromYear: Int
    public var toYear: Int?
    public var criteria: [Criterion]
    public var createdAt: Date
}

public struct NewFramework: Sendable {
    public var code: String
    public var decisionNumber: String
    public var issuedOn: CalendarDate
    public var issuer: String
    public var title: String
    public var fromYear: Int
    public var toYear: Int?
    public var criteria: [Criterion]

    public init(code: String, decisionNumber: String, issuedOn: CalendarDate, issuer: String, title: String,
                fromYear: Int, toYear: Int?, criteria: [Criterion]) {
        self.code = code
        self.decisionNumber = decisionNumber
        self.issuedOn = issuedOn
        self.issuer = issuer
        self.title = title
        self.fromYear = fromYear
        self.toYear = toYear
        self.criteria = criteria
    }
}

public struct FrameworkStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    private static let select = """
        SELECT f.code, f.version, f.decision_number, f.issued_on, f.issuer, f.title, f.from_year::int8, f.to_year::int8,
               (SELECT jsonb_agg(jsonb_build_object('code', c.code, 'nameVi', c.name_vi, 'nameEn', c.name_en,
                                                    'description', c.description, 'indicators', to_jsonb(c.indicators))
                                 ORDER BY c.position)
                FROM criterion c WHERE c.framework_id = f.id),
               f.created_at
        FROM framework f
        """

    private static func decode(_ row: PQRow) throws -> Framework {
        let (code, version, decisionNumber, issuedOn, issuer, title, fromYear, toYear, criteria, createdAt) =
            try row.decode((String, Int, String, CalendarDate, String, String, Int, Int?, JSONB<[Criterion]>, Date).self)
        return Framework(code: code, version: version, decisionNumber: decisionNumber, issuedOn: issuedOn, issuer: issuer,
                         title: title, fromYear: fromYear, toYear: toYear, criteria: criteria.value, createdAt: createdAt)
    }

    /// The newest version of every framework.
    public func latestVersions() async throws -> [Framework] {
        try await pool.query("""
            \(unsafeSQL: Self.select)
            WHERE f.version = (SELECT max(version) FROM framework g WHERE g.code = f.code) ORDER BY f.code
            """).rows.map(Self.decode)
    }

    /// The newest version of `code`, or the given version.
    public func get(_ code: String, version: Int? = nil) async throws -> Framework {
        guard let framework = try await pool.withConnection({ try await Self.get(code, version: version, on: $0) }) else {
            throw DomainError.notFound("framework")
        }
        return framework
    }

    static func get(_ code: String, version: Int?, on connection: PQConnection) async throws -> Framework? {
        try await connection.run(Self.statement(code, version: version))
    }

    /// The newest version of `code`, or the given version, as a statement for a pipeline.
    static func statement(_ code: String, version: Int?) -> PQStatement<Framework?> {
        var query: PQQuery = "\(unsafeSQL: Self.select) WHERE f.code = \(code)"
        if let version { query.append(" AND f.version = \(version)") }
        query.append(" ORDER BY f.version DESC LIMIT 1")
        return PQStatement(query) { try $0.first.map(Self.decode) }
    }

    /// Adds the next version of `new.code` (version 1 for a new code).
    public func create(_ new: NewFramework, context: WriteContext) async throws -> Framework {
        try await pool.withTransaction { connection in
            // Serializes concurrent versions of one code.
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext(\("framework:" + new.code)))")
            let version = try await connection.query("SELECT COALESCE(max(version), 0) + 1 FROM framework WHERE code = \(new.code)")[0].decode(Int.self, at: 0)
            let id = UUID()
            try await connection.query("""
                INSERT INTO framework (id, code, version, decision_number, issued_on, issuer, title, from_year, to_year)
                VALUES (\(id), \(new.code), \(Int32(version)), \(new.decisionNumber), \(new.issuedOn), \(new.issuer), \(new.title),
                        \(Int32(new.fromYear)), \(new.toYear.map(Int32.init)))
                """)
            for (position, criterion) in new.criteria.enumerated() {
                try await connection.query("""
                    INSERT INTO criterion (framework_id, position, code, name_vi, name_en, description, indicators)
                    VALUES (\(id), \(Int32(position + 1)), \(criterion.code), \(criterion.nameVi), \(criterion.nameEn),
                            \(criterion.description), \(criterion.indicators))
                    """)
            }
            guard let row = try await connection.query("\(unsafeSQL: Self.select) WHERE f.id = \(id)").first else {
                throw DomainError.notFound("framework")
            }
            let created = try Self.decode(row)
            try await AuditLog.record(on: connection, context, action: "framework.created", entityType: "framework",
                                      entityId: "\(new.code)/\(version)", organizationId: nil, before: Framework?.none, after: created)
            return created
        }
    }
}
