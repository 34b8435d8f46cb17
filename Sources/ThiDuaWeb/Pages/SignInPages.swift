import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/`, `/login` and `/logout`. Signing in makes the same token as the API's login, under the
/// same throttling, lifetime and revocation, kept in an HttpOnly cookie.
struct SignInPages {
    let accounts: AccountStore
    let cookies: SessionCookies
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        web.openPage("/") { visit in
            visit.frame.caller == nil ? redirect("/login") : redirect("/home")
        }
        web.openPage("/login") { visit in
            if visit.frame.caller != nil { return redirect(Self.safeNext(visit.request.uri.queryParameters["next"].map(String.init))) }
            return loginPage(visit, username: "", next: visit.request.uri.queryParameters["next"].map(String.init), errors: [], status: .ok)
        }
        web.openForm("/login") { visit, form in
            let username = (form["username"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            let password = form["password"] ?? ""
            var errors: [FieldMessage] = []
            if username.isEmpty { errors.append(FieldMessage(id: "username", message: "Nhập tên đăng nhập.")) }
            if password.isEmpty { errors.append(FieldMessage(id: "password", message: "Nhập mật khẩu.")) }
            if TextNormalizer.controlCharacterError(username, multiline: false) != nil || TextNormalizer.controlCharacterError(password, multiline: false) != nil {
                errors.append(FieldMessage(id: "username", message: "Tên đăng nhập hoặc mật khẩu có ký tự không hợp lệ."))
            }
            if !errors.isEmpty { return loginPage(visit, username: username, next: form["next"], errors: errors, status: .unprocessableContent) }
            do {
                let issued = try await accounts.login(username: username, password: password)
                var response = redirect(Self.safeNext(form["next"]))
                response.setCookie(cookies.session(issued.token, expiresAt: issued.expiresAt, for: visit.request))
                response.setCookie(cookies.cleared(SessionCookies.presession, for: visit.request))
                return response
            } catch LoginError.invalidCredentials {
                return loginPage(visit, username: username, next: form["next"], errors: [FieldMessage(id: "password", message: "Tên đăng nhập hoặc mật khẩu không đúng. Kiểm tra lại rồi đăng nhập lại.")],
                                 status: .unauthorized)
            } catch LoginError.throttled(let seconds) {
                var response = loginPage(visit, username: username, next: form["next"],
                                         errors: [FieldMessage(id: "password", message: "Đã nhập sai quá nhiều lần. Hãy thử lại sau \(Format.number(max(1, (seconds + 59) / 60))) phút.")],
                                         status: .tooManyRequests)
                response.headers[.retryAfter] = String(seconds)
                return response
            }
        }
        web.form("/logout") { visit, _, _ in
            if let token = visit.context.bearerToken { try await accounts.logout(token: token) }
            var response = redirect("/login", notice: "signed-out")
            response.setCookie(cookies.cleared(SessionCookies.session, for: visit.request))
            return response
        }
    }

    /// Only a path of this site: never `//elsewhere` or `https://elsewhere`.
    static func safeNext(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), !next.hasPrefix("//"), !next.contains("\\"),
              next.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return "/home" }
        return next
    }

    private func loginPage(_ visit: WebRouter.Visit, username: String, next: String?, errors: [FieldMessage],
                           status: HTTPResponse.Status) -> Response {
        // The sign-in form's token is made of a pre-session secret, set here when missing.
        var frame = visit.frame
        var secret = visit.request.cookies[SessionCookies.presession]?.value
        let fresh = secret == nil
        if fresh { secret = SessionCookies.randomSecret() }
        frame.csrf = CSRF.token(for: secret!)
        frame.caller = nil
        var view: [String: Any] = ["username": username, "next": Self.safeNext(next)]
        for error in errors { view["\(error.id)Error"] = error.message }
        var notice: String?
        if visit.request.uri.queryParameters["notice"] == "signed-out" { notice = "Bạn đã đăng xuất." }
        var response = renderer.render(Page(template: "login", title: "Đăng nhập", status: status, view: view, errors: errors, notice: notice,
                                               errorHeading: "Chưa đăng nhập được"), frame: frame)
        if fresh { response.setCookie(cookies.presession(secret!, for: visit.request)) }
        return response
    }
}
