import Foundation
import HummingbirdTesting
import Testing

/// A small tree made through the API: city → district → two wards → two cells each.
struct TreeFixture {
    var city: String
    var district: String
    var wardA: String
    var wardB: String
    var cellA1: String
    var cellA2: String
    var cellB1: String
    var closedCell: String

    static func make(_ client: any TestClientProtocol) async throws -> TreeFixture {
        func create(_ code: String, _ kind: String, _ name: String, parent: String?, validTo: String? = nil) async throws -> String {
            var body: [String: Any] = ["code": code, "kind": kind, "name": name, "validFrom": "2016-01-01"]
            if let parent { body["parentId"] = parent }
            if let validTo { body["validTo"] = validTo }
            let answer = try await client.call(.post, "/api/v1/organizations", json: body)
            #expect(answer.status == .created, "\(answer.text)")
            return try #require(answer["id"] as? String)
        }
        let city = try await create("HP", "CITY", "Đảng bộ thành phố Hải Phòng", parent: nil)
        let district = try await create("HB", "DISTRICT", "Đảng bộ quận Hồng Bàng", parent: city)
        let wardA = try await create("HB-P1", "WARD", "Đảng bộ phường Hoàng Văn Thụ", parent: district)
        let wardB = try await create("HB-P2", "WARD", "Đảng bộ phường Quán Toan", parent: district)
        return TreeFixture(
            city: city, district: district, wardA: wardA, wardB: wardB,
            cellA1: try await create("HB-P1-CB1", "CELL", "Chi bộ khu dân cư số 1", parent: wardA),
            cellA2: try await create("HB-P1-CB2", "CELL", "Chi bộ khu dân cư số 2", parent: wardA),
            cellB1: try await create("HB-P2-CB1", "CELL", "Chi bộ khu dân cư số 1", parent: wardB),
            closedCell: try await create("HB-P2-CB9", "CELL", "Chi bộ đã giải thể", parent: wardB, validTo: "2019-12-31")
        )
    }
}

func memberBody(_ name: String, card: String, cell: String, admittedOn: String = "1990-05-19",
                officialOn: String? = "1991-05-19", gender: String = "MALE") -> [String: Any] {
    var body: [String: Any] = [
        "fullName": name, "gender": gender, "birthDate": "1965-03-02", "partyCardNumber": card,
        "admittedOn": admittedOn, "category": "CONG_CHUC", "organizationId": cell,
    ]
    if let officialOn { body["officialOn"] = officialOn }
    return body
}
