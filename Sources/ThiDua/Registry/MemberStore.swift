import Foundation
import PQ

/// Members in PostgreSQL, with their cell history. Every write runs in one transaction with
/// its audit event.
public struct MemberStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    /// A member is visible when their current cell lies in the read reach, or it is the
    /// caller's own record.
    static func visibility(_ scope: AccessScope) -> PQQuery {
        if scope.read == .everything { return "true" }
        return """
            (m.organization_id IN (SELECT o.id FROM organization o WHERE \(scope.read.condition(ancestors: "o.ancestors")))
             OR m.id = ANY(\(scope.ownMembers)))
            """
    }

    /// The same rule for a statement that reads one member by key. The set form above builds a
    /// hash of every organization in reach on each execution (310 rows for a district: 137 µs of
    /// the member read's 150); here the member's own organization is looked up by key instead
    /// (44 µs). A caller with no own record gets no `OR`, which would keep the probe a subplan.
    static func visibilityOfOne(_ scope: AccessScope) -> PQQuery {
        if scope.read == .everything { return "true" }
        let inReach: PQQuery = "EXISTS (SELECT 1 FROM organization o WHERE o.id = m.organization_id AND \(scope.read.condition(ancestors: "o.ancestors")))"
        if scope.ownMembers.isEmpty { return inReach }
        return "(\(inReach) OR m.id = ANY(\(scope.ownMembers)))"
    }

    static func isVisible(_ id: UUID, _ scope: AccessScope, on connection: PQConnection) async throws -> Bool {
        try await connection.query("SELECT EXISTS (SELECT 1 FROM member m WHERE m.id = \(id) AND \(visibilityOfOne(scope)))", prepare: true)[0].decode(Bool.self, at: 0)
    }

    /// Loads a member the caller means to change: unseen is "not found", seen but in a cell
    /// outside the write reach is "forbidden".
    /// The member, for a form that will change them: unseen is "not found", seen but outside
    /// the write reach is "forbidden" (the write itself checks again, under its lock).
    public func writable(_ id: UUID, scope: AccessScope) async throws -> Member {
        try await pool.withConnection { connection in
            guard try await Self.isVisible(id, scope, on: connection) else { throw DomainError.notFound("member") }
            let member = try await Self.get(id, on: connection)
            guard try await OrganizationStore.isWithin(member.organizationId, scope.write, on: connection) else {
                throw Forbidden("Your role may read this member but not change the record.")
            }
            return member
        }
    }

    static func writable(_ id: UUID, _ scope: AccessScope, on connection: PQConnection) async throws -> Member {
        guard try await isVisible(id, scope, on: connection) else { throw DomainError.notFound("member") }
        let member = try await get(id, on: connection, lock: true)
        guard try await OrganizationStore.isWithin(member.organizationId, scope.write, on: connection) else {
            throw Forbidden("Your role may read this member but not change the record.")
        }
        return member
    }

    static func get(_ id: UUID, on connection: PQConnection, lock: Bool = false) async throws -> Member {
        let result = try await connection.query("SELECT \(unsafeSQL: Member.columns) FROM member m WHERE m.id = \(id)\(unsafeSQL: lock ? " FOR UPDATE" : "")", prepare: true)
        guard let row = result.first else { throw DomainError.notFound("member") }
        return try Member(row: row)
    }

    /// The member with this party card, when the caller sees them.
    public func find(partyCardNumber: String, scope: AccessScope) async throws -> Member? {
        try await pool.query("""
            SELECT \(unsafeSQL: Member.columns) FROM member m WHERE m.party_card_number = \(partyCardNumber) AND \(Self.visibilityOfOne(scope))
            """).first.map(Member.init(row:))
    }

    /// The member with their cells over time, for the member's record: one statement on one
    /// lease, the visibility check in its own `WHERE` (the hot path of `GET /members/{id}`).
    /// The cells come as four parallel arrays, which PQ reads without a JSON decoder.
    public func detail(_ id: UUID, scope: AccessScope) async throws -> (Member, [Assignment]) {
        let result = try await pool.query("""
            SELECT \(unsafeSQL: Member.columns), h.organizations, h.names, h.froms, h.tos
            FROM member m
            CROSS JOIN LATERAL (
                -- Aggregated from rows in order (one sort, not one per array).
                SELECT array_agg(s.organization_id) AS organizations, array_agg(s.name) AS names,
                       array_agg(s.valid_from) AS froms, array_agg(s.valid_to) AS tos
                FROM (SELECT a.organization_id, o.name, a.valid_from, a.valid_to
                      FROM member_assignment a JOIN organization o ON o.id = a.organization_id
                      WHERE a.member_id = m.id ORDER BY a.valid_from) s) h
            WHERE m.id = \(id) AND \(Self.visibilityOfOne(scope))
            """)
        guard let row = result.first else { throw DomainError.notFound("member") }
        let column = Member.columnCount
        let organizations = try row.decode([UUID]?.self, at: column) ?? []
        let names = try row.decode([String]?.self, at: column + 1) ?? []
        let froms = try row.decode([CalendarDate]?.self, at: column + 2) ?? []
        let tos = try row.decode([CalendarDate?]?.self, at: column + 3) ?? []
        let assignments = zip(zip(organizations, names), zip(froms, tos)).map { cell, dates in
            Assignment(organizationId: cell.0, organizationName: cell.1, from: dates.0, to: dates.1)
        }
        return (try Member(row: row), assignments)
    }

    /// The member's cells over time, oldest first.
    static func assignments(_ id: UUID, on connection: PQConnection) async throws -> [Assignment] {
        try await connection.query("""
            SELECT a.organization_id, o.name, a.valid_from, a.valid_to
            FROM member_assignment a JOIN organization o ON o.id = a.organization_id
            WHERE a.member_id = \(id) ORDER BY a.valid_from
            """).rows.map {
            let (organizationId, name, from, to) = try $0.decode((UUID, String, CalendarDate, CalendarDate?).self)
            return Assignment(organizationId: organizationId, organizationName: name, from: from, to: to)
        }
    }

    /// How many members an organization's list sorts rather than walks the name-order index
    /// for. A comparison in the `vietnamese` collation costs a few microseconds: a hundred rows
    /// (some 600 comparisons) sort in a millisecond or two, less than a walk to the end of the
    /// index (3-4 ms on the demo district's 6,359 members, twenty times that on a city's).
    static let sortedBelow = 100

    public struct Filter: Sendable {
        public var organizationId: UUID?
        public var status: MemberStatus?
        public var query: String?
        public init(organizationId: UUID? = nil, status: MemberStatus? = nil, query: String? = nil) {
            self.organizationId = organizationId
            self.status = status
            self.query = query
        }
    }

    /// A page in Vietnamese name order: given name, then full name.
    ///
    /// The page's ids are chosen first, from the name-order index alone (it holds the cell and
    /// the status the filters read), each with its place; only then are those rows read whole.
    /// Read whole while choosing, every row the walk passed over was read from the table.
    ///
    /// The walk stops once it has a page, so it is short where the organization asked for holds
    /// many of the members in reach, and runs to the end of the index where it holds fewer than
    /// a page (a cell, an empty ward: 3-4 ms on the demo district, the whole city's index at
    /// city scale). So the organization's matching members are first gathered by organization,
    /// up to `sortedBelow`; when that is all of them they are sorted instead, and the walk
    /// does not run (the two branches are decided once per execution).
    public func list(_ filter: Filter, page: PageRequest, scope: AccessScope) async throws -> Page<Member> {
        let order: PQQuery = "m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, m.id"
        var conditions: PQQuery = "\(Self.visibility(scope))"
        if let organizationId = filter.organizationId, scope.read != .everything {
            // An organization in reach has its whole subtree in reach: one lookup by key, run
            // once (an InitPlan), spares building the hash of every organization in reach
            // (310 for a district, thousands for a province) and probing it for every row.
            conditions = """
                (EXISTS (SELECT 1 FROM organization r WHERE r.id = \(organizationId) AND \(scope.read.condition(ancestors: "r.ancestors")))
                 OR \(conditions))
                """
        }
        if let status = filter.status { conditions.append(" AND m.status = \(status.rawValue)") }
        if let text = filter.query {
            conditions.append(" AND m.search_name LIKE '%' || search_fold(\(SearchText.likePattern(text))) || '%'")
        }
        if let after = try page.cursor(as: MemberCursor.self) {
            conditions.append("""
                 AND (m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese, m.id)
                     > (\(after.givenName) COLLATE vietnamese, \(after.fullName) COLLATE vietnamese, \(after.id))
                """)
        }
        var walk: PQQuery = "SELECT m.id, row_number() OVER (ORDER BY \(order)) AS place FROM member m WHERE \(conditions)"
        if let organizationId = filter.organizationId {
            walk.append(" AND m.organization_id IN (\(OrganizationStore.subtree(organizationId)))")
        }
        walk.append(" ORDER BY \(order) LIMIT \(page.limit + 1)")
        let chosen: PQQuery
        if let organizationId = filter.organizationId, filter.query == nil {
            let bound = Self.sortedBelow
            chosen = """
                WITH few AS MATERIALIZED (
                    SELECT m.id, m.given_name, m.full_name
                    FROM organization o JOIN member m ON m.organization_id = o.id
                    WHERE o.ancestors @> ARRAY[\(organizationId)] AND \(conditions)
                    LIMIT \(bound + 1))
                SELECT f.id, row_number() OVER (ORDER BY f.given_name COLLATE vietnamese, f.full_name COLLATE vietnamese, f.id) AS place
                FROM few f WHERE (SELECT count(*) FROM few) <= \(bound)
                UNION ALL
                SELECT w.id, w.place FROM (\(walk)) w WHERE (SELECT count(*) FROM few) > \(bound)
                """
        } else {
            chosen = walk
        }
        // OFFSET 0 keeps the row read a lookup by key per chosen id (flattened into a join, the
        // planner guessed the page's size wrong and read the whole table).
        let query: PQQuery = """
            SELECT \(unsafeSQL: Member.columns) FROM (\(chosen)) page
            CROSS JOIN LATERAL (SELECT * FROM member m WHERE m.id = page.id OFFSET 0) m
            WHERE page.place <= \(page.limit + 1)
            ORDER BY page.place
            """
        let result: PQResult
        if let text = filter.query, text.count >= 3 {
            // Left alone, the planner walks the name-order index and filters, expecting matches
            // spread evenly; but a search for a given name ("tuyet") finds rows that all sort
            // together near the end, and that walk read 116,000 rows (55 ms) on 125,000
            // members. The trigram index finds the matches directly and sorting them is cheap
            // (11 ms for the commonest words), so plain index scans are switched off here.
            // Shorter terms have no trigram and keep the ordered walk.
            result = try await pool.withTransaction { connection in
                try await connection.query("SET LOCAL enable_indexscan = off")
                return try await connection.query(query)
            }
        } else {
            result = try await pool.query(query)
        }
        let rows = try result.rows.map(Member.init(row:))
        return Page(rows, limit: page.limit) { MemberCursor(givenName: MemberCursor.givenName(of: $0.fullName), fullName: $0.fullName, id: $0.id) }
    }

    public func create(_ fields: MemberFields, organizationId: UUID, cellSince: CalendarDate?, today: CalendarDate,
                       scope: AccessScope, context: WriteContext) async throws -> MemberDetail {
        guard !scope.write.isEmpty else { throw Forbidden("Your role may not add members.") }
        let since = cellSince ?? fields.admittedOn
        var errors = MemberRules.dateErrors(fields, cellSince: since, today: today)
        return try await pool.withTransaction { connection in
            errors += try await Self.cellErrors(organizationId, on: since, field: "organizationId", scope: scope, connection: connection)
            if !errors.isEmpty { throw ValidationFailure(errors) }
            let id = UUID()
            do {
                try await connection.query("""
                    INSERT INTO member (id, full_name, gender, birth_date, party_card_number, admitted_on, official_on, category,
                                        position, is_head, status, status_since, organization_id, cell_since)
                    VALUES (\(id), \(fields.fullName), \(fields.gender.rawValue), \(fields.birthDate), \(fields.partyCardNumber),
                            \(fields.admittedOn), \(fields.officialOn), \(fields.category.rawValue), \(fields.position), \(fields.isHead),
                            \(fields.status.rawValue), \(fields.statusSince), \(organizationId), \(since))
                    """)
            } catch let error as PQError where error.server?.constraint == "member_party_card_number_key" {
                throw DomainError.conflict("A member with this party card number already exists.", field: "partyCardNumber")
            }
            try await connection.query("""
                INSERT INTO member_assignment (member_id, organization_id, valid_from) VALUES (\(id), \(organizationId), \(since))
                """)
            try await Self.replaceInterruptions(id, fields.interruptions, on: connection)
            let created = try await Self.get(id, on: connection)
            try await AuditLog.record(on: connection, context, action: "member.created", entityType: "member",
                                      entityId: id.uuidString, organizationId: organizationId, before: Member?.none, after: created)
            // The answer comes from this transaction: read after the commit, on another
            // connection, a lost connection would answer 503 for a member that was stored.
            return MemberDetail(member: created, assignments: try await Self.assignments(id, on: connection))
        }
    }

    /// Replaces the member's fields (not the cell: that is a transfer).
    public func update(_ id: UUID, expectedVersion: Int?, today: CalendarDate, scope: AccessScope, context: WriteContext,
                       _ change: @Sendable (Member) throws -> MemberFields) async throws -> MemberDetail {
        try await pool.withTransaction { connection in
            let before = try await Self.writable(id, scope, on: connection)
            if let expectedVersion, expectedVersion != before.version {
                throw DomainError.versionMismatch(current: before.version)
            }
            let fields = try change(before)
            // A PATCH that changes nothing writes nothing: no new version, no audit event.
            let current = MemberFields(fullName: before.fullName, gender: before.gender, birthDate: before.birthDate,
                                       partyCardNumber: before.partyCardNumber, admittedOn: before.admittedOn,
                                       officialOn: before.officialOn, category: before.category, position: before.position,
                                       isHead: before.isHead, status: before.status, statusSince: before.statusSince,
                                       interruptions: before.interruptions)
            if fields == current { return MemberDetail(member: before, assignments: try await Self.assignments(id, on: connection)) }
            let errors = MemberRules.dateErrors(fields, cellSince: before.cellSince, today: today)
            if !errors.isEmpty { throw ValidationFailure(errors) }
            do {
                try await connection.query("""
                    UPDATE member SET full_name = \(fields.fullName), gender = \(fields.gender.rawValue), birth_date = \(fields.birthDate),
                           party_card_number = \(fields.partyCardNumber), admitted_on = \(fields.admittedOn),
                           official_on = \(fields.officialOn), category = \(fields.category.rawValue), position = \(fields.position),
                           is_head = \(fields.isHead), status = \(fields.status.rawValue), status_since = \(fields.statusSince),
                           version = version + 1, updated_at = now()
                    WHERE id = \(id)
                    """)
            } catch let error as PQError where error.server?.constraint == "member_party_card_number_key" {
                throw DomainError.conflict("A member with this party card number already exists.", field: "partyCardNumber")
            }
            if fields.interruptions != before.interruptions {
                try await Self.replaceInterruptions(id, fields.interruptions, on: connection)
            }
            let after = try await Self.get(id, on: connection)
            try await AuditLog.record(on: connection, context, action: "member.updated", entityType: "member",
                                      entityId: id.uuidString, organizationId: after.organizationId, before: before, after: after)
            return MemberDetail(member: after, assignments: try await Self.assignments(id, on: connection))
        }
    }

    /// Moves the member to another cell from `effectiveOn`; the history keeps the old cell up
    /// to the day before.
    public func transfer(_ id: UUID, to organizationId: UUID, effectiveOn: CalendarDate, expectedVersion: Int?,
                         scope: AccessScope, context: WriteContext) async throws -> MemberDetail {
        try await pool.withTransaction { connection in
            let before = try await Self.writable(id, scope, on: connection)
            if let expectedVersion, expectedVersion != before.version {
                throw DomainError.versionMismatch(current: before.version)
            }
            guard before.status.isActive else {
                throw DomainError.invalidState("A member with status \(before.status.rawValue) cannot be transferred.")
            }
            var errors = try await Self.cellErrors(organizationId, on: effectiveOn, field: "toOrganizationId", scope: scope, connection: connection)
            if organizationId == before.organizationId {
                errors.append(FieldError("toOrganizationId", "is already the member's cell"))
            }
            if effectiveOn <= before.cellSince {
                errors.append(FieldError("effectiveOn", "must be after the member joined the current cell (\(before.cellSince))"))
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }
            try await connection.query("""
                UPDATE member_assignment SET valid_to = \(effectiveOn) WHERE member_id = \(id) AND valid_to IS NULL
                """)
            try await connection.query("""
                INSERT INTO member_assignment (member_id, organization_id, valid_from) VALUES (\(id), \(organizationId), \(effectiveOn))
                """)
            try await connection.query("""
                UPDATE member SET organization_id = \(organizationId), cell_since = \(effectiveOn), version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            let after = try await Self.get(id, on: connection)
            // Both the cell left and the cell joined see the transfer in their audit trail.
            for organizationId in [before.organizationId, after.organizationId] {
                try await AuditLog.record(on: connection, context, action: "member.transferred", entityType: "member",
                                          entityId: id.uuidString, organizationId: organizationId, before: before, after: after)
            }
            return MemberDetail(member: after, assignments: try await Self.assignments(id, on: connection))
        }
    }

    /// Errors when `organizationId` is not a cell open on `date`.
    static func cellErrors(_ organizationId: UUID, on date: CalendarDate, field: String, scope: AccessScope,
                           connection: PQConnection) async throws -> [FieldError] {
        let organization: Organization
        do {
            organization = try await OrganizationStore.writable(organizationId, scope, on: connection)
        } catch DomainError.notFound {
            return [FieldError(field, "no such organization")]
        }
        if organization.kind != .cell {
            return [FieldError(field, "members belong to a CELL, not a \(organization.kind.rawValue)")]
        }
        if let closed = organization.validTo, closed < date {
            return [FieldError(field, "the cell closed on \(closed)")]
        }
        return []
    }

    static func replaceInterruptions(_ id: UUID, _ interruptions: [Interruption], on connection: PQConnection) async throws {
        try await connection.query("DELETE FROM membership_interruption WHERE member_id = \(id)")
        for interruption in interruptions {
            try await connection.query("""
                INSERT INTO membership_interruption (member_id, from_on, to_on, reason)
                VALUES (\(id), \(interruption.fromOn), \(interruption.toOn), \(interruption.reason))
                """)
        }
    }
}

struct MemberCursor: Codable {
    var givenName: String
    var fullName: String
    var id: UUID

    /// The database's `given_name`: the last word of the name.
    static func givenName(of fullName: String) -> String {
        fullName.split(whereSeparator: \.isWhitespace).last.map(String.init) ?? fullName
    }
}

/// A member with the cells they belonged to, as the API answers a write.
public struct MemberDetail: Encodable, Sendable {
    public var member: Member
    public var assignments: [Assignment]

    public init(member: Member, assignments: [Assignment]) {
        self.member = member
        self.assignments = assignments
    }

    enum CodingKeys: String, CodingKey { case assignments }

    /// The member's fields and `assignments` side by side, in one object.
    public func encode(to encoder: any Encoder) throws {
        try member.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(assignments, forKey: .assignments)
    }
}
