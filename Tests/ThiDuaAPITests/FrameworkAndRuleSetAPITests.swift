import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct FrameworkAndRuleSetAPITests {
    @Test func decision500IsBuiltIn() async throws {
        try await withTestApp { client, _ in
            let list = try await client.call(.get, "/api/v1/frameworks")
            #expect(list.items.compactMap { $0["code"] as? String } == ["QD500"])
            let qd500 = try await client.call(.get, "/api/v1/frameworks/QD500")
            #expect(qd500.status == .ok)
            #expect(qd500["decisionNumber"] as? String == "500-QĐ/QU")
            #expect(qd500["issuedOn"] as? String == "2016-05-18")
            #expect((qd500["title"] as? String)?.contains("Gương mẫu, cầu thị, trách nhiệm, nói đi đôi với làm") == true)
            let criteria = qd500["criteria"] as? [[String: Any]] ?? []
            #expect(criteria.compactMap { $0["code"] as? String } == ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"])
            #expect(criteria.compactMap { $0["nameVi"] as? String } == ["Gương mẫu", "Cầu thị", "Trách nhiệm", "Nói đi đôi với làm"])
            #expect((criteria.first?["indicators"] as? [String])?.last == "Người đứng đầu nêu gương trước")
            let missing = try await client.call(.get, "/api/v1/frameworks/NOPE")
            #expect(missing.status == .notFound)
        }
    }

    @Test func aNewVersionNeverRewritesTheOld() async throws {
        try await withTestApp { client, _ in
            let body: [String: Any] = [
                "code": "QD500", "decisionNumber": "500-QĐ/QU (sửa đổi)", "issuedOn": "2023-01-10",
                "issuer": "Ban Thường vụ Quận ủy Hồng Bàng", "title": "Tiêu chí sửa đổi", "fromYear": 2023,
                "criteria": [["code": "GUONG_MAU", "nameVi": "Gương mẫu", "nameEn": "Exemplary", "indicators": ["Nêu gương"]]],
            ]
            let created = try await client.call(.post, "/api/v1/frameworks", json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created["version"] as? Int == 2)
            let latest = try await client.call(.get, "/api/v1/frameworks/QD500")
            #expect(latest["version"] as? Int == 2)
            let original = try await client.call(.get, "/api/v1/frameworks/QD500?version=1")
            #expect(original["decisionNumber"] as? String == "500-QĐ/QU")
            #expect((original["criteria"] as? [Any])?.count == 4)

            let bad = try await client.call(.post, "/api/v1/frameworks", json: [
                "code": "qd 1", "issuedOn": "2023-13-01", "fromYear": 2023,
                "criteria": [["code": "A", "nameVi": "A", "nameEn": "A"], ["code": "A", "nameEn": "B"]],
            ])
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.errorFields) == ["code", "decisionNumber", "issuedOn", "issuer", "title", "criteria[1].code", "criteria[1].nameVi"])
        }
    }

    @Test func ruleSetsOf2016To2026AreBuiltIn() async throws {
        try await withTestApp { client, _ in
            let y2016 = try await client.call(.get, "/api/v1/rule-sets/2016")
            #expect(y2016["gradingScheme"] as? String == "LEVELS_4")
            #expect(y2016["excellentQuotaPercent"] as? Double == 20)
            #expect(y2016["frameworkCode"] as? String == "QD500")
            let y2025 = try await client.call(.get, "/api/v1/rule-sets/2025")
            #expect(y2025["gradingScheme"] as? String == "POINTS_100")
            let bands = y2025["pointBands"] as? [String: Any] ?? [:]
            #expect(bands["excellent"] as? Int == 90)
            #expect(bands["good"] as? Int == 70)
            #expect(bands["completed"] as? Int == 50)
            let y2024 = try await client.call(.get, "/api/v1/rule-sets/2024")
            #expect(y2024["gradingScheme"] as? String == "LEVELS_4")
            let missing = try await client.call(.get, "/api/v1/rule-sets/2040")
            #expect(missing.status == .notFound)
        }
    }

    @Test func putCreatesOrReplacesWithChecks() async throws {
        try await withTestApp { client, _ in
            let body: [String: Any] = ["gradingScheme": "POINTS_100", "excellentQuotaPercent": 15,
                                       "pointBands": ["excellent": 95, "good": 75, "completed": 50],
                                       "commitmentDeadline": "2027-01-31"]
            let created = try await client.call(.put, "/api/v1/rule-sets/2027", json: body)
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers[.eTag] == "\"1\"")
            let replaced = try await client.call(.put, "/api/v1/rule-sets/2027", json: body, headers: [.ifMatch: "\"1\""])
            #expect(replaced.status == .ok)
            #expect(replaced["version"] as? Int == 2)
            let stale = try await client.call(.put, "/api/v1/rule-sets/2027", json: body, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)

            let noBands = try await client.call(.put, "/api/v1/rule-sets/2028", json: [
                "gradingScheme": "POINTS_100", "excellentQuotaPercent": 120, "commitmentDeadline": "2029-01-31",
            ])
            #expect(Set(noBands.errorFields) == ["pointBands", "excellentQuotaPercent", "commitmentDeadline"])
            let unknownScheme = try await client.call(.put, "/api/v1/rule-sets/2028", json: ["gradingScheme": "STARS"])
            #expect(Set(unknownScheme.errorFields) == ["gradingScheme", "excellentQuotaPercent", "commitmentDeadline"])
            let after = try await client.call(.get, "/api/v1/rule-sets/2028")
            #expect(after.status == .notFound)
        }
    }
}
