import Foundation
import PQ

/// Issues numbered report documents and reads them back exactly as issued.
public struct ReportDocumentStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    static let columns = """
        d.id, d.kind, d.organization_id, d.from_year::int8, d.to_year::int8, d.number, d.sequence::int8, d.title, d.place,
        d.issued_on, d.signer, d.recipients, d.figures, d.issued_by, d.created_at
        """

    static func decode(_ row: PQRow) throws -> ReportDocument {
        let (id, kind, organization, from, to, number, sequence, title, place, issuedOn, signer, recipients, figures, issuedBy, created) =
            try row.decode((UUID, ReportKind, UUID, Int, Int, String, Int, String, String, CalendarDate, JSONB<Signer>, [String],
                            JSONB<FrozenFigures>, UUID?, Date).self)
        return ReportDocument(id: id, kind: kind, organizationId: organization, from: from, to: to,
                              number: number, sequence: sequence, title: title, place: place, issuedOn: issuedOn, signer: signer.value,
                              recipients: recipients, figures: figures.value, issuedBy: issuedBy, createdAt: created)
    }

    /// Freezes the report's figures under the next number of the issuer for the year of issue.
    public func issue(_ request: ReportDocumentRequest, scope: AccessScope, context: WriteContext) async throws -> ReportDocument {
        // The frozen figures come from one snapshot. Issuers of one organization and year take
        // turns before theirs is taken (a session lock held across the transaction): under
        // REPEATABLE READ the second of two at once would otherwise find the number's row
        // changed after its snapshot and fail, where it should simply get the next number.
        let turn = Self.numberingTurn(request.organizationId, year: request.issuedOn.year)
        return try await pool.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(turn.0), \(turn.1))")
            do {
                let document = try await connection.withTransaction(.repeatableRead) { try await issue(request, scope: scope, context: context, on: connection) }
                try await connection.query("SELECT pg_advisory_unlock(\(turn.0), \(turn.1))")
                return document
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(turn.0), \(turn.1))")
                throw error
            }
        }
    }

    /// The advisory lock's two keys for numbering in `organization` and `year`.
    static func numberingTurn(_ organization: UUID, year: Int) -> (Int32, Int32) {
        // The organization's first four bytes are random (a v4 UUID); the year tells the rest apart.
        let bytes = organization.uuid
        return (Int32(bitPattern: UInt32(bytes.0) << 24 | UInt32(bytes.1) << 16 | UInt32(bytes.2) << 8 | UInt32(bytes.3)), Int32(year))
    }

    private func issue(_ request: ReportDocumentRequest, scope: AccessScope, context: WriteContext, on connection: PQConnection) async throws
        -> ReportDocument {
        let organization = try await OrganizationStore.writable(request.organizationId, scope, on: connection)
        let figures: FrozenFigures = request.kind == .annual
            ? .annual(try await ReportStore.annual(organizationId: request.organizationId, year: request.to, scope: scope, on: connection).report)
            : .summary(try await ReportStore.summary(organizationId: request.organizationId, from: request.from, to: request.to,
                                                     scope: scope, on: connection).report)
        // The counter row serializes two issuers of one organization and year.
        let sequence = try await connection.query("""
            INSERT INTO report_number (organization_id, year, last) VALUES (\(organization.id), \(Int32(request.issuedOn.year)), 1)
            ON CONFLICT (organization_id, year) DO UPDATE SET last = report_number.last + 1
            RETURNING last::int8
            """)[0].decode(Int.self, at: 0)
        let number = PartyHeading.number(sequence: sequence, abbreviation: organization.abbreviation)
        let id = UUID()
        try await connection.query("""
            INSERT INTO report_document (id, kind, organization_id, from_year, to_year, sequence, number, title, place, issued_on,
                                         signer, recipients, figures, issued_by)
            VALUES (\(id), \(request.kind.rawValue), \(organization.id), \(Int32(request.from)), \(Int32(request.to)), \(Int32(sequence)),
                    \(number), \(request.title), \(request.place ?? PartyHeading.place(name: organization.name, kind: organization.kind)), \(request.issuedOn),
                    \(try JSONB(request.signer)), \(request.recipients), \(try JSONB(figures)), \(context.actorId))
            """)
        let document = try Self.decode(try await connection.query("SELECT \(unsafeSQL: Self.columns) FROM report_document d WHERE d.id = \(id)")[0])
        struct Issued: Codable, Sendable { var number: String; var kind: ReportKind; var from: Int; var to: Int; var title: String; var issuedOn: CalendarDate }
        try await AuditLog.record(on: connection, context, action: "report_document.issued", entityType: "report_document",
                                  entityId: id.uuidString, organizationId: organization.id, before: Issued?.none,
                                  after: Issued(number: number, kind: request.kind, from: request.from, to: request.to,
                                                title: request.title, issuedOn: request.issuedOn))
        return document
    }

    public func get(_ id: UUID, scope: AccessScope) async throws -> ReportDocument {
        try await pool.withConnection { connection in
            let result = try await connection.query("""
                SELECT \(unsafeSQL: Self.columns) FROM report_document d JOIN organization o ON o.id = d.organization_id
                WHERE d.id = \(id) AND \(scope.read.condition(ancestors: "o.ancestors"))
                """)
            guard let row = result.first else { throw DomainError.notFound("report document") }
            return try Self.decode(row)
        }
    }

    /// The documents issued for `organizationId`, newest first.
    public func list(organizationId: UUID, scope: AccessScope) async throws -> [ReportDocument] {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(organizationId, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            return try await connection.query("""
                SELECT \(unsafeSQL: Self.columns) FROM report_document d JOIN organization o ON o.id = d.organization_id
                WHERE d.organization_id = \(organizationId) ORDER BY d.issued_on DESC, d.created_at DESC
                """).rows.map(Self.decode)
        }
    }
}
