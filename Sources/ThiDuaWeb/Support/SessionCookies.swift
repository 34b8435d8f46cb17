import Foundation
import HTTPTypes
import Hummingbird
import ThiDuaHTTP

/// The pages' two cookies: the session (the same kind of token as the API's bearer token,
/// HttpOnly so no script can read it, SameSite=Lax so no other site's form can post with it)
/// and, before signing in, the pre-session secret that the sign-in form's CSRF token is made of.
struct SessionCookies: Sendable {
    static let session = "thidua_session"
    static let presession = "thidua_presession"

    let policy: CookiePolicy

    func secure(_ request: Request) -> Bool { policy.isSecure(for: request) }

    func session(_ token: String, expiresAt: Date, for request: Request) -> Cookie {
        Cookie(name: Self.session, value: token, expires: expiresAt, path: "/", secure: secure(request), httpOnly: true, sameSite: .lax)
    }

    func presession(_ value: String, for request: Request) -> Cookie {
        Cookie(name: Self.presession, value: value, path: "/", secure: secure(request), httpOnly: true, sameSite: .lax)
    }

    func cleared(_ name: String, for request: Request) -> Cookie {
        Cookie(name: name, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/", secure: secure(request),
               httpOnly: true, sameSite: .lax)
    }

    static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }
}
