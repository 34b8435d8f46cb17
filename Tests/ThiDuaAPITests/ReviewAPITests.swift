import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport

@Suite struct ReviewAPITests {
    /// A cell's year through HTTP: the member registers and reviews themself, the secretary
    /// acknowledges and holds the cell meeting, the ward committee decides.
    @Test func aCellWalksThroughItsYear() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let helper = CommitmentAPITests()
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Vương Thị Mai", card: "Y-1", cell: tree.cellA1, gender: "FEMALE"))
            let memberId = try #require(created["id"] as? String)
            let other = try await client.call(.post, "/api/v1/members", json: memberBody("Trịnh Văn Khoa", card: "Y-2", cell: tree.cellA1))
            let otherId = try #require(other["id"] as? String)
            let me = try await helper.signIn(client, "mai", role: "MEMBER", at: tree.cellA1, member: memberId)
            let cellSecretary = try await helper.signIn(client, "bt-cb1", role: "SECRETARY", at: tree.cellA1)
            let wardCommittee = try await helper.signIn(client, "du-p1", role: "SECRETARY", at: tree.wardA)
            let year = "2022"

            // January: the commitment.
            let commitment = try await client.call(.put, "/api/v1/members/\(memberId)/commitments/\(year)", json: ["items": CommitmentAPITests.fullItems], token: .some(me))
            let itemIds = (commitment["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            _ = try await client.call(.post, "/api/v1/members/\(memberId)/commitments/\(year)/submit", token: .some(me))
            let acknowledged = try await client.call(.post, "/api/v1/members/\(memberId)/commitments/\(year)/acknowledge", token: .some(cellSecretary))
            #expect(acknowledged["status"] as? String == "ACKNOWLEDGED")

            // December: the self-review.
            let levels = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"].map { ["criterion": $0, "level": "TOT"] }
            let review = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/\(year)", json: [
                "criteria": levels, "itemResults": itemIds.map { ["itemId": $0, "result": "DONE"] }, "proposedGrade": "HTXSNV",
            ], token: .some(me))
            #expect(review.status == .created, "\(review.text)")
            _ = try await client.call(.post, "/api/v1/members/\(memberId)/self-assessments/\(year)/submit", token: .some(me))

            // The cell meeting proposes; the quorum is reported; the self-review locks.
            let meeting = try await client.call(.put, "/api/v1/organizations/\(tree.cellA1)/reviews/\(year)", json: [
                "heldOn": "2022-12-10", "chair": "Trịnh Văn Khoa", "secretary": "Vương Thị Mai", "attendees": 2, "eligible": 2,
                "minutes": "Chi bộ họp kiểm điểm cuối năm.",
                "proposals": [
                    ["memberId": memberId, "proposedGrade": "HTTNV", "comment": "Hoàn thành tốt", "votesFor": 2, "votesAgainst": 0, "votesAbstain": 0],
                    ["memberId": otherId, "proposedGrade": "HTTNV", "votesFor": 2],
                ],
            ], token: .some(cellSecretary))
            #expect(meeting.status == .created, "\(meeting.text)")
            #expect(meeting["quorumMet"] as? Bool == true)
            let lockedEdit = try await client.call(.put, "/api/v1/members/\(memberId)/self-assessments/\(year)", json: ["strengths": "x"], token: .some(me))
            #expect(lockedEdit.status == .conflict)
            #expect((lockedEdit["detail"] as? String)?.contains("locked") == true)

            // The ward decides: a grade other than the cell's proposal needs a reason.
            var decision: [String: Any] = [
                "heldOn": "2022-12-20", "decisionNumber": "15-QĐ/ĐU", "decidedOn": "2022-12-20",
                "criteria": [["criterion": "GUONG_MAU", "level": "TOT", "note": "Đảng viên gương mẫu"]],
                "strengths": "Đoàn kết", "limitations": "Sinh hoạt chưa đều",
                "grades": [["memberId": memberId, "grade": "HTTNV"], ["memberId": otherId, "grade": "HTNV"]],
            ]
            let noReason = try await client.call(.put, "/api/v1/organizations/\(tree.wardA)/reviews/\(year)", json: decision, token: .some(wardCommittee))
            #expect(noReason.errorFields == ["grades[1].reason"])
            decision["grades"] = [["memberId": memberId, "grade": "HTTNV"], ["memberId": otherId, "grade": "HTNV", "reason": "Vắng họp nhiều lần"]]
            let decided = try await client.call(.put, "/api/v1/organizations/\(tree.wardA)/reviews/\(year)", json: decision, token: .some(wardCommittee))
            #expect(decided.status == .created, "\(decided.text)")
            #expect((decided["grades"] as? [Any])?.count == 2)

