import Crypto
import Foundation
import HTTPTypes
import Hummingbird

/// Cross-site request forgery defence for every form post: the `Origin` must be this site's,
/// and the form's `_csrf` field must be the token of the session that posts it.
///
/// The token is an HMAC of the session's own secret (the sign-in token, or before signing in
/// the random `thidua_presession` cookie), so it needs no storage, holds on every server of a
/// cluster, changes with each sign-in and cannot be made by a page that does not hold the
/// HttpOnly cookie.
enum CSRF {
    static let field = "_csrf"

    static func token(for secret: String) -> String {
        let code = HMAC<SHA256>.authenticationCode(for: Data("thidua-csrf-v1".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        return code.map { String(format: "%02x", $0) }.joined()
    }

    struct Refused: Error {}

    /// Throws `Refused` unless the post comes from this site with the session's token.
    static func check(_ request: Request, form: FormData, secret: String?) throws {
        if let origin = request.headers[.origin] {
            guard let host = request.head.authority,
                  origin == "http://\(host)" || origin == "https://\(host)" else { throw Refused() }
        } else if request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "cross-site" {
            throw Refused()
        }
        guard let secret, let sent = form[field], constantTimeEqual(sent, token(for: secret)) else { throw Refused() }
    }

    private static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
