import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua

/// Every count of the web report is a link to the records it counts, and each list has
/// exactly as many records as its figure: the demo district's 2016–2022 summary and one
/// ward's 2022 report, every linked figure followed through every page of its list.
@Suite struct ReportDrillDownTests {
    struct Link: Hashable {
        var path: String
        var figure: Int
    }

    static func links(_ html: String) -> Set<Link> {
        Set(html.matches(of: /<a href="(\/organizations\/[0-9a-f-]+\/figures\?[^"]+)" target="_top">([0-9.]+)<\/a>/).map {
            Link(path: String($0.1).replacingOccurrences(of: "&amp;", with: "&"),
                 figure: Int(String($0.2).replacingOccurrences(of: ".", with: ""))!)
        })
    }

    /// The rows of a list page's table and the count its heading says.
    static func rows(_ html: String) -> (heading: Int?, rows: Int, next: String?) {
        let heading = html.firstMatch(of: #/<h1>([0-9.]+) /#).flatMap { Int(String($0.1).replacingOccurrences(of: ".", with: "")) }
        let body = html.firstMatch(of: #/<tbody>([\s\S]*?)</tbody>/#)?.1 ?? ""
        let next = html.firstMatch(of: /<a href="([^"]+)" rel="next">/).map { String($0.1).replacingOccurrences(of: "&amp;", with: "&") }
        return (heading, body.matches(of: /<tr>/).count, next)
    }

    @Test func everyLinkedFigureListsExactlyThatManyRecords() async throws {
        try await withTestApp { client, database in
            let pool = PQPool(configuration: database, options: .init(minConnections: 1, maxConnections: 1), logger: TestDatabase.logger)
            try await DemoDistrict.load(into: pool, today: CalendarDate("2026-11-25")!)
            let (district, ward) = try await pool.query("""
                SELECT (SELECT id FROM organization WHERE code = 'HP-HB'),
                       (SELECT o.id FROM organization o JOIN organization c ON c.parent_id = o.id JOIN member_assignment a ON a.organization_id = c.id
                        WHERE o.kind = 'WARD' AND o.valid_to IS NULL GROUP BY o.id ORDER BY count(*) DESC, o.id LIMIT 1)
                """)[0].decode((UUID, UUID).self)
            await pool.drain()
            let (_, signedIn) = try await WebPageTests.signIn(client, "admin", TestAuth.adminPassword)
            let session = try #require(signedIn)
            func get(_ path: String) async throws -> String {
                let answer = try await client.call(.get, path, headers: [.cookie: session.cookie], token: .some(nil))
                #expect(answer.status == .ok, "\(path)")
                return answer.text
            }
            for (organization, from, to, least) in [(district, 2016, 2022, 150), (ward, 2022, 2022, 40)] {
                let report = try await get("/reports/document?organizationId=\(organization.uuidString.lowercased())&from=\(from)&to=\(to)")
                let links = Self.links(report)
                // Each key figure of each year, each child's, each recognition form: far more than a handful.
                #expect(links.count >= least, "\(organization): \(links.count) links")
                for link in links {
                    var page: String? = link.path, listed = 0, heading: Int?
                    while let path = page {
                        let list = Self.rows(try await get(path))
                        heading = heading ?? list.heading
                        listed += list.rows
                        page = list.next
                    }
                    #expect(heading == link.figure, "\(link.path)")
                    #expect(listed == link.figure, "\(link.path): \(listed) listed for \(link.figure)")
                }
            }
            // A printed or issued document links nothing: its figures are frozen, the lists live.
            let api = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(ward)&year=2022&format=html")
            #expect(api.status == .ok && Self.links(api.text).isEmpty)
        }
    }
}
