import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@Suite struct SelfAssessmentAPITests {
    @Test func aMemberReviewsTheYearAgainstTheirOwnItems() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Đoàn Văn Sáu", card: "S-1", cell: tree.cellA1))
            let memberId = try #require(created["id"] as? String)
            let commitment = try await client.call(.put, "/api/v1/members/\(memberId)/commitments/2021", json: ["items": CommitmentAPITests.fullItems])
            let itemIds = (commitment["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            #expect(itemIds.count == 4)
            let uri = "/api/v1/members/\(memberId)/self-assessments/2021"
            let levels = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM"].map { ["criterion": $0, "level": "TOT", "note": "Đạt"] }
            let first = try await client.call(.put, uri, json: [
                "criteria": levels, "itemResults": [["itemId": itemIds[0], "result": "DONE"]],
                "strengths": "Gương mẫu", "weaknesses": "Chưa mạnh dạn", "proposedGrade": "HTTNV",
            ])
            #expect(first.status == .created, "\(first.text)")
            #expect(first["status"] as? String == "DRAFT")
            // One criterion is still missing.
            let early = try await client.call(.post, "\(uri)/submit")
            #expect(early.errorFields == ["criteria"])

            let all = levels + [["criterion": "NOI_DI_DOI_VOI_LAM", "level": "XUAT_SAC"]]
            let complete = try await client.call(.put, uri, json: ["criteria": all, "proposedGrade": "HTXSNV"], headers: [.ifMatch: "\"1\""])
            #expect(complete.status == .ok)
            let submitted = try await client.call(.post, "\(uri)/submit")
            #expect(submitted["status"] as? String == "SUBMITTED")
            let edit = try await client.call(.put, uri, json: ["criteria": all])
            #expect(edit.status == .conflict)
            #expect((edit["detail"] as? String)?.contains("SUBMITTED") == true)
        }
    }

    @Test func theYearsSchemeDecidesLevelsOrPoints() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Tô Thị Bảy", card: "S-2", cell: tree.cellA1, gender: "FEMALE"))
            let memberId = try #require(created["id"] as? String)
            let levelsIn2025 = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/2025",
                                                     json: ["criteria": [["criterion": "GUONG_MAU", "level": "TOT"]]])
            #expect(Set(levelsIn2025.errorFields) == ["criteria[0].points", "criteria[0].level"])
            let points = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/2025",
                                               json: ["criteria": [["criterion": "GUONG_MAU", "points": 92]]])
            #expect(points.status == .created)
            let tooMany = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/2025",
                                                json: ["criteria": [["criterion": "GUONG_MAU", "points": 101]]])
            #expect(tooMany.errorFields == ["criteria[0].points"])
            let pointsIn2020 = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/2020",
                                                     json: ["criteria": [["criterion": "GUONG_MAU", "points": 80]]])
            #expect(Set(pointsIn2020.errorFields) == ["criteria[0].points", "criteria[0].level"])
            let foreignItem = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/2020",
                                                    json: ["itemResults": [["itemId": UUID().uuidString, "result": "DONE"]]])
            #expect(foreignItem.errorFields == ["itemResults[0].itemId"])
            let badCodes = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/2020",
                                                 json: ["criteria": [["criterion": "GUONG_MAU", "level": "GIOI"]], "proposedGrade": "A+"])
            #expect(Set(badCodes.errorFields) == ["criteria[0].level", "proposedGrade"])
        }
    }
}
