import Foundation
import Hummingbird
import ThiDuaHTTP
import ThiDua

/// `/api/v1/auth/*`, `/api/v1/me`, `/api/v1/users`: accounts, tokens and grants.
struct AuthRoutes {
    let accounts: AccountStore

    struct LoginBody: Decodable {
        var username: String?
        var password: String?
    }

    struct LoginAnswer: Encodable, Sendable {
        var token: String
        var expiresAt: Date
        var user: Account
    }

    struct UserBody: Decodable {
        var username: String?
        var password: String?
        var fullName: String?
    }

    struct UserPatch: Decodable {
        var fullName: String?
        var disabled: Bool?
        var password: String?
    }

    struct GrantBody: Decodable {
        var organizationId: UUID?
        var role: String?
        var memberId: UUID?
    }

    static func passwordErrors(_ password: String?, field: String = "password", validator: inout Validator) -> String? {
        guard let password, !password.isEmpty else { validator.fail(field, "is required"); return nil }
        if let problem = PasswordRules.problem(password) { validator.fail(field, problem); return nil }
        return password
    }

    func register(on router: RouteCollection<AppRequestContext>) {
        let api = SecureRouter(router: router, prefix: "/api/v1")
        api.post("/auth/login", .open) { request, _, _ in
            let body = try await request.decodeJSON(LoginBody.self)
            var validator = Validator()
            for (field, value) in [("username", body.username), ("password", body.password)] {
                if (value ?? "").isEmpty {
                    validator.fail(field, "is required")
                } else if let problem = TextNormalizer.controlCharacterError(value, multiline: false) {
                    validator.fail(field, problem)
                }
            }
            try validator.finish()
            do {
                let issued = try await accounts.login(username: body.username!, password: body.password!)
                return JSONResponse(value: LoginAnswer(token: issued.token, expiresAt: issued.expiresAt, user: issued.account))
            } catch LoginError.invalidCredentials {
                throw APIError(.unauthorized, code: .unauthorized, detail: "Wrong username or password.")
            } catch LoginError.throttled(let seconds) {
                throw APIError(.tooManyRequests, code: .tooManyRequests,
                               detail: "Too many failed logins for this username; try again in \(seconds) s.",
                               headers: [.retryAfter: String(seconds)])
            }
        }
        api.post("/auth/logout", .signedIn) { _, context, _ in
            if let token = context.bearerToken { try await accounts.logout(token: token) }
            return Response(status: .noContent)
        }
        api.get("/me", .signedIn) { _, _, caller in
            let caller = try caller.required
            return JSONResponse(value: try await accounts.get(caller.userId, scope: .system))
        }
        api.get("/users", .capability(.manageAccounts)) { _, _, caller in
            Responses.list(Page(all: try await accounts.list(scope: .of(try caller.required, write: .manageAccounts))))
        }
        api.post("/users", .capability(.manageAccounts)) { request, context, caller in
            let body = try await request.decodeJSON(UserBody.self)
            var validator = Validator()
            let username = validator.text(body.username, "username", maxLength: 64)?.lowercased()
            if let username, username.range(of: "^[a-z0-9._-]{3,64}$", options: .regularExpression) == nil {
                validator.fail("username", "must be 3–64 of a-z, 0-9, '.', '_' and '-'")
            }
            let password = Self.passwordErrors(body.password, validator: &validator)
            let fullName = validator.text(body.fullName, "fullName", maxLength: 200)
            try validator.finish()
            let account = try await accounts.create(username: username!, password: password!, fullName: fullName!,
                                                    scope: .of(try caller.required, write: .manageAccounts), context: WriteContext(context, caller))
            return Responses.resource(account, version: account.version, status: .created, location: "/api/v1/users/\(account.id.uuidString)")
        }
        api.patch("/users/:id", .capability(.manageAccounts)) { request, context, caller in
            let id = try context.id(parameter: "id")
            let body = try await request.decodeJSON(UserPatch.self)
            let expected = try request.expectedVersion()
            var validator = Validator()
            let fullName = body.fullName.flatMap { validator.text($0, "fullName", maxLength: 200) }
            let password = body.password == nil ? nil : Self.passwordErrors(body.password, validator: &validator)
            try validator.finish()
            let account = try await accounts.update(id, fullName: fullName, disabled: body.disabled, password: password, expectedVersion: expected,
                                                    scope: .of(try caller.required, write: .manageAccounts), context: WriteContext(context, caller))
            return Responses.resource(account, version: account.version)
        }
        api.post("/users/:id/grants", .capability(.manageAccounts)) { request, context, caller in
            let id = try context.id(parameter: "id")
            let body = try await request.decodeJSON(GrantBody.self)
            var validator = Validator()
            let role = validator.code(body.role, Role.self, "role")
            try validator.finish()
            let account = try await accounts.grant(id, role: role!, organizationId: body.organizationId, memberId: body.memberId,
                                                   scope: .of(try caller.required, write: .manageAccounts), context: WriteContext(context, caller))
            return Responses.resource(account, version: account.version, status: .created)
        }
        api.delete("/users/:id/grants/:grantId", .capability(.manageAccounts)) { _, context, caller in
            let id = try context.id(parameter: "id")
            let grantId = try context.id(parameter: "grantId")
            try await accounts.revoke(id, grantId: grantId, scope: .of(try caller.required, write: .manageAccounts),
                                      context: WriteContext(context, caller))
            return Response(status: .noContent)
        }
    }
}
