import Foundation
import HummingbirdTesting
import Testing

/// Provinces under one national root: a city served alone joins the nation, and the nation's
/// reports count every province.
@Suite struct NationAPITests {
    @Test func aCityJoinsTheNationAndTheNationsReportCountsEveryProvince() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            func create(_ code: String, _ kind: String, _ name: String, parent: String?) async throws -> String {
                var body: [String: Any] = ["code": code, "kind": kind, "name": name, "validFrom": "2016-01-01"]
                if let parent { body["parentId"] = parent }
                let answer = try await client.call(.post, "/api/v1/organizations", json: body)
                #expect(answer.status == .created, "\(code): \(answer.text)")
                return try #require(answer["id"] as? String)
            }
            let nation = try await create("VN", "NATION", "Đảng Cộng sản Việt Nam", parent: nil)
            // A nation has no parent, and nothing but a province sits directly under it.
            let nested = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "VN2", "kind": "NATION", "name": "Thử", "validFrom": "2016-01-01", "parentId": nation])
            #expect(nested.status == .unprocessableContent)
            #expect(nested.errorFields == ["parentId"])
            let district = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "VN-D", "kind": "DISTRICT", "name": "Thử", "validFrom": "2016-01-01", "parentId": nation])
            #expect(district.errorFields == ["parentId"])

            let moved = try await client.call(.patch, "/api/v1/organizations/\(tree.city)", json: ["parentId": nation])
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(moved["parentId"] as? String == nation)
            let province = try await create("QN", "CITY", "Đảng bộ tỉnh Quảng Ninh", parent: nation)
            let hl = try await create("QN-HL", "DISTRICT", "Đảng bộ thành phố Hạ Long", parent: province)
            let ward = try await create("QN-HL-P1", "WARD", "Đảng bộ phường Bạch Đằng", parent: hl)
            let cell = try await create("QN-HL-P1-CB1", "CELL", "Chi bộ khu 1", parent: ward)
            for (index, cell) in [tree.cellA1, tree.cellB1, cell].enumerated() {
                let member = try await client.call(.post, "/api/v1/members", json: memberBody("Trần Văn Thành \(index)", card: "N-\(index)", cell: cell))
                #expect(member.status == .created)
            }

            let annual = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(nation)&year=2022")
            #expect(annual.status == .ok, "\(annual.text)")
            #expect((annual["roster"] as? [String: Any])?["members"] as? Int == 3)
            let provinces = (annual["children"] as? [[String: Any]] ?? []).map {
                (($0["organization"] as? [String: Any])?["code"] as? String ?? "", ($0["roster"] as? [String: Any])?["members"] as? Int)
            }
            #expect(provinces.map(\.0) == ["HP", "QN"])
            #expect(provinces.map(\.1) == [2, 1])

            let summary = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(nation)&from=2016&to=2022")
            #expect(summary.status == .ok)
            let last = (summary["years"] as? [[String: Any]])?.last
            #expect(last?["year"] as? Int == 2022)
            #expect((last?["roster"] as? [String: Any])?["members"] as? Int == 3)

            let html = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(nation)&from=2016&to=2022&format=html")
            for part in ["BAN CHẤP HÀNH TRUNG ƯƠNG", "T/M BAN BÍ THƯ", "Hà Nội, ngày", "Quảng Ninh"] {
                #expect(html.text.contains(part), "the nation's report has \(part)")
            }
            // A province's committee heads its own report under the party's name alone, as the
            // district's report under it still names the city's party organization.
            let hp = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(tree.city)&year=2022&format=html")
            #expect(hp.text.components(separatedBy: "ĐẢNG CỘNG SẢN VIỆT NAM").count == 2, "the party's name once")
            #expect(hp.text.contains("THÀNH ỦY HẢI PHÒNG"))
            let hb = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(tree.district)&year=2022&format=html")
            #expect(hb.text.contains("ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG") && hb.text.contains("QUẬN ỦY HỒNG BÀNG"))
        }
    }
}
