import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport

@Suite struct RecognitionAPITests {
    @Test func commendationsFollowTheirRules() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Lương Thị Xuân", card: "X-1", cell: tree.cellA1, gender: "FEMALE"))
            let memberId = try #require(created["id"] as? String)
            // Excellent in 2018, 2019, 2021 and 2022; 2020 is missing for now.
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) { connection in
                for year in [2018, 2019, 2021, 2022] {
                    try await connection.query("""
                        INSERT INTO member_grade (member_id, year, organization_id, grade) VALUES (\(UUID(uuidString: memberId)!), \(Int32(year)), \(UUID(uuidString: tree.wardA)!), 'HTXSNV')
                        """)
                }
            }
            func commend(_ basis: String, _ year: Int, form: String = "GIAY_KHEN", issuer: String? = nil, extra: [String: Any] = [:]) async throws -> JSONAnswer {
                var body: [String: Any] = ["memberId": memberId, "year": year, "form": form, "issuerOrganizationId": issuer ?? tree.district,
                                           "basis": basis, "criteria": ["GUONG_MAU"], "title": "Đảng viên hoàn thành xuất sắc nhiệm vụ",
                                           "decisionNumber": "12-QĐ/QU", "decidedOn": "\(year + 1)-01-20"]
                body.merge(extra) { $1 }
                return try await client.call(.post, "/api/v1/commendations", json: body)
            }
            let yearOk = try await commend("EXCELLENT_YEAR", 2022)
            #expect(yearOk.status == .created, "\(yearOk.text)")
            #expect(try await commend("EXCELLENT_YEAR", 2022).status == .conflict)
            #expect(try await commend("EXCELLENT_YEAR", 2022, form: "BANG_KHEN").status == .created)
            let notExcellent = try await commend("EXCELLENT_YEAR", 2017)
            #expect(notExcellent.errorFields == ["basis"])
            let fiveMissing = try await commend("EXCELLENT_5_YEARS", 2022)
            #expect(fiveMissing.errorFields == ["basis"])
            #expect(((fiveMissing["errors"] as? [[String: Any]])?.first?["message"] as? String)?.hasSuffix("missing: 2020") == true)
            let wrongIssuer = try await commend("EXCELLENT_YEAR", 2021, issuer: tree.wardB)
            #expect(wrongIssuer.errorFields == ["issuerOrganizationId"])
            let two = try await commend("OTHER", 2021, extra: ["organizationId": tree.wardA])
            #expect(two.errorFields == ["memberId"])

            // Candidates of 2022: excellent that year (already commended), not yet five running.
            var candidates = try await client.call(.get, "/api/v1/organizations/\(tree.district)/commendation-candidates?year=2022")
            #expect(candidates.items.map { "\($0["basis"] as? String ?? "")/\($0["alreadyHolds"] as? Bool ?? false)" } == ["EXCELLENT_YEAR/true"])
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                try await $0.query("INSERT INTO member_grade (member_id, year, organization_id, grade) VALUES (\(UUID(uuidString: memberId)!), 2020, \(UUID(uuidString: tree.wardA)!), 'HTXSNV')")
            }
            candidates = try await client.call(.get, "/api/v1/organizations/\(tree.district)/commendation-candidates?year=2022")
            #expect(candidates.items.map { "\($0["basis"] as? String ?? "")/\($0["alreadyHolds"] as? Bool ?? false)" }
                    == ["EXCELLENT_YEAR/true", "EXCELLENT_5_YEARS/false"])
            let five = try await commend("EXCELLENT_5_YEARS", 2022, form: "BANG_KHEN")
            #expect(five.status == .created, "\(five.text)")

            let list = try await client.call(.get, "/api/v1/commendations?organizationId=\(tree.wardA)&year=2022&form=BANG_KHEN")
            #expect(list.items.count == 2)
            let none = try await client.call(.get, "/api/v1/commendations?organizationId=\(tree.wardB)")
            #expect(none.items.isEmpty)
            let one = try await client.call(.get, "/api/v1/commendations/\(yearOk["id"] as? String ?? "")")
            #expect(one["title"] as? String == "Đảng viên hoàn thành xuất sắc nhiệm vụ")
            #expect(try await client.call(.get, "/api/v1/commendations/\(UUID().uuidString)").status == .notFound)
            #expect(try await client.call(.get, "/api/v1/organizations/\(tree.district)/commendation-candidates").errorFields == ["year"])
        }
    }

    @Test func activitiesByOrganizationDateAndChannel() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let held = [("2022-03-05", "ZALO", tree.cellA1), ("2022-06-10", "LOUDSPEAKER", tree.wardA), ("2022-09-01", "ZALO", tree.cellB1)]
            for (day, channel, organization) in held {
                let created = try await client.call(.post, "/api/v1/organizations/\(organization)/activities", json: [
                    "heldOn": day, "channel": channel, "topic": "Tuyên truyền Quy định 08-QĐi/TW về nêu gương", "participants": 40])
                #expect(created.status == .created, "\(created.text)")
            }
            let bad = try await client.call(.post, "/api/v1/organizations/\(tree.wardA)/activities", json: ["heldOn": "2022-13-01", "channel": "TIKTOK", "participants": -1])
            #expect(Set(bad.errorFields) == ["heldOn", "channel", "topic", "participants"])
            let wardA = try await client.call(.get, "/api/v1/organizations/\(tree.wardA)/activities")
            #expect(wardA.items.map { $0["heldOn"] as? String } == ["2022-06-10", "2022-03-05"])
            let zalo = try await client.call(.get, "/api/v1/organizations/\(tree.district)/activities?channel=ZALO&from=2022-04-01&to=2022-12-31")
            #expect(zalo.items.map { $0["heldOn"] as? String } == ["2022-09-01"])
            #expect(try await client.call(.get, "/api/v1/organizations/\(UUID().uuidString)/activities").status == .notFound)
        }
    }
}

