import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport

@Suite struct OrganizationAPITests {
    @Test func createsTheTreeAndReadsItBack() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            let ward = try await client.call(.get, "/api/v1/organizations/\(tree.wardA)")
            #expect(ward.status == .ok)
            #expect(ward["name"] as? String == "Đảng bộ phường Hoàng Văn Thụ")
            #expect(ward["kind"] as? String == "WARD")
            #expect(ward["parentId"] as? String == tree.district)
            #expect(ward.headers[.eTag] == "\"1\"")

            let wards = try await client.call(.get, "/api/v1/organizations?kind=WARD")
            #expect(wards.items.map { $0["code"] as? String } == ["HB-P1", "HB-P2"])
            #expect(wards.object.keys.contains("nextCursor"))
            let children = try await client.call(.get, "/api/v1/organizations?parentId=\(tree.wardA)")
            #expect(Set(children.items.compactMap { $0["id"] as? String }) == [tree.cellA1, tree.cellA2])

            // Accent-insensitive: "hoang van thu" finds "Hoàng Văn Thụ".
            let found = try await client.call(.get, "/api/v1/organizations?q=hoang%20van%20thu")
            #expect(found.items.map { $0["code"] as? String } == ["HB-P1"])

            let subtree = try await client.call(.get, "/api/v1/organizations/\(tree.district)/tree")
            #expect(subtree.status == .ok)
            let wardNodes = subtree["children"] as? [[String: Any]] ?? []
            #expect(wardNodes.count == 2)
            #expect(wardNodes.map { ($0["children"] as? [Any])?.count } == [2, 2])

            // Every write left an audit event in the same database.
            let connection = try await PQConnection.connect(database, logger: TestDatabase.logger)
            let events = try await connection.query("SELECT count(*) FROM audit_event WHERE action = 'organization.created'")[0].decode(Int.self, at: 0)
            #expect(events == 8)
            await connection.close()
        }
    }

    @Test func refusesBadPlacementAndBadFields() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let cellUnderDistrict = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "X1", "kind": "CELL", "name": "Chi bộ lạc chỗ", "validFrom": "2016-01-01", "parentId": tree.district,
            ])
            #expect(cellUnderDistrict.status == .unprocessableContent)
            #expect(cellUnderDistrict.headers[.contentType] == "application/problem+json")
            #expect(cellUnderDistrict["code"] as? String == "validation_failed")
            #expect(cellUnderDistrict.errorFields == ["parentId"])

            let empty = try await client.call(.post, "/api/v1/organizations", json: ["kind": "PLANET", "validFrom": "2016-02-30"])
            #expect(empty.status == .unprocessableContent)
            #expect(Set(empty.errorFields) == ["code", "kind", "name", "validFrom"])

            let wrongType = try await client.call(.post, "/api/v1/organizations", json: ["code": 12])
            #expect(wrongType.status == .unprocessableContent)
            #expect(wrongType.errorFields == ["code"])

            let duplicate = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "HB-P1", "kind": "WARD", "name": "Trùng mã", "validFrom": "2016-01-01", "parentId": tree.district,
            ])
            #expect(duplicate.status == .conflict)
            #expect(duplicate["code"] as? String == "conflict")

            let unknownParent = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "X2", "kind": "WARD", "name": "Mồ côi", "validFrom": "2016-01-01", "parentId": UUID().uuidString,
            ])
            #expect(unknownParent.errorFields == ["parentId"])
        }
    }

    @Test func unknownIdsAre404() async throws {
        try await withTestApp { client, _ in
            for uri in ["/api/v1/organizations/\(UUID().uuidString)", "/api/v1/organizations/not-an-id",
                        "/api/v1/organizations/\(UUID().uuidString)/tree"] {
                let answer = try await client.call(.get, uri)
                #expect(answer.status == .notFound, "\(uri)")
                #expect(answer["code"] as? String == "not_found")
            }
            let patch = try await client.call(.patch, "/api/v1/organizations/\(UUID().uuidString)", json: ["name": "x"])
            #expect(patch.status == .notFound)
        }
    }

    @Test func patchHonoursIfMatch() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let renamed = try await client.call(.patch, "/api/v1/organizations/\(tree.wardB)", json: ["name": "Đảng bộ phường Quán Toan (mới)"],
                                                headers: [.ifMatch: "\"1\""])
            #expect(renamed.status == .ok)
            #expect(renamed["name"] as? String == "Đảng bộ phường Quán Toan (mới)")
            #expect(renamed.headers[.eTag] == "\"2\"")
            let stale = try await client.call(.patch, "/api/v1/organizations/\(tree.wardB)", json: ["name": "Lỗi"],
                                              headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale["code"] as? String == "precondition_failed")
            let current = try await client.call(.get, "/api/v1/organizations/\(tree.wardB)")
            #expect(current["name"] as? String == "Đảng bộ phường Quán Toan (mới)")
        }
    }

    @Test func aMergerClosesThePredecessorAndNamesItsSuccessor() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let merged = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "HB-P3", "kind": "WARD", "name": "Đảng bộ phường Hoàng Văn Thụ mới", "validFrom": "2020-02-01",
                "parentId": tree.district, "predecessorIds": [tree.wardA],
            ])
            #expect(merged.status == .created)
            #expect(merged["predecessorIds"] as? [String] == [tree.wardA])
            let old = try await client.call(.get, "/api/v1/organizations/\(tree.wardA)")
            #expect(old["validTo"] as? String == "2020-01-31")
            #expect(old["successorId"] as? String == merged["id"] as? String)
        }
    }
}

