import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport
@testable import ThiDua

@Suite struct MemberAPITests {
    @Test func createsAMemberAndStoresVietnameseAsNFC() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            // "Nguyễn Thị Ánh" sent decomposed (NFD), with stray spaces.
            let decomposed = "  Nguye\u{302}\u{303}n Thi\u{323} A\u{301}nh "
            let created = try await client.call(.post, "/api/v1/members", json: memberBody(decomposed, card: "HB-1", cell: tree.cellA1, gender: "FEMALE"))
            #expect(created.status == .created, "\(created.text)")
            let name = try #require(created["fullName"] as? String)
            #expect(Array(name.unicodeScalars) == Array("Nguyễn Thị Ánh".precomposedStringWithCanonicalMapping.unicodeScalars))
            #expect(created["status"] as? String == "OFFICIAL")
            #expect(created["cellSince"] as? String == "1990-05-19")
            #expect(created.headers[.location] == "/api/v1/members/\(created["id"] as? String ?? "")")
            let assignments = created["assignments"] as? [[String: Any]] ?? []
            #expect(assignments.count == 1)
            let id = try #require(created["id"] as? String)
            let read = try await client.call(.get, "/api/v1/members/\(id)")
            #expect(read["fullName"] as? String == name)
            #expect(read.headers[.eTag] == "\"1\"")
        }
    }

    @Test func refusesEachInvalidFieldByName() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Trần Văn Bình", card: "HB-7", cell: tree.cellA1))

            let duplicate = try await client.call(.post, "/api/v1/members", json: memberBody("Lê Văn Cường", card: "HB-7", cell: tree.cellA1))
            #expect(duplicate.status == .conflict)
            #expect(duplicate.errorFields == ["partyCardNumber"])

            let officialEarly = try await client.call(.post, "/api/v1/members", json: memberBody("Lê Văn Cường", card: "HB-8", cell: tree.cellA1, officialOn: "1989-01-01"))
            #expect(officialEarly.status == .unprocessableContent)
            #expect(officialEarly.errorFields == ["officialOn"])

            let inWard = try await client.call(.post, "/api/v1/members", json: memberBody("Lê Văn Cường", card: "HB-8", cell: tree.wardA))
            #expect(inWard.errorFields == ["organizationId"])

            let closedCell = try await client.call(.post, "/api/v1/members", json: memberBody("Lê Văn Cường", card: "HB-8", cell: tree.closedCell, admittedOn: "2021-01-01", officialOn: "2022-01-01"))
            #expect(closedCell.errorFields == ["organizationId"])

            var bad = memberBody("Lê Văn Cường", card: "HB-8", cell: tree.cellA1)
            bad["birthDate"] = "1965-02-30"
            bad["gender"] = "X"
            bad["category"] = "ASTRONAUT"
            bad["fullName"] = "   "
            let many = try await client.call(.post, "/api/v1/members", json: bad)
            #expect(Set(many.errorFields) == ["birthDate", "gender", "category", "fullName"])

            let unknownCell = try await client.call(.post, "/api/v1/members", json: memberBody("Lê Văn Cường", card: "HB-8", cell: UUID().uuidString))
            #expect(unknownCell.errorFields == ["organizationId"])

            let missing = try await client.call(.get, "/api/v1/members/\(UUID().uuidString)")
            #expect(missing.status == .notFound)
        }
    }

    @Test func filtersBySubtreeAndStatusAndSearchesWithoutAccents() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let people = [("Nguyễn Văn An", tree.cellA1), ("Nguyễn Văn Bình", tree.cellA2), ("Đặng Thị Hoa", tree.cellB1),
                          ("Phạm Văn Đức", tree.cellB1), ("Trần Nguyên Vũ", tree.cellA1)]
            for (index, person) in people.enumerated() {
                let answer = try await client.call(.post, "/api/v1/members", json: memberBody(person.0, card: "HB-\(index)", cell: person.1))
                #expect(answer.status == .created)
            }
            let inWardA = try await client.call(.get, "/api/v1/members?organizationId=\(tree.wardA)")
            #expect(Set(inWardA.items.compactMap { $0["fullName"] as? String }) == ["Nguyễn Văn An", "Nguyễn Văn Bình", "Trần Nguyên Vũ"])
            let inDistrict = try await client.call(.get, "/api/v1/members?organizationId=\(tree.district)")
            #expect(inDistrict.items.count == 5)

            let nguyenVan = try await client.call(.get, "/api/v1/members?q=nguyen%20van")
            #expect(nguyenVan.items.compactMap { $0["fullName"] as? String } == ["Nguyễn Văn An", "Nguyễn Văn Bình"])
            let dang = try await client.call(.get, "/api/v1/members?q=DANG%20thi")
            #expect(dang.items.compactMap { $0["fullName"] as? String } == ["Đặng Thị Hoa"])
            let duc = try await client.call(.get, "/api/v1/members?q=%C4%91uc") // "đuc"
            #expect(duc.items.compactMap { $0["fullName"] as? String } == ["Phạm Văn Đức"])

            let official = try await client.call(.get, "/api/v1/members?status=PROBATIONARY")
            #expect(official.items.isEmpty)
            let badStatus = try await client.call(.get, "/api/v1/members?status=SLEEPING")
            #expect(badStatus.errorFields == ["status"])

            // Vietnamese order (given name first) across pages of two.
            var names: [String] = []
            var cursor: String? = nil
            repeat {
                let page = try await client.call(.get, "/api/v1/members?limit=2" + (cursor.map { "&cursor=\($0)" } ?? ""))
                names += page.items.compactMap { $0["fullName"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(names == ["Nguyễn Văn An", "Nguyễn Văn Bình", "Phạm Văn Đức", "Đặng Thị Hoa", "Trần Nguyên Vũ"])
        }
    }

    /// An organization's list is sorted when it holds at most `MemberStore.sortedBelow`
    /// members and walked in the name-order index when it holds more (issue 15); both give the
    /// same Vietnamese order, page after page, whichever a page takes.
    @Test func anOrganizationsListKeepsNameOrderWhetherSortedOrWalked() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Đặng", "Vũ", "Bùi"]
            let given = ["An", "Ánh", "Anh", "Bình", "Dũng", "Đức", "Duy", "Yến", "Ý", "Hà"]
            let many = MemberStore.sortedBelow + 7
            for index in 0..<many {
                let name = "\(family[index % family.count]) Văn \(given[(index * 3) % given.count])"
                let answer = try await client.call(.post, "/api/v1/members", json: memberBody(name, card: "SO-\(index)", cell: index < 5 ? tree.cellA1 : tree.cellB1))
                #expect(answer.status == .created, "\(answer.text)")
            }
            func pages(_ organization: String, limit: Int) async throws -> [String] {
                var ids: [String] = []
                var cursor: String? = nil
                repeat {
                    let page = try await client.call(.get, "/api/v1/members?organizationId=\(organization)&limit=\(limit)" + (cursor.map { "&cursor=\($0)" } ?? ""))
                    ids += page.items.compactMap { $0["id"] as? String }
                    cursor = page["nextCursor"] as? String
                } while cursor != nil
                return ids
            }
            // The district's whole list in one walk is the order every smaller list keeps.
            let everyone = try await client.call(.get, "/api/v1/members?organizationId=\(tree.district)&limit=500").items
            #expect(everyone.count == many)
            let cellOf = [tree.wardA: tree.cellA1, tree.wardB: tree.cellB1]
            // Ward A's five are sorted; ward B's first pages walk, its last ones (fewer than the
            // bound left after the cursor) are sorted.
            for (ward, limit) in [(tree.wardA, 2), (tree.wardB, 50), (tree.wardB, 30), (tree.wardB, 500)] {
                let expected = everyone.filter { $0["organizationId"] as? String == cellOf[ward] }.compactMap { $0["id"] as? String }
                #expect(try await pages(ward, limit: limit) == expected, "ward \(ward == tree.wardA ? "A" : "B"), pages of \(limit)")
            }
        }
    }

    /// A list of an organization shows what the caller may read of it: all of it when the
    /// organization is in reach, else only the part in reach (and the caller's own record).
    @Test func aListOfAnOrganizationShowsOnlyWhatTheCallerMayReadOfIt() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let inA1 = try await MatrixCallers.member(client, number: 1, card: "REACH", in: tree.cellA1)
            let inA2 = try await MatrixCallers.member(client, number: 2, card: "REACH", in: tree.cellA2)
            let inB1 = try await MatrixCallers.member(client, number: 3, card: "REACH", in: tree.cellB1)
            func ids(_ organization: String, as token: String) async throws -> Set<String> {
                let answer = try await client.call(.get, "/api/v1/members?organizationId=\(organization)&limit=50", token: .some(token))
                #expect(answer.status == .ok, "\(answer.text)")
                return Set(answer.items.compactMap { $0["id"] as? String })
            }
            let staff = try await MatrixCallers.account(client, "reach-staff", role: .staff, at: tree.wardA).token
            #expect(try await ids(tree.wardA, as: staff) == [inA1, inA2])
            #expect(try await ids(tree.cellA2, as: staff) == [inA2])
            #expect(try await ids(tree.district, as: staff) == [inA1, inA2], "the district only in part")
            #expect(try await ids(tree.wardB, as: staff).isEmpty)
            let secretary = try await MatrixCallers.account(client, "reach-secretary", role: .secretary, at: tree.cellA1).token
            #expect(try await ids(tree.cellA1, as: secretary) == [inA1])
            #expect(try await ids(tree.wardA, as: secretary) == [inA1], "the ward only in part")
            let member = try await MatrixCallers.account(client, "reach-member", role: .member, at: tree.cellB1, member: inB1).token
            #expect(try await ids(tree.wardB, as: member).isSubset(of: [inB1]))
            #expect(try await ids(tree.wardA, as: member).isEmpty)
        }
    }

    @Test func transfersKeepTheHistory() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Vũ Thị Lan", card: "HB-9", cell: tree.cellA1, gender: "FEMALE"))
            let id = try #require(created["id"] as? String)

            let moved = try await client.call(.post, "/api/v1/members/\(id)/transfers", json: ["toOrganizationId": tree.cellB1, "effectiveOn": "2020-02-01"])
            #expect(moved.status == .created, "\(moved.text)")
            #expect(moved["organizationId"] as? String == tree.cellB1)
            #expect(moved["cellSince"] as? String == "2020-02-01")
            let history = moved["assignments"] as? [[String: Any]] ?? []
            #expect(history.map { $0["organizationId"] as? String } == [tree.cellA1, tree.cellB1])
            #expect(history.map { $0["from"] as? String } == ["1990-05-19", "2020-02-01"])
            #expect(history.first?["to"] as? String == "2020-02-01")
            #expect(history.last?["to"] == nil)

            // The member now counts in ward B, not in ward A.
            let inWardA = try await client.call(.get, "/api/v1/members?organizationId=\(tree.wardA)")
            #expect(inWardA.items.isEmpty)

            let backdated = try await client.call(.post, "/api/v1/members/\(id)/transfers", json: ["toOrganizationId": tree.cellA2, "effectiveOn": "2019-01-01"])
            #expect(backdated.errorFields == ["effectiveOn"])
            let toWard = try await client.call(.post, "/api/v1/members/\(id)/transfers", json: ["toOrganizationId": tree.wardA, "effectiveOn": "2021-01-01"])
            #expect(toWard.errorFields == ["toOrganizationId"])
            let toClosed = try await client.call(.post, "/api/v1/members/\(id)/transfers", json: ["toOrganizationId": tree.closedCell, "effectiveOn": "2021-01-01"])
            #expect(toClosed.errorFields == ["toOrganizationId"])
            let noDate = try await client.call(.post, "/api/v1/members/\(id)/transfers", json: ["toOrganizationId": tree.cellA2])
            #expect(noDate.errorFields == ["effectiveOn"])
            let unknown = try await client.call(.post, "/api/v1/members/\(UUID().uuidString)/transfers", json: ["toOrganizationId": tree.cellA2, "effectiveOn": "2021-01-01"])
            #expect(unknown.status == .notFound)

            // Refused transfers wrote nothing: still two assignments.
            let connection = try await PQConnection.connect(database, logger: TestDatabase.logger)
            let rows = try await connection.query("SELECT count(*) FROM member_assignment WHERE member_id = \(UUID(uuidString: id)!)")[0].decode(Int.self, at: 0)
            #expect(rows == 2)
            await connection.close()
        }
    }

    @Test func patchUpdatesFieldsButNotTheCell() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Hồ Văn Nam", card: "HB-10", cell: tree.cellA1))
            let id = try #require(created["id"] as? String)
            let patched = try await client.call(.patch, "/api/v1/members/\(id)", json: ["position": "Bí thư chi bộ", "isHead": true],
                                                headers: [.ifMatch: "\"1\""])
            #expect(patched.status == .ok)
            #expect(patched["position"] as? String == "Bí thư chi bộ")
            #expect(patched["isHead"] as? Bool == true)
            #expect(patched["fullName"] as? String == "Hồ Văn Nam")
            let stale = try await client.call(.patch, "/api/v1/members/\(id)", json: ["position": "x"], headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            let move = try await client.call(.patch, "/api/v1/members/\(id)", json: ["organizationId": tree.cellA2])
            #expect(move.errorFields == ["organizationId"])
            let interruption = try await client.call(.patch, "/api/v1/members/\(id)", json: ["interruptions": [["fromOn": "2000-01-01", "toOn": "1999-01-01"]]])
            #expect(interruption.errorFields == ["interruptions[0].toOn"])
        }
    }
}