@Suite struct ExemplarAPITests {
    @Test func stagesMoveForwardOnlyAndCommendedNeedsTheCommendation() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/exemplars", json: [
                "organizationId": tree.cellA1, "criteria": ["TRACH_NHIEM"], "title": "Chi bộ khu dân cư số 1 tiêu biểu", "discoveredOn": "2021-04-01"])
            #expect(created.status == .created, "\(created.text)")
            #expect(created["stage"] as? String == "DISCOVERED")
            let id = try #require(created["id"] as? String)
            let uri = "/api/v1/exemplars/\(id)"
            let skip = try await client.call(.patch, uri, json: ["stage": "PROPOSED"])
            #expect(skip.status == .conflict)
            #expect((skip["detail"] as? String)?.contains("DISCOVERED") == true)
            #expect(try await client.call(.patch, uri, json: ["stage": "NURTURED", "note": "Bồi dưỡng"]).status == .ok)
            #expect(try await client.call(.patch, uri, json: ["stage": "DISCOVERED"]).status == .conflict)
            #expect(try await client.call(.patch, uri, json: ["stage": "PROPOSED"], headers: [.ifMatch: "\"1\""]).status == .preconditionFailed)
            #expect(try await client.call(.patch, uri, json: ["stage": "PROPOSED"]).status == .ok)
            let noCommendation = try await client.call(.patch, uri, json: ["stage": "COMMENDED"])
            #expect(noCommendation.errorFields == ["commendationId"])
            let other = try await client.call(.post, "/api/v1/commendations", json: [
                "organizationId": tree.cellA2, "year": 2021, "form": "GIAY_KHEN", "issuerOrganizationId": tree.wardA, "basis": "EXEMPLAR",
                "title": "Khen", "decisionNumber": "3-QĐ", "decidedOn": "2021-12-01"])
            let wrong = try await client.call(.patch, uri, json: ["stage": "COMMENDED", "commendationId": other["id"] as? String ?? ""])
            #expect(wrong.errorFields == ["commendationId"])
            let right = try await client.call(.post, "/api/v1/commendations", json: [
                "organizationId": tree.cellA1, "year": 2021, "form": "GIAY_KHEN", "issuerOrganizationId": tree.wardA, "basis": "EXEMPLAR",
                "title": "Khen", "decisionNumber": "4-QĐ", "decidedOn": "2021-12-01"])
            let commended = try await client.call(.patch, uri, json: ["stage": "COMMENDED", "commendationId": right["id"] as? String ?? ""])
            #expect(commended["stage"] as? String == "COMMENDED")
            #expect((commended["history"] as? [Any])?.count == 4)
            #expect(try await client.call(.patch, uri, json: ["stage": "REJECTED"]).status == .conflict)
            let list = try await client.call(.get, "/api/v1/exemplars?organizationId=\(tree.wardA)&stage=COMMENDED")
            #expect(list.items.map { $0["id"] as? String } == [id])
            let both = try await client.call(.post, "/api/v1/exemplars", json: ["title": "x", "discoveredOn": "2021-01-01"])
            #expect(both.errorFields == ["memberId"])
        }
    }
}
