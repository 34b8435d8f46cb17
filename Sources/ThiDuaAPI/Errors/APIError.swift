import HTTPTypes
import Hummingbird
import ThiDuaHTTP

/// An error the API answers with an RFC 9457 problem document.
///
/// Every failure a client can see becomes one of these, with a machine `code` from `api.md`;
/// validation failures list the offending fields.
public struct APIError: Error, Sendable {
    public enum Code: String, Sendable {
        case validationFailed = "validation_failed"
        case notFound = "not_found"
        case methodNotAllowed = "method_not_allowed"
        case conflict
        case invalidState = "invalid_state"
        case quotaExceeded = "quota_exceeded"
        case preconditionFailed = "precondition_failed"
        case unauthorized
        case forbidden
        case tooManyRequests = "too_many_requests"
        case unavailable
        case internalError = "internal_error"
        /// `400`: the body is not parseable at all.
        case malformedBody = "malformed_body"
        /// `413`: the body is over the route's size limit.
        case payloadTooLarge = "payload_too_large"
        /// `415`: the body is not of the media type the route takes.
        case unsupportedMediaType = "unsupported_media_type"
        /// `414`/`431`: the request line or headers are over the server's limit.
        case requestTooLarge = "request_too_large"
        /// `400` from the HTTP parser: the request is not HTTP/1.1 at all.
        case malformedRequest = "malformed_request"
    }

    public struct FieldError: Codable, Sendable, Equatable {
        public var field: String
        public var message: String

        public init(field: String, message: String) {
            self.field = field
            self.message = message
        }
    }

    public var status: HTTPResponse.Status
    public var code: Code
    public var title: String
    public var detail: String
    public var errors: [FieldError]
    public var headers: HTTPFields
    /// For `quota_exceeded`: the most excellent grades allowed, and how many were asked for.
    public var quota: (maximum: Int, requested: Int)?

    public init(
        _ status: HTTPResponse.Status,
        code: Code,
        title: String? = nil,
        detail: String,
        errors: [FieldError] = [],
        headers: HTTPFields = [:]
    ) {
        self.status = status
        self.code = code
        self.title = title ?? status.reasonPhrase
        self.detail = detail
        self.errors = errors
        self.headers = headers
    }

    public static func notFound(_ detail: String = "No such resource.") -> APIError {
        APIError(.notFound, code: .notFound, detail: detail)
    }

    public static func validation(_ errors: [FieldError], detail: String = "The request has invalid fields.") -> APIError {
        APIError(.unprocessableContent, code: .validationFailed, title: "Validation failed", detail: detail, errors: errors)
    }

    public static func validation(field: String, _ message: String) -> APIError {
        validation([FieldError(field: field, message: message)])
    }

    public static func conflict(_ detail: String, field: String? = nil) -> APIError {
        APIError(.conflict, code: .conflict, detail: detail,
                 errors: field.map { [FieldError(field: $0, message: detail)] } ?? [])
    }

    /// The database does not answer; clients should come back later.
    public static func unavailable(_ detail: String = "The database is not available.", retryAfter seconds: Int = 5) -> APIError {
        APIError(.serviceUnavailable, code: .unavailable, detail: detail, headers: [.retryAfter: String(seconds)])
    }

    /// The body is over `limit` bytes.
    public static func payloadTooLarge(limit: Int) -> APIError {
        // The rest of the body is never read, so the connection cannot carry another request.
        APIError(.contentTooLarge, code: .payloadTooLarge,
                 detail: "The request body is larger than this route accepts: at most \(limit) bytes.",
                 headers: [.connection: "close"])
    }

    public static let internalError = APIError(
        .internalServerError, code: .internalError,
        detail: "The server failed to answer this request; the failure has been logged with its request id."
    )
}
