import Foundation
import Hummingbird
import PQ
import Testing
import TestSupport
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

/// `Docs/openapi.yaml` must describe exactly the routes the server has: every route is in the
/// document and every documented operation is a route.
@Suite struct OpenAPIContractTests {
    /// `path → methods` read from the document's `paths:` block (two-space paths, four-space methods).
    static func documentedOperations() throws -> Set<String> {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Docs/openapi.yaml")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        var operations = Set<String>()
        var inPaths = false
        var path = ""
        for line in lines {
            if line == "paths:" { inPaths = true; continue }
            if inPaths && !line.hasPrefix(" ") && !line.isEmpty { break }
            guard inPaths else { continue }
            if line.hasPrefix("  /"), line.hasSuffix(":"), !line.hasPrefix("   ") {
                path = String(line.dropFirst(2).dropLast())
            } else if line.hasPrefix("    "), !line.hasPrefix("     ") {
                let word = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ":", with: "")
                if ["get", "post", "put", "patch", "delete"].contains(word) {
                    operations.insert("\(word.uppercased()) \(path)")
                }
            }
        }
        return operations
    }

    @Test func everyRouteIsDocumentedAndEveryDocumentedOperationExists() throws {
        let pool = PQPool(configuration: PQConfiguration(url: TestDatabase.serverURL), options: .init(minConnections: 0, maxConnections: 1), logger: TestDatabase.logger)
        let router = buildRouter(pool: pool, accounts: accountStore(configuration: ServiceConfiguration(), pool: pool))
        // The API's routes: the pages are HTML for browsers, not part of the REST contract.
        let routes = Set(router.routes.filter { $0.method != .head && APIRoutes.owns(path: $0.path.description) }.map { route -> String in
            // Hummingbird writes parameters as {name} or :name; the document as {name}.
            let path = route.path.description.split(separator: "/").map { segment -> String in
                segment.hasPrefix(":") ? "{\(segment.dropFirst())}" : String(segment)
            }.joined(separator: "/")
            return "\(route.method.rawValue) /\(path)"
        })
        let documented = try Self.documentedOperations()
        #expect(routes.subtracting(documented).sorted() == [], "routes missing from Docs/openapi.yaml")
        #expect(documented.subtracting(routes).sorted() == [], "documented operations the server does not have")
        #expect(routes.count >= 19)
    }
}
