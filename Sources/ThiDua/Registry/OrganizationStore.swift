import Foundation
import PQ

/// Organizations in PostgreSQL. Every write runs in one transaction with its audit event.
public struct OrganizationStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    public func get(_ id: UUID, scope: AccessScope) async throws -> Organization {
        try await pool.withConnection { connection in
            guard try await Self.isWithin(id, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            return try await Self.get(id, on: connection)
        }
    }

    /// The ids of organization `id` and everything under it, as a subquery.
    static func subtree(_ id: UUID) -> PQQuery {
        "SELECT id FROM organization WHERE ancestors @> ARRAY[\(id)]"
    }

    /// Whether organization `id` exists and lies within `reach`.
    static func isWithin(_ id: UUID, _ reach: Reach, on connection: PQConnection) async throws -> Bool {
        try await connection.run(isWithin(id, reach))
    }

    static func isWithin(_ id: UUID, _ reach: Reach) -> PQStatement<Bool> {
        PQStatement("SELECT EXISTS (SELECT 1 FROM organization o WHERE o.id = \(id) AND \(reach.condition(ancestors: "o.ancestors")))") {
            try $0[0].decode(Bool.self, at: 0)
        }
    }

    /// The names of some organizations (those a list of records refers to).
    public func names(_ ids: Set<UUID>) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        var names: [UUID: String] = [:]
        for row in try await pool.query("SELECT id, name FROM organization WHERE id = ANY(\(Array(ids)))").rows {
            let (id, name) = try row.decode((UUID, String).self)
            names[id] = name
        }
        return names
    }

    /// Whether the caller may change what belongs to organization `id` (a page shows its
    /// forms only then; the store still checks on every write).
    public func mayWrite(_ id: UUID, scope: AccessScope) async throws -> Bool {
        try await pool.withConnection { try await Self.isWithin(id, scope.write, on: $0) }
    }

    /// Loads a record the caller means to change: unseen is "not found", seen but outside the
    /// write reach is "forbidden".
    static func writable(_ id: UUID, _ scope: AccessScope, on connection: PQConnection, lock: Bool = false) async throws -> Organization {
        guard try await isWithin(id, scope.read, on: connection) else { throw DomainError.notFound("organization") }
        guard try await isWithin(id, scope.write, on: connection) else {
            throw Forbidden("Your role may read this organization but not change it.")
        }
        return try await get(id, on: connection, lock: lock)
    }

    static func get(_ id: UUID, on connection: PQConnection, lock: Bool = false) async throws -> Organization {
        let result = try await connection.query("SELECT \(unsafeSQL: Organization.columns) FROM organization o WHERE o.id = \(id)\(unsafeSQL: lock ? " FOR UPDATE" : "")", prepare: true)
        guard let row = result.first else { throw DomainError.notFound("organization") }
        return try Organization(row: row)
    }

    public struct Filter: Sendable {
        public var parentId: UUID?
        public var kind: OrganizationKind?
        public var query: String?
        public init(parentId: UUID? = nil, kind: OrganizationKind? = nil, query: String? = nil) {
            self.parentId = parentId
            self.kind = kind
            self.query = query
        }
    }

    /// A page in name order (Vietnamese collation), after the cursor's `(name, id)`.
    public func list(_ filter: Filter, page: PageRequest, scope: AccessScope) async throws -> Page<Organization> {
        var query: PQQuery = "SELECT \(unsafeSQL: Organization.columns) FROM organization o WHERE \(scope.read.condition(ancestors: "o.ancestors"))"
        if let parentId = filter.parentId { query.append(" AND o.parent_id = \(parentId)") }
        if let kind = filter.kind { query.append(" AND o.kind = \(kind.rawValue)") }
        if let text = filter.query {
            query.append(" AND search_fold(o.name) LIKE '%' || search_fold(\(SearchText.likePattern(text))) || '%'")
        }
        if let after = try page.cursor(as: NameCursor.self) {
            query.append(" AND (o.name COLLATE vietnamese, o.id) > (\(after.name) COLLATE vietnamese, \(after.id))")
        }
        query.append(" ORDER BY o.name COLLATE vietnamese, o.id LIMIT \(page.limit + 1)")
        let rows = try await pool.query(query).rows.map(Organization.init(row:))
        return Page(rows, limit: page.limit) { NameCursor(name: $0.name, id: $0.id) }
    }

    /// The tops of the caller's reach: organizations they read whose parent they do not (or
    /// that have none), in name order.
    public func tops(scope: AccessScope) async throws -> [Organization] {
        try await pool.query("""
            SELECT \(unsafeSQL: Organization.columns) FROM organization o
            WHERE \(scope.read.condition(ancestors: "o.ancestors"))
              AND NOT EXISTS (SELECT 1 FROM organization p WHERE p.id = o.parent_id AND \(scope.read.condition(ancestors: "p.ancestors")))
            ORDER BY o.name COLLATE vietnamese, o.id
            """).rows.map(Organization.init(row:))
    }

    /// Every organization the caller reads (without the cells unless asked; only those still
    /// open when asked), broadest level first, then in name order: what a page offers.
    public func choices(scope: AccessScope, cells: Bool = false, openOnly: Bool = false) async throws -> [Organization] {
        try await pool.query("""
            SELECT \(unsafeSQL: Organization.columns) FROM organization o
            WHERE \(scope.read.condition(ancestors: "o.ancestors")) AND (\(cells) OR o.kind <> 'CELL') AND (NOT \(openOnly) OR o.valid_to IS NULL)
            ORDER BY array_length(o.ancestors, 1), o.name COLLATE vietnamese, o.id
            """).rows.map(Organization.init(row:))
    }

    /// The organization and everything under it (as of today's tree).
    public func subtree(_ id: UUID, scope: AccessScope) async throws -> [Organization] {
        try await pool.withConnection { connection in
            guard try await Self.isWithin(id, scope.read, on: connection) else { throw DomainError.notFound("organization") }
            let result = try await connection.query("""
                SELECT \(unsafeSQL: Organization.columns) FROM organization o
                WHERE o.ancestors @> ARRAY[\(id)] ORDER BY o.name COLLATE vietnamese, o.id
                """)
            return try result.rows.map(Organization.init(row:))
        }
    }

    public func create(_ new: NewOrganization, scope: AccessScope, context: WriteContext) async throws -> Organization {
        guard !scope.write.isEmpty else { throw Forbidden("Your role may not create organizations.") }
        if new.parentId == nil && scope.write != .everything {
            throw Forbidden("Only a system administrator may create a top-level organization.")
        }
        return try await pool.withTransaction { connection in
            var errors: [FieldError] = []
            var ancestors: [UUID] = []
            var parent: Organization? = nil
            if let parentId = new.parentId {
                do {
                    let found = try await Self.writable(parentId, scope, on: connection)
                    parent = found
                    ancestors = try await connection.query("SELECT ancestors FROM organization WHERE id = \(parentId)")[0].decode([UUID].self, at: 0)
                } catch DomainError.notFound {
                    errors.append(FieldError("parentId", "no such organization"))
                }
            }
            if errors.isEmpty {
                errors += OrganizationRules.placementErrors(kind: new.kind, parent: parent)
            }
            if let parent, let closed = parent.validTo, closed < (new.validTo ?? new.validFrom) || closed < new.validFrom {
                errors.append(FieldError("parentId", "the parent closed on \(closed)"))
            }
            for (index, predecessorId) in new.predecessorIds.enumerated() where !(try await Self.isWithin(predecessorId, scope.write, on: connection)) {
                errors.append(FieldError("predecessorIds[\(index)]", "no such organization"))
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }

            let id = UUID()
            do {
                try await connection.query("""
                    INSERT INTO organization (id, code, kind, name, abbreviation, parent_id, ancestors, valid_from, valid_to)
                    VALUES (\(id), \(new.code), \(new.kind.rawValue), \(new.name), \(new.abbreviation), \(new.parentId),
                            \(ancestors + [id]), \(new.validFrom), \(new.validTo))
                    """)
            } catch let error as PQError where error.sqlState == PQError.uniqueViolation {
                throw DomainError.conflict("An organization with this code already exists.", field: "code")
            }
            // A merger: the predecessors close the day before and name this one as successor.
            for predecessorId in new.predecessorIds {
                let before = try await Self.get(predecessorId, on: connection, lock: true)
                let dayBefore = CalendarDate(daysSinceEpoch: new.validFrom.daysSinceEpoch - 1)
                try await connection.query("""
                    INSERT INTO organization_predecessor (organization_id, predecessor_id) VALUES (\(id), \(predecessorId))
                    """)
                try await connection.query("""
                    UPDATE organization SET successor_id = \(id), valid_to = COALESCE(valid_to, \(dayBefore)),
                           version = version + 1, updated_at = now()
                    WHERE id = \(predecessorId)
                    """)
                let after = try await Self.get(predecessorId, on: connection)
                try await AuditLog.record(on: connection, context, action: "organization.merged", entityType: "organization",
                                          entityId: predecessorId.uuidString, organizationId: predecessorId, before: before, after: after)
            }
            let created = try await Self.get(id, on: connection)
            try await AuditLog.record(on: connection, context, action: "organization.created", entityType: "organization",
                                      entityId: id.uuidString, organizationId: id, before: Organization?.none, after: created)
            return created
        }
    }

    public func update(_ id: UUID, _ changes: OrganizationChanges, expectedVersion: Int?, scope: AccessScope,
                       context: WriteContext) async throws -> Organization {
        try await pool.withTransaction { connection in
            let before = try await Self.writable(id, scope, on: connection, lock: true)
            if let expectedVersion, expectedVersion != before.version {
                throw DomainError.versionMismatch(current: before.version)
            }
            // A PATCH that changes nothing writes nothing: no new version, no audit event.
            if changes.isEmpty { return before }
            var errors: [FieldError] = []
            let validFrom = changes.validFrom ?? before.validFrom
            let validTo = changes.validTo ?? before.validTo
            if let validTo, validTo < validFrom { errors.append(FieldError("validTo", "must not be before validFrom")) }
            if let successor = changes.successorId, let successorId = successor {
                if successorId == id { errors.append(FieldError("successorId", "cannot be the organization itself")) }
                else if !(try await Self.isWithin(successorId, scope.read, on: connection)) {
                    errors.append(FieldError("successorId", "no such organization"))
                }
            }
            var newAncestors: [UUID]? = nil
            if let parentId = changes.parentId, parentId != before.parentId {
                do {
                    let parent = try await Self.writable(parentId, scope, on: connection)
                    let parentAncestors = try await connection.query("SELECT ancestors FROM organization WHERE id = \(parentId)")[0].decode([UUID].self, at: 0)
                    if parentAncestors.contains(id) {
                        errors.append(FieldError("parentId", "cannot move an organization under itself"))
                    } else {
                        errors += OrganizationRules.placementErrors(kind: before.kind, parent: parent)
                        newAncestors = parentAncestors + [id]
                    }
                } catch DomainError.notFound {
                    errors.append(FieldError("parentId", "no such organization"))
                }
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }

            let abbreviation = changes.abbreviation ?? before.abbreviation
            let successorId = changes.successorId ?? before.successorId
            try await connection.query("""
                UPDATE organization SET name = \(changes.name ?? before.name), abbreviation = \(abbreviation),
                       valid_from = \(validFrom), valid_to = \(validTo), successor_id = \(successorId),
                       version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            if let newAncestors {
                // Re-root the whole subtree: each descendant keeps its path below this node.
                let oldAncestors = try await connection.query("SELECT ancestors FROM organization WHERE id = \(id)")[0].decode([UUID].self, at: 0)
                try await connection.query("""
                    UPDATE organization SET parent_id = CASE WHEN id = \(id) THEN \(changes.parentId) ELSE parent_id END,
                           ancestors = \(newAncestors) || ancestors[\(oldAncestors.count + 1):]
                    WHERE ancestors @> ARRAY[\(id)]
                    """)
            }
            let after = try await Self.get(id, on: connection)
            try await AuditLog.record(on: connection, context, action: "organization.updated", entityType: "organization",
                                      entityId: id.uuidString, organizationId: id, before: before, after: after)
            return after
        }
    }
}

struct NameCursor: Codable {
    var name: String
    var id: UUID
}
