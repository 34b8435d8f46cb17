import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport

@Suite struct CommitmentAPITests {
    nonisolated(unsafe) static let fullItems: [[String: Any]] = [
        ["criterion": "GUONG_MAU", "action": "Gương mẫu chấp hành nội quy khu dân cư", "target": "Cả năm"],
        ["criterion": "CAU_THI", "action": "Học xong lớp lý luận chính trị trung cấp"],
        ["criterion": "TRACH_NHIEM", "action": "Giải quyết kiến nghị của nhân dân trong 7 ngày"],
        ["criterion": "NOI_DI_DOI_VOI_LAM", "action": "Vận động 10 hộ đóng góp làm đường"],
    ]

    /// Signs in an account granted `role` at `organization` (a MEMBER grant links `member`).
    func signIn(_ client: any TestClientProtocol, _ name: String, role: String, at organization: String, member: String? = nil) async throws -> String {
        let created = try await client.call(.post, "/api/v1/users", json: ["username": name, "password": "mat-khau-\(name)", "fullName": name])
        var grant: [String: Any] = ["role": role, "organizationId": organization]
        if let member { grant["memberId"] = member }
        let granted = try await client.call(.post, "/api/v1/users/\(created["id"] as? String ?? "")/grants", json: grant)
        #expect(granted.status == .created, "\(granted.text)")
        let login = try await client.call(.post, "/api/v1/auth/login", json: ["username": name, "password": "mat-khau-\(name)"], token: .some(nil))
        return try #require(login["token"] as? String)
    }

    @Test func aMemberRegistersAndTheSecretaryAcknowledges() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Phạm Thị Hồng", card: "C-1", cell: tree.cellA1, gender: "FEMALE"))
            let memberId = try #require(created["id"] as? String)
            let me = try await signIn(client, "hong", role: "MEMBER", at: tree.cellA1, member: memberId)
            let secretary = try await signIn(client, "bi-thu", role: "SECRETARY", at: tree.cellA1)
            let uri = "/api/v1/members/\(memberId)/commitments/2022"

            #expect(try await client.call(.get, uri, token: .some(me)).status == .notFound)
            // A draft with three of the four criteria cannot be submitted.
            let draft = try await client.call(.put, uri, json: ["items": Array(Self.fullItems.prefix(3))], token: .some(me))
            #expect(draft.status == .created, "\(draft.text)")
            #expect(draft["status"] as? String == "DRAFT")
            #expect(draft.headers[.eTag] == "\"1\"")
            #expect((draft["items"] as? [[String: Any]])?.allSatisfy { $0["id"] != nil } == true)
            let early = try await client.call(.post, "\(uri)/submit", token: .some(me))
            #expect(early.errorFields == ["items"])

            let complete = try await client.call(.put, uri, json: ["items": Self.fullItems], headers: [.ifMatch: "\"1\""], token: .some(me))
            #expect(complete.status == .ok)
            #expect((complete["items"] as? [Any])?.count == 4)
            let stale = try await client.call(.put, uri, json: ["items": Self.fullItems], headers: [.ifMatch: "\"1\""], token: .some(me))
            #expect(stale.status == .preconditionFailed)

            let submitted = try await client.call(.post, "\(uri)/submit", token: .some(me))
            #expect(submitted["status"] as? String == "SUBMITTED")
            // 2022's deadline (31 January 2022) is long past.
            #expect(submitted["late"] as? Bool == true)
            let locked = try await client.call(.put, uri, json: ["items": Self.fullItems], token: .some(me))
            #expect(locked.status == .conflict)
            #expect(locked["code"] as? String == "invalid_state")
            #expect((locked["detail"] as? String)?.contains("SUBMITTED") == true)

            // The member cannot acknowledge their own commitment; the secretary returns it.
            #expect(try await client.call(.post, "\(uri)/acknowledge", token: .some(me)).status == .forbidden)
            let noReason = try await client.call(.post, "\(uri)/return", json: [:] as [String: Any], token: .some(secretary))
            #expect(noReason.errorFields == ["reason"])
            let returned = try await client.call(.post, "\(uri)/return", json: ["reason": "Ghi rõ sản phẩm cụ thể"], token: .some(secretary))
            #expect(returned["status"] as? String == "RETURNED")
            #expect(returned["returnReason"] as? String == "Ghi rõ sản phẩm cụ thể")

            _ = try await client.call(.put, uri, json: ["items": Self.fullItems], token: .some(me))
            _ = try await client.call(.post, "\(uri)/submit", token: .some(me))
            let acknowledged = try await client.call(.post, "\(uri)/acknowledge", token: .some(secretary))
            #expect(acknowledged["status"] as? String == "ACKNOWLEDGED")
            let again = try await client.call(.post, "\(uri)/acknowledge", token: .some(secretary))
            #expect(again.status == .conflict)

            let list = try await client.call(.get, "/api/v1/commitments?organizationId=\(tree.wardA)&year=2022&status=ACKNOWLEDGED", token: .some(secretary))
            #expect(list.items.map { $0["memberId"] as? String } == [memberId])
            let none = try await client.call(.get, "/api/v1/commitments?organizationId=\(tree.wardB)&year=2022")
            #expect(none.items.isEmpty)

            let badCriterion = try await client.call(.put, "/api/v1/members/\(memberId)/commitments/2023",
                                                     json: ["items": [["criterion": "LAZY", "action": "x"]]], token: .some(me))
            #expect(badCriterion.errorFields == ["items[0].criterion"])
        }
    }

    /// Twenty clients replace the same commitment holding the same ETag: one wins, nineteen
    /// are told it changed, and the stored items are exactly the winner's. Twenty requests queue
    /// for the test pool's four connections; while the whole suite runs in parallel the queue
    /// could outlast the pool's 2 s wait and one answered 503, which is not what this tests.
    @Test func twentyParallelUpsertsLeaveOneWinner() async throws {
        try await withTestApp(poolWait: .seconds(30)) { client, database in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Lý Văn Tư", card: "C-20", cell: tree.cellA1))
            let memberId = try #require(created["id"] as? String)
            let uri = "/api/v1/members/\(memberId)/commitments/2024"
            let first = try await client.call(.put, uri, json: ["items": Self.fullItems])
            #expect(first.status == .created)
            let answers = try await withThrowingTaskGroup(of: (Int, HTTPResponse.Status).self) { group in
                for n in 0..<20 {
                    group.addTask {
                        let items: [[String: Any]] = [["criterion": "GUONG_MAU", "action": "Phương án \(n)"]]
                        let answer = try await client.call(.put, uri, json: ["items": items], headers: [.ifMatch: "\"1\""])
                        return (n, answer.status)
                    }
                }
                var all: [(Int, HTTPResponse.Status)] = []
                for try await answer in group { all.append(answer) }
                return all
            }
            let winners = answers.filter { $0.1 == .ok }
            #expect(winners.count == 1)
            #expect(answers.filter { $0.1 == .preconditionFailed }.count == 19, "\(answers.map(\.1.code))")
            let stored = try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                try await $0.query("""
                    SELECT i.action FROM commitment_item i JOIN commitment c ON c.id = i.commitment_id
                    WHERE c.member_id = \(UUID(uuidString: memberId)!) AND c.year = 2024 ORDER BY i.position
                    """).column(String.self)
            }
            #expect(stored == ["Phương án \(winners.first?.0 ?? -1)"])
        }
    }
}