            // The locks are in place: the commitment is closed.
            let closed = try await client.call(.get, "/api/v1/members/\(memberId)/commitments/\(year)", token: .some(me))
            #expect(closed["status"] as? String == "CLOSED")
            let editClosed = try await client.call(.put, "/api/v1/members/\(memberId)/commitments/\(year)", json: ["items": CommitmentAPITests.fullItems], token: .some(me))
            #expect(editClosed.status == .conflict)

            let grades = try await client.call(.get, "/api/v1/members/\(memberId)/grades", token: .some(me))
            let row = try #require(grades.items.first)
            #expect(row["year"] as? Int == 2022)
            #expect(row["selfProposed"] as? String == "HTXSNV")
            #expect(row["cellProposal"] as? String == "HTTNV")
            #expect(row["decided"] as? String == "HTTNV")
            #expect(row["decisionNumber"] as? String == "15-QĐ/ĐU")

            // Reopening lifts the locks, audited.
            let noReopenReason = try await client.call(.post, "/api/v1/organizations/\(tree.wardA)/reviews/\(year)/reopen", json: [:] as [String: Any], token: .some(wardCommittee))
            #expect(noReopenReason.errorFields == ["reason"])
            let reopened = try await client.call(.post, "/api/v1/organizations/\(tree.wardA)/reviews/\(year)/reopen",
                                                 json: ["reason": "Xem xét lại theo kiến nghị"], token: .some(wardCommittee))
            #expect(reopened["reopenReason"] as? String == "Xem xét lại theo kiến nghị")
            let afterReopen = try await client.call(.get, "/api/v1/members/\(memberId)/commitments/\(year)", token: .some(me))
            #expect(afterReopen["status"] as? String == "ACKNOWLEDGED")
            let trail = try await client.call(.get, "/api/v1/audit-events?entityType=review")
            #expect(trail.items.contains { $0["action"] as? String == "review.reopened" })
        }
    }

    /// A member moved after their old cell met, the move recorded later, is proposed by both
    /// cells of the ward: the decision starts from the later meeting's proposal, every time.
    @Test func aMemberProposedByTwoCellsIsDecidedFromTheLaterMeeting() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Đinh Văn Chuyển", card: "MV-1", cell: tree.cellA1))
            let member = try #require(created["id"] as? String)
            let early = try await client.call(.put, "/api/v1/organizations/\(tree.cellA1)/reviews/2022", json: [
                "heldOn": "2022-11-10", "attendees": 1, "eligible": 1, "proposals": [["memberId": member, "proposedGrade": "HTXSNV", "votesFor": 1]],
            ])
            #expect(early.status == .created, "\(early.text)")
            let moved = try await client.call(.post, "/api/v1/members/\(member)/transfers", json: ["toOrganizationId": tree.cellA2, "effectiveOn": "2022-11-01"])
            #expect(moved.status == .ok || moved.status == .created, "\(moved.text)")
            let later = try await client.call(.put, "/api/v1/organizations/\(tree.cellA2)/reviews/2022", json: [
                "heldOn": "2022-12-10", "attendees": 1, "eligible": 1, "proposals": [["memberId": member, "proposedGrade": "HTNV", "votesFor": 1]],
            ])
            #expect(later.status == .created, "\(later.text)")
            func decide(_ grade: String) async throws -> JSONAnswer {
                try await client.call(.put, "/api/v1/organizations/\(tree.wardA)/reviews/2022", json: [
                    "decisionNumber": "9-QĐ/ĐU", "decidedOn": "2022-12-20", "grades": [["memberId": member, "grade": grade]],
                ])
            }
            // HTXSNV departs from the later proposal (HTNV) and needs a reason; HTNV does not.
            for _ in 0..<3 { #expect(try await decide("HTXSNV").errorFields == ["grades[0].reason"]) }
            let decided = try await decide("HTNV")
            #expect(decided.status == .created, "\(decided.text)")
            // The member's own history shows the same proposal.
            let history = try await client.call(.get, "/api/v1/members/\(member)/grades")
            #expect(history.items.first?["cellProposal"] as? String == "HTNV")
        }
    }

    @Test func cellMeetingNumbersAreChecked() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Cao Văn Lâm", card: "Y-3", cell: tree.cellA1))
            let memberId = try #require(created["id"] as? String)
            let outsider = try await client.call(.post, "/api/v1/members", json: memberBody("Cao Văn Ngoài", card: "Y-4", cell: tree.cellB1))
            let bad = try await client.call(.put, "/api/v1/organizations/\(tree.cellA1)/reviews/2022", json: [
                "heldOn": "2022-12-10", "attendees": 5, "eligible": 4,
                "proposals": [["memberId": memberId, "proposedGrade": "HTTNV", "votesFor": 4, "votesAgainst": 2],
                              ["memberId": outsider["id"] as? String ?? "", "proposedGrade": "HTTNV"]],
            ])
            #expect(Set(bad.errorFields) == ["attendees", "proposals[0].votesFor", "proposals[1].memberId"])
            let thin = try await client.call(.put, "/api/v1/organizations/\(tree.cellA1)/reviews/2022", json: [
                "heldOn": "2022-12-10", "attendees": 2, "eligible": 3, "proposals": [["memberId": memberId, "proposedGrade": "HTTNV", "votesFor": 2]],
            ])
            #expect(thin.status == .created)
            #expect(thin["quorumMet"] as? Bool == false)
        }
    }

    /// 20 % of the HTTNV count, rounded down: with five HTTNV one HTXSNV passes, two do not,
    /// whether in one request or split over several; a refused decision writes nothing.
    @Test func theQuotaHoldsAtItsBoundary() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            var ids: [String] = []
            for n in 0..<8 {
                let created = try await client.call(.post, "/api/v1/members", json: memberBody("Đảng viên \(n)", card: "Q-\(n)", cell: n % 2 == 0 ? tree.cellA1 : tree.cellA2))
                ids.append(try #require(created["id"] as? String))
            }
            func decide(_ grades: [(Int, String)]) async throws -> JSONAnswer {
                try await client.call(.put, "/api/v1/organizations/\(tree.wardA)/reviews/2021", json: [
                    "decisionNumber": "9-QĐ/ĐU", "decidedOn": "2021-12-28",
                    "grades": grades.map { ["memberId": ids[$0.0], "grade": $0.1] },
                ])
            }
            func stored() async throws -> Int {
                try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                    try await $0.query("SELECT count(*) FROM member_grade WHERE year = 2021")[0].decode(Int.self, at: 0)
                }
            }
            // Five HTTNV and two HTXSNV at once: one over the maximum of one.
            let over = try await decide([(0, "HTTNV"), (1, "HTTNV"), (2, "HTTNV"), (3, "HTTNV"), (4, "HTTNV"), (5, "HTXSNV"), (6, "HTXSNV")])
            #expect(over.status == .unprocessableContent)
            #expect(over["code"] as? String == "quota_exceeded")
            #expect(over["maximum"] as? Int == 1)
            #expect(over["requested"] as? Int == 2)
            #expect(try await stored() == 0)

            // Exactly at the maximum passes.
            let atMaximum = try await decide([(0, "HTTNV"), (1, "HTTNV"), (2, "HTTNV"), (3, "HTTNV"), (4, "HTTNV"), (5, "HTXSNV")])
            #expect(atMaximum.status == .created, "\(atMaximum.text)")
            #expect(try await stored() == 6)

            // A second request adds one more HTXSNV: the earlier grades count, so it fails.
            let split = try await decide([(6, "HTXSNV")])
            #expect(split.status == .unprocessableContent)
            #expect(split["requested"] as? Int == 2)
            #expect(try await stored() == 6)
            // An HTNV grade in a later request is fine.
            let more = try await decide([(7, "HTNV")])
            #expect(more.status == .ok)
            #expect(try await stored() == 7)
        }
    }
}

