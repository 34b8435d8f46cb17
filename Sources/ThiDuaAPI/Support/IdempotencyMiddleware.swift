import Foundation
import HTTPTypes
import Hummingbird
import ThiDuaHTTP
import NIOCore
import ThiDua

/// `Idempotency-Key` on POST: the same key with the same body replays the first answer; the
/// same key with another body is `422`; a key whose first request is still running is `409`.
///
/// The key is claimed before the handler runs and the answer kept after it (`IdempotencyStore`);
/// answers of 5xx are not kept, so a retry after an outage runs again. Routes whose answer
/// holds a secret (a login's bearer token) are never replayed: the header is ignored there, so
/// no token is ever stored.
struct IdempotencyMiddleware<Context: CallerContext>: RouterMiddleware {
    let store: IdempotencyStore
    static var header: HTTPField.Name { HTTPField.Name("Idempotency-Key")! }
    static var unreplayable: Set<String> { ["/api/v1/auth/login"] }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let sentKey = request.headers[Self.header], !sentKey.isEmpty,
              !Self.unreplayable.contains(request.uri.path) else {
            return try await next(request, context)
        }
        guard sentKey.count <= 200 else { throw APIError.validation(field: "Idempotency-Key", "must be at most 200 characters") }
        // Keys belong to the caller: another account sending the same key never sees this
        // answer (AuthMiddleware runs before this one).
        let owner: String = switch context.authentication {
        case .caller(let caller): caller.userId.uuidString
        default: "anonymous"
        }
        let key = owner + "/" + sentKey
        var request = request
        // BodyLimitMiddleware has already read the body within its limit.
        let body = try await request.collectBody(upTo: .max)
        var fingerprint = Array("\(request.method.rawValue) \(request.uri.description)\n".utf8)
        Self.canonical(body).withUnsafeReadableBytes { fingerprint.append(contentsOf: $0) }

        switch try await store.claim(key: key, request: fingerprint) {
        case .claimed:
            break
        case .replay(let answer):
            var headers: HTTPFields = [HTTPField.Name("Idempotent-Replayed")!: "true"]
            if let contentType = answer.contentType { headers[.contentType] = contentType }
            if let location = answer.location { headers[.location] = location }
            return Response(status: .init(code: answer.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body)))
        case .running:
            throw APIError(.conflict, code: .conflict, detail: "A request with this Idempotency-Key is still running.")
        case .mismatch:
            throw APIError.validation(field: "Idempotency-Key", "was used before with a different request")
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await store.release(key: key)
            throw error
        }
        guard response.status.code < 500 else {
            try await store.release(key: key)
            return response
        }
        // Buffer the answer so it can be both kept and sent.
        var stored = response
        let bytes = try await Self.collect(response.body)
        stored.body = ResponseBody(byteBuffer: bytes)
        try await store.complete(key: key, answer: .init(status: response.status.code, contentType: response.headers[.contentType],
                                                        location: response.headers[.location], body: Data(buffer: bytes)))
        return stored
    }

    /// JSON with its keys sorted, so that the same object sent twice matches however its
    /// client ordered the keys; other bodies as they are.
    static func canonical(_ body: ByteBuffer) -> ByteBuffer {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return body }
        return ByteBuffer(bytes: data)
    }

    static func collect(_ body: ResponseBody) async throws -> ByteBuffer {
        let sink = Sink()
        try await body.write(SinkWriter(sink: sink))
        return sink.buffer
    }

    /// Collects what a response body writes.
    final class Sink: @unchecked Sendable {
        var buffer = ByteBuffer()
    }

    struct SinkWriter: ResponseBodyWriter {
        let sink: Sink
        mutating func write(_ buffer: ByteBuffer) async throws {
            var buffer = buffer
            sink.buffer.writeBuffer(&buffer)
        }
        consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
    }
}
