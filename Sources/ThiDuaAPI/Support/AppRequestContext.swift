import Hummingbird

/// The request context of every ThiDua route. Authentication (issue 4) adds the caller here.
public struct AppRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }
}
