import Hummingbird
import ThiDua

/// The request context of every ThiDua route: who is calling, once `AuthMiddleware` has read
/// the bearer token.
public struct AppRequestContext: CallerContext {
    public var coreContext: CoreRequestContextStorage
    public var authentication: Authentication = .none
    /// The raw bearer token, for logout.
    public var bearerToken: String?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}

public enum Authentication: Sendable {
    /// No `Authorization` header.
    case none
    /// A token that is unknown, expired or revoked, or whose account is disabled.
    case rejected
    case caller(Caller)
}

/// A request context that knows its caller: what middleware needs of `AppRequestContext`,
/// as a protocol rather than a downcast.
public protocol CallerContext: RequestContext {
    var authentication: Authentication { get }
}

extension WriteContext {
    /// Who writes, and the request id the audit event carries.
    public init(_ context: some RequestContext, _ caller: Caller?) {
        self.init(actorId: caller?.userId, requestId: context.id)
    }
}
