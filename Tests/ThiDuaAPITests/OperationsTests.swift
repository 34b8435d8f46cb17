import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua

@Suite struct OperationsTests {
    @Test func liveAnswersWithoutTheDatabase() async throws {
        try await withTestApp(configuration: PQConfiguration(host: "127.0.0.1", port: 1, connectTimeout: 1)) { client, _ in
            try await client.execute(uri: "/health/live", method: .get) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["status"] as? String == "ok")
            }
        }
    }

    @Test func readyChecksTheDatabaseAndItsSchema() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .ok)
                let body = try response.json()
                #expect(body["database"] as? String == "ok")
                #expect(body["schemaVersion"] as? Int == Migrator.currentVersion)
            }
        }
    }

    @Test func readyIs503WithRetryAfterWhenTheDatabaseIsDown() async throws {
        try await withTestApp(configuration: PQConfiguration(host: "127.0.0.1", port: 1, connectTimeout: 1)) { client, _ in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(response.headers[.contentType] == "application/problem+json")
                #expect(response.headers[.retryAfter] == "5")
                let body = try response.json()
                #expect(body["code"] as? String == "unavailable")
                #expect(body["status"] as? Int == 503)
                #expect(!response.bodyText.contains("127.0.0.1"))
            }
        }
    }

    @Test func readyIs503WhenTheSchemaIsMissing() async throws {
        try await withTestApp(migrated: false) { client, _ in
            try await client.execute(uri: "/health/ready", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                let body = try response.json()
                #expect((body["detail"] as? String)?.contains("thidua migrate") == true)
            }
        }
    }

    @Test func unknownRouteIsAProblemWithTheRequestId() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/api/v1/nothing-here", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
                let body = try response.json()
                #expect(body["code"] as? String == "not_found")
                #expect(body["type"] as? String == "/problems/not_found")
                #expect(body["title"] as? String == "Not Found")
                #expect(body["instance"] as? String == "/api/v1/nothing-here")
                let requestID = try #require(response.headers[HTTPField.Name("X-Request-Id")!])
                #expect(body["requestId"] as? String == requestID)
            }
        }
    }

    @Test func wrongMethodIs405WithAllow() async throws {
        try await withTestApp { client, _ in
            try await client.execute(uri: "/health/ready", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
                let body = try response.json()
                #expect(body["code"] as? String == "method_not_allowed")
            }
            try await client.execute(uri: "/health/live", method: .head) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func metricsCountRequestsByRouteAndShowThePool() async throws {
        try await withTestApp { client, _ in
            for _ in 0..<3 {
                try await client.execute(uri: "/health/ready", method: .get) { #expect($0.status == .ok) }
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain") == true)
                let text = response.bodyText
                #expect(text.contains(#"hb_requests{http_route="/health/ready",http_request_method="GET",http_response_status_code="200"}"#))
                #expect(text.contains("http_server_request_duration_bucket{http_route=\"/health/ready\""))
                #expect(text.contains(#"pq_pool_connections{state="idle"}"#))
                #expect(text.contains(#"pq_pool_connections{state="in_use"}"#))
                #expect(text.contains("pq_pool_waiting"))
                // Each readiness check asked the database: its round trips are counted.
                let roundTrips = text.split(separator: "\n").first { $0.hasPrefix("pq_pool_round_trips_total ") }
                    .flatMap { Double($0.split(separator: " ").last ?? "") }
                #expect((roundTrips ?? 0) >= 3)
            }
        }
    }
}