@Suite struct IdempotencyAPITests {
    @Test func theSameKeyReplaysAndAnotherBodyIsRefused() async throws {
        try await withTestApp { client, database in
            let body: [String: Any] = ["code": "HP", "kind": "CITY", "name": "Đảng bộ thành phố Hải Phòng", "validFrom": "1930-02-03"]
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "create-hp-1"]
            let first = try await client.call(.post, "/api/v1/organizations", json: body, headers: key)
            #expect(first.status == .created)
            let again = try await client.call(.post, "/api/v1/organizations", json: body, headers: key)
            #expect(again.status == .created)
            #expect(again["id"] as? String == first["id"] as? String)
            #expect(again.headers[.location] == first.headers[.location])
            #expect(again.headers[HTTPField.Name("Idempotent-Replayed")!] == "true")
            var other = body
            other["name"] = "Khác"
            let different = try await client.call(.post, "/api/v1/organizations", json: other, headers: key)
            #expect(different.status == .unprocessableContent)
            #expect(different.errorFields == ["Idempotency-Key"])
            // Only one organization was made.
            let connection = try await PQConnection.connect(database, logger: TestDatabase.logger)
            let count = try await connection.query("SELECT count(*) FROM organization")[0].decode(Int.self, at: 0)
            #expect(count == 1)
            await connection.close()
            // Without a key the same body is a new request (and here a duplicate code).
            let plain = try await client.call(.post, "/api/v1/organizations", json: body)
            #expect(plain.status == .conflict)
        }
    }
}

extension IdempotencyAPITests {
    @Test func keysBelongToTheirCaller() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let key: HTTPFields = [HTTPField.Name("Idempotency-Key")!: "same-key"]
            let first = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "K1", "kind": "CELL", "name": "Chi bộ K1", "validFrom": "2020-01-01", "parentId": tree.wardA], headers: key)
            #expect(first.status == .created)
            // Another administrator with the same key gets an answer of their own.
            let created = try await client.call(.post, "/api/v1/users", json: ["username": "other-admin", "password": "mat-khau-admin-2", "fullName": "Khác"])
            _ = try await client.call(.post, "/api/v1/users/\(created["id"] as? String ?? "")/grants", json: ["role": "ADMIN", "organizationId": tree.district])
            let login = try await client.call(.post, "/api/v1/auth/login", json: ["username": "other-admin", "password": "mat-khau-admin-2"], token: .some(nil))
            let other = try await client.call(.post, "/api/v1/organizations", json: [
                "code": "K2", "kind": "CELL", "name": "Chi bộ K2", "validFrom": "2020-01-01", "parentId": tree.wardA],
                headers: key, token: .some(login["token"] as? String))
            #expect(other.status == .created)
            #expect(other["code"] as? String == "K2")
        }
    }
}
