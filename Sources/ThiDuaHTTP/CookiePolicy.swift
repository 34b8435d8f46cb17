import HTTPTypes
import Hummingbird

/// When the pages' cookies carry `Secure` (`THIDUA_COOKIE_SECURE`): always, never, or when the
/// request came over HTTPS, as a proxy in front says with `X-Forwarded-Proto: https` (the
/// default: a browser drops a `Secure` cookie sent over plain http://127.0.0.1).
public struct CookiePolicy: Sendable, Equatable {
    public enum Secure: String, Sendable {
        case always = "true"
        case never = "false"
        case whenHTTPS = "auto"
    }

    public var secure: Secure

    public init(secure: Secure = .whenHTTPS) {
        self.secure = secure
    }

    /// Whether a cookie set in answer to `request` carries `Secure`.
    public func isSecure(for request: Request) -> Bool {
        switch secure {
        case .always: true
        case .never: false
        case .whenHTTPS: request.headers[HTTPField.Name("X-Forwarded-Proto")!]?.lowercased() == "https"
        }
    }
}
