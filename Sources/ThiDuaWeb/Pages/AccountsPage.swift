import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/accounts`: the accounts an administrator manages, "Tạo tài khoản"; `/accounts/{id}`: an
/// account's roles and "Cấp quyền" (a role at an organization; a member's own account names
/// the member by party card number).
struct AccountsPage {
    let accounts: AccountStore
    let organizations: OrganizationStore
    let members: MemberStore
    let renderer: PageRenderer

    static let roles: [Role] = [.member, .secretary, .staff, .viewer, .admin]

    func register(on web: WebRouter) {
        web.page("/accounts") { visit, caller in
            try await list(visit, caller, values: FormData(pairs: []), check: FormCheck())
        }
        web.form("/accounts") { visit, caller, form in
            guard caller.has(.manageAccounts) else { throw DomainError.notFound("page") }
            var check = FormCheck()
            let username = check.text(form["username"], "username", required: "Nhập tên đăng nhập.", maxLength: 64)?.lowercased()
            if let username, username.range(of: "^[a-z0-9._-]{3,64}$", options: .regularExpression) == nil {
                check.fail("username", "Tên đăng nhập gồm 3–64 ký tự a-z, 0-9, dấu chấm, gạch dưới hoặc gạch ngang.")
            }
            let password = form["password"] ?? ""
            if password.isEmpty {
                check.fail("password", "Nhập mật khẩu.")
            } else if PasswordRules.problem(password) != nil {
                check.fail("password", "Mật khẩu cần ít nhất \(PasswordRules.minimumCharacters) ký tự, tối đa \(PasswordRules.maximumBytes) byte, không có ký tự điều khiển.")
            }
            let fullName = check.text(form["fullName"], "fullName", required: "Nhập họ và tên.", maxLength: 200)
            guard check.isEmpty, let username, let fullName else { return try await list(visit, caller, values: form, check: check, status: .unprocessableContent) }
            do {
                let account = try await accounts.create(username: username, password: password, fullName: fullName,
                                                        scope: .of(caller, write: .manageAccounts), context: WriteContext(visit.context, caller))
                return redirect("/accounts/\(account.id.uuidString.lowercased())", notice: "created")
            } catch DomainError.conflict {
                check.fail("username", "Tên đăng nhập này đã có người dùng. Chọn tên khác.")
                return try await list(visit, caller, values: form, check: check, status: .conflict)
            }
        }
        web.page("/accounts/:id") { visit, caller in
            try await account(visit, caller, values: FormData(pairs: []), check: FormCheck())
        }
        web.form("/accounts/:id/grants") { visit, caller, form in
            guard caller.has(.manageAccounts), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                throw DomainError.notFound("account")
            }
            var check = FormCheck()
            let role = form.text("role").flatMap(Role.init(rawValue:))
            if role == nil { check.fail("role", "Chọn vai trò.") }
            let organization = form.text("organizationId").flatMap(UUID.init(uuidString:))
            if organization == nil && !(role == .admin && caller.isSystemAdministrator) { check.fail("organizationId", "Chọn tổ chức đảng.") }
            var memberId: UUID?
            if role == .member {
                if let card = check.text(form["partyCardNumber"], "partyCardNumber", required: "Nhập số thẻ của đảng viên dùng tài khoản này.", maxLength: 40) {
                    memberId = try await members.find(partyCardNumber: card, scope: .of(caller, write: .manageAccounts))?.id
                    if memberId == nil { check.fail("partyCardNumber", "Không có đảng viên nào mang số thẻ này trong phạm vi của bạn.") }
                }
            }
            guard check.isEmpty, let role else { return try await account(visit, caller, values: form, check: check, status: .unprocessableContent) }
            do {
                _ = try await accounts.grant(id, role: role, organizationId: organization, memberId: memberId,
                                             scope: .of(caller, write: .manageAccounts), context: WriteContext(visit.context, caller))
            } catch let failure as ValidationFailure {
                for error in failure.errors {
                    switch error.field {
                    case "memberId": check.fail("partyCardNumber", "Đảng viên này không thuộc tổ chức đã chọn.")
                    default: check.fail("organizationId", "Chọn một tổ chức trong phạm vi của bạn.")
                    }
                }
                return try await account(visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            return redirect("/accounts/\(id.uuidString.lowercased())", notice: "granted")
        }
    }

    private func list(_ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        guard caller.has(.manageAccounts) else { throw DomainError.notFound("page") }
        let all = try await accounts.list(scope: .of(caller, write: .manageAccounts))
        let view: [String: Any] = [
            "accounts": all.map { account in
                ["username": account.username, "fullName": account.fullName, "href": "/accounts/\(account.id.uuidString.lowercased())",
                 "roles": account.grants.isEmpty ? "chưa có vai trò" : Set(account.grants.map(\.role)).map(VietnameseLabels.role).sorted().joined(separator: ", "),
                 "disabled": account.disabled] as [String: Any]
            },
            "username": values["username"] ?? "", "fullName": values["fullName"] ?? "",
            "usernameError": check.message(for: "username") ?? false, "passwordError": check.message(for: "password") ?? false,
            "fullNameError": check.message(for: "fullName") ?? false,
        ]
        return renderer.render(Page(template: "accounts", title: "Tài khoản", status: status, view: view, errors: check.errors), frame: visit.frame)
    }

    private func account(_ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                         status: HTTPResponse.Status = .ok) async throws -> Response {
        guard caller.has(.manageAccounts), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw DomainError.notFound("account")
        }
        let scope = AccessScope.of(caller, write: .manageAccounts)
        let account = try await accounts.get(id, scope: scope)
        let places = try await organizations.choices(scope: .of(caller, read: .manageAccounts, write: .manageAccounts), cells: true, openOnly: true)
        let names = Dictionary(places.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let view: [String: Any] = [
            "username": account.username, "fullName": account.fullName,
            "grants": account.grants.map { grant in
                ["role": VietnameseLabels.role(grant.role),
                 "place": grant.organizationId.map { names[$0] ?? "tổ chức ngoài phạm vi của bạn" } ?? "toàn hệ thống"]
            },
            "hasGrants": !account.grants.isEmpty, "action": "/accounts/\(id.uuidString.lowercased())/grants",
            "roles": SelfAssessmentPage.options(Self.roles, selected: values["role"], label: VietnameseLabels.role),
            "organizations": places.map { ["value": $0.id.uuidString.lowercased(), "label": "\($0.name) (\(OrganizationPage.kindName($0.kind)))",
                                           "selected": $0.id.uuidString.lowercased() == values["organizationId"]?.lowercased()] },
            "partyCardNumber": values["partyCardNumber"] ?? "",
            "roleError": check.message(for: "role") ?? false, "organizationError": check.message(for: "organizationId") ?? false,
            "cardError": check.message(for: "partyCardNumber") ?? false,
        ]
        let notices = ["created": "Đã tạo tài khoản. Cấp quyền để tài khoản dùng được.", "granted": "Đã cấp quyền."]
        return renderer.render(Page(template: "account", title: "Tài khoản \(account.username)", status: status, view: view, errors: check.errors,
                                    notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }), frame: visit.frame)
    }
}