@Suite struct CycleRefusalTests {
    @Test func refusedTransitionsAndStaleETags() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Ngô Văn Hải", card: "R-1", cell: tree.cellA1))
            let memberId = try #require(created["id"] as? String)
            let uri = "/api/v1/members/\(memberId)/commitments/2023"
            _ = try await client.call(.put, uri, json: ["items": CommitmentAPITests.fullItems])
            // A draft can be neither acknowledged nor returned.
            for action in ["acknowledge", "return"] {
                let refused = try await client.call(.post, "\(uri)/\(action)", json: ["reason": "x"])
                #expect(refused.status == .conflict, "\(action)")
                #expect(refused["code"] as? String == "invalid_state")
                #expect((refused["detail"] as? String)?.contains("DRAFT") == true)
            }
            let staleSubmit = try await client.call(.post, "\(uri)/submit", headers: [.ifMatch: "\"7\""])
            #expect(staleSubmit.status == .preconditionFailed)
            #expect(try await client.call(.post, "\(uri)/submit", headers: [.ifMatch: "\"1\""]).status == .ok)
            #expect(try await client.call(.post, "\(uri)/submit").status == .conflict)
            _ = try await client.call(.post, "\(uri)/acknowledge")
            #expect(try await client.call(.post, "\(uri)/return", json: ["reason": "x"]).status == .conflict)
            #expect(try await client.call(.get, "/api/v1/members/\(memberId)/commitments/1999").status == .notFound)

