import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import PQ
import ThiDua

/// `Idempotency-Key` on POST: the same key with the same body replays the first answer; the
/// same key with another body is `422`; a key whose first request is still running is `409`.
///
/// The key is claimed before the handler runs (an insert that only one request can win) and the
/// answer stored after it; answers of 5xx are not kept, so a retry after an outage runs again.
struct IdempotencyMiddleware<Context: RequestContext>: RouterMiddleware {
    let pool: PQPool
    static var header: HTTPField.Name { HTTPField.Name("Idempotency-Key")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method == .post, let sentKey = request.headers[Self.header], !sentKey.isEmpty else {
            return try await next(request, context)
        }
        guard sentKey.count <= 200 else { throw APIError.validation(field: "Idempotency-Key", "must be at most 200 characters") }
        // Keys belong to the caller: another account sending the same key never sees this
        // answer (AuthMiddleware runs before this one).
        let owner: String = switch (context as? AppRequestContext)?.authentication {
        case .caller(let caller): caller.userId.uuidString
        default: "anonymous"
        }
        let key = owner + "/" + sentKey
        var request = request
        let body = try await request.collectBody(upTo: 64 << 20)
        let hash = Self.hash(method: request.method.rawValue, path: request.uri.description, body: Self.canonical(body))

        let claimed = try await pool.query("""
            INSERT INTO idempotency_key (key, request_hash) VALUES (\(key), \(hash)) ON CONFLICT (key) DO NOTHING
            """).affectedRows == 1
        if !claimed {
            return try await replay(key: key, hash: hash)
        }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            try? await pool.query("DELETE FROM idempotency_key WHERE key = \(key) AND status IS NULL")
            throw error
        }
        guard response.status.code < 500 else {
            try await pool.query("DELETE FROM idempotency_key WHERE key = \(key) AND status IS NULL")
            return response
        }
        // Buffer the answer so it can be both stored and sent.
        var stored = response
        let bytes = try await Self.collect(response.body)
        stored.body = ResponseBody(byteBuffer: bytes)
        try await pool.query("""
            UPDATE idempotency_key SET status = \(Int32(response.status.code)), content_type = \(response.headers[.contentType]),
                   location = \(response.headers[.location]), body = \(Data(buffer: bytes))
            WHERE key = \(key)
            """)
        return stored
    }

    private func replay(key: String, hash: String) async throws -> Response {
        guard let row = try await pool.query("""
            SELECT request_hash, status, content_type, location, body FROM idempotency_key WHERE key = \(key)
            """).first else {
            throw APIError(.conflict, code: .conflict, detail: "A request with this Idempotency-Key just finished; send it again.")
        }
        let (storedHash, status, contentType, location, body) = try row.decode((String, Int32?, String?, String?, Data?).self)
        guard storedHash == hash else {
            throw APIError.validation(field: "Idempotency-Key", "was used before with a different request")
        }
        guard let status else {
            throw APIError(.conflict, code: .conflict, detail: "A request with this Idempotency-Key is still running.")
        }
        var headers: HTTPFields = [HTTPField.Name("Idempotent-Replayed")!: "true"]
        if let contentType { headers[.contentType] = contentType }
        if let location { headers[.location] = location }
        return Response(status: .init(code: Int(status)), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body ?? Data())))
    }

    /// JSON with its keys sorted, so that the same object sent twice matches however its
    /// client ordered the keys; other bodies as they are.
    static func canonical(_ body: ByteBuffer) -> ByteBuffer {
        guard let object = try? JSONSerialization.jsonObject(with: Data(buffer: body), options: [.fragmentsAllowed]),
              let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .fragmentsAllowed])
        else { return body }
        return ByteBuffer(bytes: data)
    }

    /// A 128-bit fingerprint of the request (two FNV-1a lanes): it only has to tell apart two
    /// requests sent with the same key, not resist an adversary, who could just pick a new key.
    static func hash(method: String, path: String, body: ByteBuffer) -> String {
        var a: UInt64 = 0xcbf2_9ce4_8422_2325
        var b: UInt64 = 0x6c62_272e_07bb_0142
        func add(_ byte: UInt8) {
            a = (a ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
            b = (b ^ UInt64(byte ^ 0x5a)) &* 0x0000_0100_0000_01B3
        }
        for byte in "\(method) \(path)\n".utf8 { add(byte) }
        body.withUnsafeReadableBytes { for byte in $0 { add(byte) } }
        return String(a, radix: 16) + String(b, radix: 16) + ":" + String(body.readableBytes)
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
