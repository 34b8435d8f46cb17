import Foundation
import Testing
import TestSupport

/// What only a real socket shows: the parser's refusals and clients that send nothing.
@Suite struct LiveServerTests {
    /// A blocking loopback socket with a receive timeout, for talking raw HTTP.
    struct RawSocket: Sendable {
        let descriptor: Int32

        init(port: Int, timeout: Int = 10) throws {
            descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            let connected = withLoopbackAddress(port: port) { [descriptor] in connect(descriptor, $0, $1) }
            guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
            var limit = timeval(tv_sec: timeout, tv_usec: 0)
            setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        }

        func send(_ text: String) {
            let bytes = Array(text.utf8)
            var sent = 0
            while sent < bytes.count {
                let count = bytes[sent...].withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if count <= 0 { return }
                sent += count
            }
        }

        /// Everything until the peer closes; on a timeout what came so far, or nil when nothing did.
        func readToEnd() -> String? {
            var data = [UInt8]()
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = recv(descriptor, &buffer, buffer.count, 0)
                if count == 0 { return String(decoding: data, as: UTF8.self) }
                if count < 0 { return data.isEmpty && (errno == EAGAIN || errno == EWOULDBLOCK) ? nil : String(decoding: data, as: UTF8.self) }
                data += buffer[0..<count]
            }
        }

        func close() { Glibc.close(descriptor) }
    }

    @Test func aHugeQueryStringIsAProblemDocument() async throws {
        try await withTestApp(live: true) { client, _ in
            let socket = try RawSocket(port: try #require(client.port))
            defer { socket.close() }
            socket.send("GET /api/v1/members?q=\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let answer = try #require(try await blocking { socket.readToEnd() })
            #expect(answer.hasPrefix("HTTP/1.1 431"), "\(answer.prefix(200))")
            #expect(answer.lowercased().contains("content-type: application/problem+json"))
            #expect(answer.contains("\"code\":\"request_too_large\""))
        }
    }

    @Test func aBodyOverTheLimitIs413OnTheWire() async throws {
        try await withTestApp(live: true) { client, _ in
            // The client never sends the rest of the body, so a server that waited for it would
            // never answer: the read timeout only bounds that failure (10 s, for a loaded CI).
            let socket = try RawSocket(port: try #require(client.port), timeout: 10)
            defer { socket.close() }
            // 10 MB announced, 64 KB sent: the answer comes before the body is read.
            let answer = try await blocking {
                socket.send("POST /api/v1/auth/login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Content-Length: 10485760\r\n\r\n{\"username\": \"" + String(repeating: "a", count: 65_536))
                return socket.readToEnd()
            }
            let text = try #require(answer)
            #expect(text.hasPrefix("HTTP/1.1 413"), "\(text.prefix(200))")
            #expect(text.contains("\"code\":\"payload_too_large\""))
            #expect(text.contains("1048576"))
        }
    }

    @Test func aClientThatSendsNothingIsCutOff() async throws {
        try await withTestApp(idleTimeout: .seconds(1), live: true) { client, _ in
            let port = try #require(client.port)
            // Slowloris: half a request line, then silence.
            let sockets = try (0..<20).map { _ in try RawSocket(port: port, timeout: 8) }
            defer { sockets.forEach { $0.close() } }
            for socket in sockets { socket.send("GET /health/live HTTP/1.1\r\nHost: local") }
            let start = ContinuousClock.now
            // Read all at once, each on a thread of its own: recv blocks.
            let answers = try await withThrowingTaskGroup(of: String?.self) { group in
                for socket in sockets { group.addTask { try await blocking { socket.readToEnd() } } }
                return try await group.reduce(into: [String?]()) { $0.append($1) }
            }
            #expect(answers.allSatisfy { $0 != nil }, "the server kept a socket open past the read timeout")
            #expect(ContinuousClock.now - start < .seconds(6))
            // A client that does speak is still served.
            let fresh = try RawSocket(port: port)
            defer { fresh.close() }
            fresh.send("GET /health/live HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
            let served = try await blocking { fresh.readToEnd() }
            #expect(served?.hasPrefix("HTTP/1.1 200") == true)
        }
    }
}
