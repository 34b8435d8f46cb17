import HTTPTypes
import Hummingbird
import ThiDuaHTTP
import Logging
import PQ
import ThiDua

/// Turns every error into a problem document: ours, Hummingbird's (unknown routes, bad bodies),
/// the database's, and anything unexpected (logged, answered without detail). A path that
/// exists with other methods answers `405` with `Allow`, as HTTP says, not `404`.
public struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    let routes: RouteTableReference

    public init(routes: RouteTableReference) {
        self.routes = routes
    }

    public func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let apiError = translate(error, request: request, context: context)
            var headers = apiError.headers
            headers[.init("X-Request-Id")!] = context.id
            return ProblemDocument(apiError, instance: request.uri.path, requestId: context.id).response(headers: headers)
        }
    }

    private func translate(_ error: any Error, request: Request, context: Context) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let failure as ValidationFailure:
            return .validation(failure.errors.map { APIError.FieldError(field: $0.field, message: $0.message) })
        case let error as DomainError:
            return error.apiError
        case let error as Forbidden:
            return .forbidden(error.reason)
        case let exceeded as Quota.Exceeded:
            var apiError = APIError(.unprocessableContent, code: .quotaExceeded, title: "Quota exceeded",
                                    detail: "The year's quota allows at most \(exceeded.maximum) HTXSNV grade(s) here; the decision would make \(exceeded.requested). Nothing was written.",
                                    errors: [APIError.FieldError(field: "grades", message: "at most \(exceeded.maximum) HTXSNV")])
            apiError.quota = (exceeded.maximum, exceeded.requested)
            return apiError
        case let error as PQError:
            let apiError = error.apiError
            if apiError.status == .internalServerError || apiError.status == .serviceUnavailable {
                context.logger.error("database error", metadata: ["error": "\(String(reflecting: error))"])
            }
            return apiError
        case let error as HTTPError where error.status == .notFound:
            // Only the router throws HTTPError(.notFound): no route has this path and method.
            // Our handlers answer a missing record with APIError.notFound instead.
            let allowed = routes.value.methods(forPath: request.uri.path)
            if !allowed.isEmpty {
                return APIError(
                    .methodNotAllowed, code: .methodNotAllowed,
                    detail: "\(request.method) is not allowed here; allowed: \(allowed.joined(separator: ", ")).",
                    headers: [.allow: allowed.joined(separator: ", ")]
                )
            }
            return .notFound("No route matches \(request.uri.path).")
        case let error as HTTPError:
            return APIError(error.status, code: Self.code(for: error.status), detail: error.body ?? error.status.reasonPhrase)
        case is DecodingError:
            return .validation(field: "", "The request body is not valid JSON of the expected shape.")
        default:
            context.logger.error("unhandled error", metadata: ["error.type": "\(type(of: error))"])
            return .internalError
        }
    }

    static func code(for status: HTTPResponse.Status) -> APIError.Code {
        switch status.code {
        case 400, 422: .validationFailed
        case 401: .unauthorized
        case 403: .forbidden
        case 404: .notFound
        case 405: .methodNotAllowed
        case 409: .conflict
        case 412: .preconditionFailed
        case 429: .tooManyRequests
        case 503: .unavailable
        default: status.code >= 500 ? .internalError : .validationFailed
        }
    }
}

extension DomainError {
    var apiError: APIError {
        switch self {
        case .notFound(let entity):
            .notFound("No such \(entity).")
        case .versionMismatch(let current):
            APIError(.preconditionFailed, code: .preconditionFailed,
                     detail: "The record changed since you read it (now at version \(current)); read it again.",
                     headers: [.eTag: "\"\(current)\""])
        case .conflict(let message, let field):
            .conflict(message, field: field)
        case .invalidState(let message):
            APIError(.conflict, code: .invalidState, detail: message)
        }
    }
}
