import Foundation
import PQ

/// Accounts, grants, tokens and the login throttle in PostgreSQL.
public struct AccountStore: Sendable {
    let pool: PQPool
    let hasher: any PasswordHasher
    /// How long a token lives.
    public let tokenLifetime: TimeInterval
    /// Verified tokens held in memory (nil: every request reads the database).
    let cache: TokenCache?

    public init(pool: PQPool, hasher: any PasswordHasher, tokenLifetime: TimeInterval = 12 * 3600, cache: TokenCache? = nil) {
        self.pool = pool
        self.hasher = hasher
        self.tokenLifetime = tokenLifetime
        self.cache = cache
    }

    static let accountColumns = """
        u.id, u.username, u.full_name, u.disabled,
        COALESCE((SELECT jsonb_agg(jsonb_build_object('id', g.id, 'organizationId', g.organization_id, 'role', g.role,
                                                      'memberId', g.member_id) ORDER BY g.created_at, g.id)
                  FROM user_grant g WHERE g.user_id = u.id), '[]'::jsonb),
        u.version, u.created_at, u.updated_at
        """

    static func account(_ row: PQRow) throws -> Account {
        let (id, username, fullName, disabled, grants, version, createdAt, updatedAt) =
            try row.decodeLeading((UUID, String, String, Bool, JSONB<[Grant]>, Int, Date, Date).self)
        return Account(id: id, username: username, fullName: fullName, disabled: disabled, grants: grants.value,
                       version: version, createdAt: createdAt, updatedAt: updatedAt)
    }

    static func get(_ id: UUID, on connection: PQConnection) async throws -> Account {
        guard let row = try await connection.query("SELECT \(unsafeSQL: accountColumns) FROM app_user u WHERE u.id = \(id)").first else {
            throw DomainError.notFound("user")
        }
        return try account(row)
    }

    // MARK: Tokens

