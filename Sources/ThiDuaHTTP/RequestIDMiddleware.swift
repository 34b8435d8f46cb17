import HTTPTypes
import Hummingbird

/// Echoes the request id that every log line of the request carries (`hb.request.id`) as
/// `X-Request-Id`, so a client's report can be matched with the server's logs.
public struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    public static var headerName: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    public init() {}

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        response.headers[Self.headerName] = context.id
        return response
    }
}