            // Self-assessment: submitting twice, and a stale ETag.
            let review = "/api/v1/members/\(memberId)/self-assessments/2023"
            let levels = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"].map { ["criterion": $0, "level": "TOT"] }
            _ = try await client.call(.put, review, json: ["criteria": levels, "proposedGrade": "HTTNV"])
            #expect(try await client.call(.put, review, json: ["criteria": levels], headers: [.ifMatch: "\"5\""]).status == .preconditionFailed)
            #expect(try await client.call(.post, "\(review)/submit").status == .ok)
            #expect(try await client.call(.post, "\(review)/submit").status == .conflict)

            // Reviews: a stale ETag, an unknown review to reopen, a city has no review.
            let meeting = "/api/v1/organizations/\(tree.cellA1)/reviews/2023"
            #expect(try await client.call(.put, meeting, json: ["heldOn": "2023-12-01", "attendees": 1, "eligible": 1]).status == .created)
            #expect(try await client.call(.put, meeting, json: ["heldOn": "2023-12-01", "attendees": 1, "eligible": 1],
                                          headers: [.ifMatch: "\"9\""]).status == .preconditionFailed)
            #expect(try await client.call(.post, "/api/v1/organizations/\(tree.cellA2)/reviews/2023/reopen", json: ["reason": "x"]).status == .notFound)
            #expect(try await client.call(.put, "/api/v1/organizations/\(tree.city)/reviews/2023", json: [:] as [String: Any]).status == .unprocessableContent)
        }
    }

    @Test func theDistrictGradesItsWards() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let review = try await client.call(.put, "/api/v1/organizations/\(tree.district)/reviews/2022", json: [
                "heldOn": "2023-01-10", "decisionNumber": "30-QĐ/QU", "decidedOn": "2023-01-10",
                "organizationGrades": [["organizationId": tree.wardA, "grade": "HTXSNV"], ["organizationId": tree.wardB, "grade": "HTTNV"]],
            ])
            #expect(review.status == .created, "\(review.text)")
            #expect((review["organizationGrades"] as? [Any])?.count == 2)
            let wrong = try await client.call(.put, "/api/v1/organizations/\(tree.district)/reviews/2022", json: [
                "decisionNumber": "30-QĐ/QU", "organizationGrades": [["organizationId": tree.cellA1, "grade": "HTTNV"]],
            ])
            #expect(wrong.errorFields == ["organizationGrades[0].organizationId"])
        }
    }
}