    /// Checks the password and issues a token; counts failures for the throttle.
    ///
    /// The throttle's check and the record of the attempt are one statement (`login_attempt`):
    /// under a lock on the username, the recent failures are counted and this attempt is
    /// written down as a failure before the password is checked, so parallel attempts see each
    /// other and at most `LoginThrottle.limit` of them get as far as bcrypt. A right password
    /// takes its record back. The lock lives only for that statement, never during bcrypt.
    public func login(username: String, password: String, now: Date = Date()) async throws -> IssuedToken {
        let name = username.lowercased()
        let (recorded, failures) = try await pool.query("""
            SELECT attempt, failures FROM login_attempt(\(name), \(LoginThrottle.window), \(LoginThrottle.limit))
            """, prepare: true)[0].decode((Int64?, [Double]).self)
        guard let attempt = recorded else {
            let seen = failures.map { Date(timeIntervalSince1970: $0) }
            throw LoginError.throttled(retryAfter: LoginThrottle.retryAfter(failures: seen, now: now) ?? 1)
        }
        let found = try await pool.query("SELECT id, password_hash, disabled FROM app_user WHERE username = \(name)", prepare: true)
            .first.map { try $0.decode((UUID, String, Bool).self) }
        // An unknown name costs a hash check of the configured cost too, so timing does not
        // tell which names exist.
        let valid = await hasher.verify(password, hash: found?.1 ?? hasher.decoyHash)
        guard let (userId, _, disabled) = found, valid, !disabled else {
            throw LoginError.invalidCredentials
        }
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = UInt8.random(in: 0...255, using: &generator) }
        let token = Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
        let expiresAt = now.addingTimeInterval(tokenLifetime)
        return try await pool.withTransaction { connection in
            try await connection.query("DELETE FROM login_failure WHERE id = \(attempt)")
            try await connection.query("""
                INSERT INTO auth_token (token_hash, user_id, expires_at) VALUES (sha256(convert_to(\(token), 'UTF8')), \(userId), \(expiresAt))
                """)
            return IssuedToken(token: token, expiresAt: expiresAt, account: try await Self.get(userId, on: connection))
        }
    }

    /// The caller behind a token, or nil when it is unknown, expired, revoked or its account
    /// disabled: from the `TokenCache` while it holds the token, else from the database (and
    /// then kept there).
    public func caller(token: String) async throws -> Caller? {
        let (cached, generation) = cache?.lookup(token) ?? (nil, nil)
        if let cached { return cached }
        // Always the primary: a token revoked there is refused at once, never read as valid
        // from a standby that has not replayed the revocation yet.
        guard let row = try await pool.onPrimary({ try await pool.query("""
            SELECT \(unsafeSQL: Self.accountColumns), t.expires_at FROM auth_token t JOIN app_user u ON u.id = t.user_id
            WHERE t.token_hash = sha256(convert_to(\(token), 'UTF8')) AND t.revoked_at IS NULL AND t.expires_at > now()
              AND NOT u.disabled
            """) }).first else { return nil }
        let account = try Self.account(row)
        let caller = Caller(userId: account.id, username: account.username, grants: account.grants, fullName: account.fullName)
        if let cache, let generation {
            let left = try row.decode(Date.self, at: 8).timeIntervalSinceNow
            cache.store(token, caller: caller, expiresIn: .milliseconds(Int64(max(0, left) * 1000)), generation: generation)
        }
        return caller
    }

    public func logout(token: String) async throws {
        let mark = cache?.mark ?? 0
        let revoked = try await pool.query("""
            UPDATE auth_token SET revoked_at = now() WHERE token_hash = sha256(convert_to(\(token), 'UTF8')) AND revoked_at IS NULL
            RETURNING user_id
            """)
        for row in revoked.rows { await tokensChanged(try row.decode(UUID.self, at: 0), after: mark) }
    }

    /// After a write to a user's tokens, account or grants committed (its trigger notified
    /// every process): forgotten here at once, and answered once the notification is out.
    func tokensChanged(_ userId: UUID, after mark: Int) async {
        await cache?.settle(userId, after: mark)
    }

    // MARK: Accounts

    public func count() async throws -> Int {
        try await pool.query("SELECT count(*) FROM app_user")[0].decode(Int.self, at: 0)
    }

    /// Accounts visible to an account administrator: those with a grant inside the reach (all,
    /// for a system administrator).
    public func list(scope: AccessScope) async throws -> [Account] {
        try await pool.query("""
            SELECT \(unsafeSQL: Self.accountColumns) FROM app_user u
            WHERE \(Self.visibility(scope)) ORDER BY u.username
            """).rows.map(Self.account)
    }

    static func visibility(_ scope: AccessScope) -> PQQuery {
        if scope.write == .everything { return "true" }
        // An account with no grant yet is visible to every account administrator, so that
        // the one who made it can grant it a role.
        return """
            (EXISTS (SELECT 1 FROM user_grant g JOIN organization o ON o.id = g.organization_id
                     WHERE g.user_id = u.id AND \(scope.write.condition(ancestors: "o.ancestors")))
             OR NOT EXISTS (SELECT 1 FROM user_grant g WHERE g.user_id = u.id))
            """
    }

    static func visible(_ id: UUID, _ scope: AccessScope, on connection: PQConnection) async throws -> Account {
        guard let row = try await connection.query("""
            SELECT \(unsafeSQL: accountColumns) FROM app_user u WHERE u.id = \(id) AND \(visibility(scope)) FOR UPDATE OF u
            """).first else { throw DomainError.notFound("user") }
        return try account(row)
    }

    public func get(_ id: UUID, scope: AccessScope) async throws -> Account {
        try await pool.withConnection { try await Self.visible(id, scope, on: $0) }
    }

    public func create(username: String, password: String, fullName: String, scope: AccessScope, context: WriteContext) async throws -> Account {
        guard !scope.write.isEmpty else { throw Forbidden("Your role may not manage accounts.") }
        let hash = await hasher.hash(password)
        return try await pool.withTransaction { connection in
            let id = UUID()
            do {
                try await connection.query("""
                    INSERT INTO app_user (id, username, full_name, password_hash) VALUES (\(id), \(username), \(fullName), \(hash))
                    """)
            } catch let error as PQError where error.sqlState == PQError.uniqueViolation {
                throw DomainError.conflict("This username is taken.", field: "username")
            }
            let created = try await Self.get(id, on: connection)
            try await AuditLog.record(on: connection, context, action: "user.created", entityType: "user", entityId: id.uuidString,
                                      organizationId: nil, before: Account?.none, after: created)
            return created
        }
    }

    /// Changes the name, disables or enables (disabling revokes every token), resets the password.
    public func update(_ id: UUID, fullName: String?, disabled: Bool?, password: String?, expectedVersion: Int?,
                       scope: AccessScope, context: WriteContext) async throws -> Account {
        let hash: String? = if let password { await hasher.hash(password) } else { nil }
        let mark = cache?.mark ?? 0
        // A PATCH that changes nothing writes nothing: no new version, no audit event.
        let changes = fullName != nil || disabled != nil || hash != nil
        let after = try await pool.withTransaction { connection in
            let before = try await Self.visible(id, scope, on: connection)
            if let expectedVersion, expectedVersion != before.version { throw DomainError.versionMismatch(current: before.version) }
            if !changes { return before }
            try await connection.query("""
                UPDATE app_user SET full_name = \(fullName ?? before.fullName), disabled = \(disabled ?? before.disabled),
                       password_hash = COALESCE(\(hash), password_hash), version = version + 1, updated_at = now()
                WHERE id = \(id)
                """)
            if disabled == true || hash != nil {
                try await connection.query("UPDATE auth_token SET revoked_at = now() WHERE user_id = \(id) AND revoked_at IS NULL")
            }
            let after = try await Self.get(id, on: connection)
            try await AuditLog.record(on: connection, context, action: hash == nil ? "user.updated" : "user.password_reset",
                                      entityType: "user", entityId: id.uuidString, organizationId: nil, before: before, after: after)
            return after
        }
        if changes { await tokensChanged(id, after: mark) }
        return after
    }

    /// Grants `role` at `organizationId` (nil: system-wide, ADMIN only); a MEMBER grant names
    /// the member, who must belong to that organization's subtree.
    public func grant(_ userId: UUID, role: Role, organizationId: UUID?, memberId: UUID?, scope: AccessScope,
                      context: WriteContext) async throws -> Account {
        let mark = cache?.mark ?? 0
        let granted = try await pool.withTransaction { connection in
            let before = try await Self.visible(userId, scope, on: connection)
            var errors: [FieldError] = []
            if let organizationId {
                if !(try await OrganizationStore.isWithin(organizationId, scope.write, on: connection)) {
                    errors.append(FieldError("organizationId", "no such organization"))
                }
            } else if role != .admin || scope.write != .everything {
                errors.append(FieldError("organizationId", "is required (only a system administrator grants system-wide ADMIN)"))
            }
            switch (role, memberId) {
            case (.member, nil): errors.append(FieldError("memberId", "is required for a MEMBER grant"))
            case (.member, .some(let memberId)):
                let inside = try await connection.query("""
                    SELECT EXISTS (SELECT 1 FROM member m JOIN organization o ON o.id = m.organization_id
                                   WHERE m.id = \(memberId) AND o.ancestors @> ARRAY[\(organizationId ?? UUID())])
                    """)[0].decode(Bool.self, at: 0)
                if !inside { errors.append(FieldError("memberId", "no such member in that organization")) }
            case (_, .some): errors.append(FieldError("memberId", "applies only to a MEMBER grant"))
            case (_, nil): break
            }
            if !errors.isEmpty { throw ValidationFailure(errors) }
            try await connection.query("""
                INSERT INTO user_grant (user_id, organization_id, role, member_id) VALUES (\(userId), \(organizationId), \(role.rawValue), \(memberId))
                """)
            let after = try await Self.get(userId, on: connection)
            try await AuditLog.record(on: connection, context, action: "user.granted", entityType: "user", entityId: userId.uuidString,
                                      organizationId: organizationId, before: before, after: after)
            return after
        }
        await tokensChanged(userId, after: mark)
        return granted
    }

    public func revoke(_ userId: UUID, grantId: UUID, scope: AccessScope, context: WriteContext) async throws {
        let mark = cache?.mark ?? 0
        try await pool.withTransaction { connection in
            let before = try await Self.visible(userId, scope, on: connection)
            guard let grant = before.grants.first(where: { $0.id == grantId }) else { throw DomainError.notFound("grant") }
            if let organizationId = grant.organizationId {
                guard try await OrganizationStore.isWithin(organizationId, scope.write, on: connection) else { throw DomainError.notFound("grant") }
            } else if scope.write != .everything {
                throw DomainError.notFound("grant")
            }
            try await connection.query("DELETE FROM user_grant WHERE id = \(grantId)")
            let after = try await Self.get(userId, on: connection)
            try await AuditLog.record(on: connection, context, action: "user.grant_revoked", entityType: "user", entityId: userId.uuidString,
                                      organizationId: grant.organizationId, before: before, after: after)
        }
        await tokensChanged(userId, after: mark)
    }

    /// The first administrator: only when no account exists yet. Returns nil otherwise.
    public func createFirstAdministrator(username: String, password: String) async throws -> Account? {
        let hash = await hasher.hash(password)
        return try await pool.withTransaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('first-administrator'))")
            guard try await connection.query("SELECT count(*) FROM app_user")[0].decode(Int.self, at: 0) == 0 else { return nil }
            let id = UUID()
            try await connection.query("""
                INSERT INTO app_user (id, username, full_name, password_hash) VALUES (\(id), \(username), \("Quản trị hệ thống"), \(hash))
                """)
            try await connection.query("INSERT INTO user_grant (user_id, organization_id, role) VALUES (\(id), NULL, 'ADMIN')")
            let created = try await Self.get(id, on: connection)
            try await AuditLog.record(on: connection, WriteContext(), action: "user.first_administrator", entityType: "user",
                                      entityId: id.uuidString, organizationId: nil, before: Account?.none, after: created)
            return created
        }
    }
}
