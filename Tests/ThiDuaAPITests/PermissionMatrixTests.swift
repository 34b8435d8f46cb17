import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

/// Every route of the router, called by every kind of caller (each role granted at ward A, no
/// token, an expired token, a revoked token), on records inside and outside ward A, with the
/// outcome each must get. The routes come from the router: a new route fails this test until
/// it has a probe here.
@Suite struct PermissionMatrixTests {
    enum Outcome: String, Equatable {
        case allowed, forbidden, hidden, unauthenticated

        static func of(_ status: HTTPResponse.Status) -> Outcome? {
            switch status.code {
            case 200..<300: .allowed
            case 401: .unauthenticated
            case 403: .forbidden
            case 404, 422: .hidden
            default: nil
            }
        }
    }

    enum Identity: String, CaseIterable {
        case admin = "ADMIN", secretary = "SECRETARY", staff = "STAFF", viewer = "VIEWER", member = "MEMBER"
        case none, expired, revoked
        var role: Role? { Role(rawValue: rawValue) }
    }

    enum Side: String, CaseIterable { case inside, outside }

    struct Probe {
        var method: HTTPRequest.Method
        var uri: String
        var json: Any? = nil
        var csv: String? = nil
    }

    /// What each route requires; the expectation is stated here, per route.
    enum Need { case open, signedIn, capability(Capability), memberRecords, ownRecordsOr(Capability), systemAdministrator }

    /// The role table of api.md, written out independently of the server's `Role.allows`,
    /// so that a change of policy there fails here.
    static let roleTable: [Role: Set<Capability>] = [
        .admin: Set(Capability.allCases),
        .secretary: [.readRegistry, .writeMembers, .acknowledgeCommitments, .writeReviews, .writeActivities, .writeExemplars],
        .staff: [.readRegistry, .writeRecognition, .writeActivities, .issueReports],
        .viewer: [.readRegistry, .readAudit],
        .member: [],
    ]

    /// The expected outcome for `identity` on `side` of a route that needs `need`.
    /// (Also the pages': there a forbidden answer is a 404, as for what does not exist.)
    static func expected(_ need: Need, _ identity: Identity, _ side: Side, sideMatters: Bool) -> Outcome {
        if case .open = need { return .allowed }
        guard let role = identity.role else { return .unauthenticated }
        let hidden: Outcome = sideMatters && side == .outside ? .hidden : .allowed
        switch need {
        case .open: return .allowed
        case .signedIn: return .allowed
        case .systemAdministrator: return .forbidden // every role here is granted at a ward
        case .memberRecords:
            return role == .member || roleTable[role]!.contains(.readRegistry) ? hidden : .forbidden
        case .ownRecordsOr(let capability):
            return role == .member || roleTable[role]!.contains(capability) ? hidden : .forbidden
        case .capability(let capability):
            return roleTable[role]!.contains(capability) ? hidden : .forbidden
        }
    }

    @Test func everyRouteAnswersEveryCallerAsItsRuleSays() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            var counter = 0
            func next() -> Int { counter += 1; return counter }
            func member(in cell: String) async throws -> String {
                try await MatrixCallers.member(client, number: next(), card: "M", in: cell)
            }
            let ownMember = try await member(in: tree.cellA1)
            let outsideMember = try await member(in: tree.cellB1)

            // One account per identity, granted at ward A.
            var tokens: [Identity: String?] = [.none: nil]
            for (identity, token) in try await MatrixCallers.tokens(client, database, prefix: "u", ward: tree.wardA, ownMember: ownMember) {
                tokens[identity] = token
            }
            func account(_ name: String, role: Role?, at organization: String?) async throws -> (id: String, token: String) {
                try await MatrixCallers.account(client, name, role: role, at: organization)
            }
            let insideUser = try await account("u-inside", role: .viewer, at: tree.cellA2)
            let outsideUser = try await account("u-outside", role: .viewer, at: tree.wardB)
            let insideGrant = try #require((try await client.call(.get, "/api/v1/users"))
                .items.first { $0["id"] as? String == insideUser.id }?["grants"] as? [[String: Any]]).first?["id"] as? String
            let outsideGrant = try #require((try await client.call(.get, "/api/v1/users"))
                .items.first { $0["id"] as? String == outsideUser.id }?["grants"] as? [[String: Any]]).first?["id"] as? String

            // Commitments: the member's own of 2020 (a draft, edited over and over), one of the
            // outside member, and fresh submitted ones for the secretary's actions.
            let items: [[String: Any]] = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"].map { ["criterion": $0, "action": "Làm \($0)"] }
            for id in [ownMember, outsideMember] {
                let put = try await client.call(.put, "/api/v1/members/\(id)/commitments/2020", json: ["items": items])
                #expect(put.status == .created, "\(put.text)")
                let review = try await client.call(.put, "/api/v1/members/\(id)/self-assessments/2020", json: ["strengths": "Tích cực"])
                #expect(review.status == .created, "\(review.text)")
            }
            for cell in [tree.cellA1, tree.cellB1] {
                let meeting = try await client.call(.put, "/api/v1/organizations/\(cell)/reviews/2020", json: ["heldOn": "2020-12-15", "attendees": 1, "eligible": 2])
                #expect(meeting.status == .created, "\(meeting.text)")
            }
            var submitYear = 2015
            var reviewYear = 2015
            func draft(_ member: String) async throws -> String {
                submitYear += submitYear == 2019 ? 2 : 1 // 2020 stays a draft for the PUT probes
                _ = try await client.call(.put, "/api/v1/members/\(member)/commitments/\(submitYear)", json: ["items": items])
                return "/api/v1/members/\(member)/commitments/\(submitYear)"
            }
            func submitted(in cell: String) async throws -> String {
                let fresh = try await member(in: cell)
                _ = try await client.call(.put, "/api/v1/members/\(fresh)/commitments/2021", json: ["items": items])
                let done = try await client.call(.post, "/api/v1/members/\(fresh)/commitments/2021/submit")
                #expect(done["status"] as? String == "SUBMITTED", "\(done.text)")
                return "/api/v1/members/\(fresh)/commitments/2021"
            }

            func commendation(for organization: String, by issuer: String) async throws -> String {
                let created = try await client.call(.post, "/api/v1/commendations", json: [
                    "organizationId": organization, "year": 2022, "form": "BIEU_DUONG", "issuerOrganizationId": issuer, "basis": "OTHER",
                    "title": "Biểu dương", "decisionNumber": "1-QĐ", "decidedOn": "2022-12-30"])
                return try #require(created["id"] as? String, "\(created.text)")
            }
            let insideCommendation = try await commendation(for: tree.cellA1, by: tree.wardA)
            let outsideCommendation = try await commendation(for: tree.cellB1, by: tree.wardB)

            func documentBody(_ organization: String) -> [String: Any] {
                ["kind": "FINAL", "organizationId": organization, "from": 2019, "to": 2020, "title": "Tổng kết hai năm",
                 "signer": ["mode": "T/M", "title": "Ban Thường vụ", "name": "Nguyễn Văn Ký"], "recipients": ["Lưu Văn phòng"]]
            }
            func document(_ organization: String) async throws -> String {
                let issued = try await client.call(.post, "/api/v1/report-documents", json: documentBody(organization))
                return try #require(issued["id"] as? String, "\(issued.text)")
            }
            let insideDocument = try await document(tree.wardA)
            let outsideDocument = try await document(tree.wardB)

            let csvHeader = "fullName,gender,birthDate,partyCardNumber,admittedOn,officialOn,category,position,isHead,cellCode\n"
            // route → (what it needs, whether inside/outside changes the answer, the probe)
            typealias Builder = (Side) async throws -> Probe
            let probes: [String: (Need, Bool, Builder)] = [
                "GET /health/live": (.open, false, { _ in Probe(method: .get, uri: "/health/live") }),
                "GET /health/ready": (.open, false, { _ in Probe(method: .get, uri: "/health/ready") }),
                "GET /metrics": (.open, false, { _ in Probe(method: .get, uri: "/metrics") }),
                "GET /api/v1/organizations": (.capability(.readRegistry), false, { _ in Probe(method: .get, uri: "/api/v1/organizations") }),
                "POST /api/v1/organizations": (.capability(.writeOrganizations), true, { side in
                    let n = next()
                    return Probe(method: .post, uri: "/api/v1/organizations", json: [
                        "code": "P-\(n)", "kind": "CELL", "name": "Chi bộ \(n)", "validFrom": "2020-01-01",
                        "parentId": side == .inside ? tree.wardA : tree.wardB])
                }),
                "GET /api/v1/organizations/{id}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/organizations/\(side == .inside ? tree.cellA1 : tree.cellB1)")
                }),
                "PATCH /api/v1/organizations/{id}": (.capability(.writeOrganizations), true, { side in
                    Probe(method: .patch, uri: "/api/v1/organizations/\(side == .inside ? tree.cellA2 : tree.cellB1)", json: ["abbreviation": "CB"])
                }),
                "GET /api/v1/organizations/{id}/tree": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/organizations/\(side == .inside ? tree.wardA : tree.wardB)/tree")
                }),
                "GET /api/v1/members": (.memberRecords, false, { _ in Probe(method: .get, uri: "/api/v1/members") }),
                "POST /api/v1/members": (.capability(.writeMembers), true, { side in
                    let n = next()
                    return Probe(method: .post, uri: "/api/v1/members",
                                 json: memberBody("Người \(n)", card: "N-\(n)", cell: side == .inside ? tree.cellA1 : tree.cellB1))
                }),
                "GET /api/v1/members/{id}": (.memberRecords, true, { side in
                    Probe(method: .get, uri: "/api/v1/members/\(side == .inside ? ownMember : outsideMember)")
                }),
                "PATCH /api/v1/members/{id}": (.capability(.writeMembers), true, { side in
                    Probe(method: .patch, uri: "/api/v1/members/\(side == .inside ? ownMember : outsideMember)", json: ["position": "Đảng viên"])
                }),
                "POST /api/v1/members/{id}/transfers": (.capability(.writeMembers), true, { side in
                    let moving = try await member(in: side == .inside ? tree.cellA1 : tree.cellB1)
                    return Probe(method: .post, uri: "/api/v1/members/\(moving)/transfers",
                                 json: ["toOrganizationId": side == .inside ? tree.cellA2 : tree.wardB, "effectiveOn": "2021-06-01"])
                }),
                "POST /api/v1/imports/members": (.capability(.writeMembers), true, { side in
                    let n = next()
                    let code = side == .inside ? "HB-P1-CB1" : "HB-P2-CB1"
                    return Probe(method: .post, uri: "/api/v1/imports/members",
                                 csv: csvHeader + "Nhập \(n),MALE,1970-01-01,I-\(n),1995-01-01,1996-01-01,OTHER,,false,\(code)\n")
                }),
                "GET /api/v1/frameworks": (.signedIn, false, { _ in Probe(method: .get, uri: "/api/v1/frameworks") }),
                "GET /api/v1/frameworks/{code}": (.signedIn, false, { _ in Probe(method: .get, uri: "/api/v1/frameworks/QD500") }),
                "POST /api/v1/frameworks": (.systemAdministrator, false, { _ in
                    Probe(method: .post, uri: "/api/v1/frameworks", json: [
                        "code": "X\(next())", "decisionNumber": "1-QĐ", "issuedOn": "2020-01-01", "issuer": "x", "title": "x", "fromYear": 2020,
                        "criteria": [["code": "A", "nameVi": "A", "nameEn": "A"]]])
                }),
                "GET /api/v1/rule-sets/{year}": (.signedIn, false, { _ in Probe(method: .get, uri: "/api/v1/rule-sets/2020") }),
                "PUT /api/v1/rule-sets/{year}": (.systemAdministrator, false, { _ in
                    Probe(method: .put, uri: "/api/v1/rule-sets/2030", json: [
                        "gradingScheme": "LEVELS_4", "excellentQuotaPercent": 20, "commitmentDeadline": "2030-01-31"])
                }),
                "POST /api/v1/auth/login": (.open, false, { _ in
                    Probe(method: .post, uri: "/api/v1/auth/login", json: ["username": "u-viewer", "password": "mật khẩu u-viewer!"])
                }),
                "GET /api/v1/me": (.signedIn, false, { _ in Probe(method: .get, uri: "/api/v1/me") }),
                "GET /api/v1/users": (.capability(.manageAccounts), false, { _ in Probe(method: .get, uri: "/api/v1/users") }),
                "POST /api/v1/users": (.capability(.manageAccounts), false, { _ in
                    let n = next()
                    return Probe(method: .post, uri: "/api/v1/users", json: ["username": "new-\(n)", "password": "mật khẩu mới \(n)", "fullName": "Mới \(n)"])
                }),
                "PATCH /api/v1/users/{id}": (.capability(.manageAccounts), true, { side in
                    Probe(method: .patch, uri: "/api/v1/users/\(side == .inside ? insideUser.id : outsideUser.id)", json: ["fullName": "Đổi tên"])
                }),
                "POST /api/v1/users/{id}/grants": (.capability(.manageAccounts), true, { side in
                    Probe(method: .post, uri: "/api/v1/users/\(side == .inside ? insideUser.id : outsideUser.id)/grants",
                          json: ["role": "VIEWER", "organizationId": side == .inside ? tree.cellA1 : tree.cellB1])
                }),
                "DELETE /api/v1/users/{id}/grants/{grantId}": (.capability(.manageAccounts), true, { side in
                    // A fresh grant each time, so every caller has one to delete.
                    let user = side == .inside ? insideUser.id : outsideUser.id
                    let granted = try await client.call(.post, "/api/v1/users/\(user)/grants",
                                                        json: ["role": "STAFF", "organizationId": side == .inside ? tree.cellA2 : tree.cellB1])
                    let grants = granted["grants"] as? [[String: Any]] ?? []
                    let grant = grants.last?["id"] as? String ?? (side == .inside ? insideGrant : outsideGrant) ?? ""
                    return Probe(method: .delete, uri: "/api/v1/users/\(user)/grants/\(grant)")
                }),
                "GET /api/v1/audit-events": (.capability(.readAudit), false, { _ in Probe(method: .get, uri: "/api/v1/audit-events") }),
                "GET /api/v1/members/{id}/commitments/{year}": (.memberRecords, true, { side in
                    Probe(method: .get, uri: "/api/v1/members/\(side == .inside ? ownMember : outsideMember)/commitments/2020")
                }),
                "PUT /api/v1/members/{id}/commitments/{year}": (.ownRecordsOr(.writeCommitments), true, { side in
                    Probe(method: .put, uri: "/api/v1/members/\(side == .inside ? ownMember : outsideMember)/commitments/2020", json: ["items": items])
                }),
                "POST /api/v1/members/{id}/commitments/{year}/submit": (.ownRecordsOr(.writeCommitments), true, { side in
                    side == .inside ? Probe(method: .post, uri: try await draft(ownMember) + "/submit")
                                    : Probe(method: .post, uri: "/api/v1/members/\(outsideMember)/commitments/2020/submit")
                }),
                "POST /api/v1/members/{id}/commitments/{year}/acknowledge": (.capability(.acknowledgeCommitments), true, { side in
                    Probe(method: .post, uri: try await submitted(in: side == .inside ? tree.cellA1 : tree.cellB1) + "/acknowledge")
                }),
                "POST /api/v1/members/{id}/commitments/{year}/return": (.capability(.acknowledgeCommitments), true, { side in
                    Probe(method: .post, uri: try await submitted(in: side == .inside ? tree.cellA1 : tree.cellB1) + "/return",
                          json: ["reason": "Bổ sung chỉ tiêu"])
                }),
                "GET /api/v1/members/{id}/self-assessments/{year}": (.memberRecords, true, { side in
                    Probe(method: .get, uri: "/api/v1/members/\(side == .inside ? ownMember : outsideMember)/self-assessments/2020")
                }),
                "PUT /api/v1/members/{id}/self-assessments/{year}": (.ownRecordsOr(.writeCommitments), true, { side in
                    Probe(method: .put, uri: "/api/v1/members/\(side == .inside ? ownMember : outsideMember)/self-assessments/2020",
                          json: ["strengths": "Nhiệt tình"])
                }),
                "POST /api/v1/members/{id}/self-assessments/{year}/submit": (.ownRecordsOr(.writeCommitments), true, { side in
                    if side == .outside { return Probe(method: .post, uri: "/api/v1/members/\(outsideMember)/self-assessments/2020/submit") }
                    reviewYear += reviewYear == 2019 ? 2 : 1 // 2020 stays a draft for the PUT probes
                    let uri = "/api/v1/members/\(ownMember)/self-assessments/\(reviewYear)"
                    let full = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"].map { ["criterion": $0, "level": "TOT"] }
                    let put = try await client.call(.put, uri, json: ["criteria": full, "proposedGrade": "HTTNV"])
                    #expect(put.status == .created, "\(put.text)")
                    return Probe(method: .post, uri: uri + "/submit")
                }),
                "GET /api/v1/organizations/{id}/reviews/{year}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/organizations/\(side == .inside ? tree.cellA1 : tree.cellB1)/reviews/2020")
                }),
                "PUT /api/v1/organizations/{id}/reviews/{year}": (.capability(.writeReviews), true, { side in
                    Probe(method: .put, uri: "/api/v1/organizations/\(side == .inside ? tree.cellA1 : tree.cellB1)/reviews/2020",
                          json: ["heldOn": "2020-12-15", "attendees": 1, "eligible": 2])
                }),
                "POST /api/v1/organizations/{id}/reviews/{year}/reopen": (.capability(.writeReviews), true, { side in
                    Probe(method: .post, uri: "/api/v1/organizations/\(side == .inside ? tree.cellA1 : tree.cellB1)/reviews/2020/reopen",
                          json: ["reason": "Họp lại"])
                }),
                "GET /api/v1/members/{id}/grades": (.memberRecords, true, { side in
                    Probe(method: .get, uri: "/api/v1/members/\(side == .inside ? ownMember : outsideMember)/grades")
                }),
                "GET /api/v1/organizations/{id}/badge-candidates": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/organizations/\(side == .inside ? tree.wardA : tree.wardB)/badge-candidates?occasion=2022-05-19")
                }),
                "POST /api/v1/badge-awards": (.capability(.writeRecognition), true, { side in
                    // A member admitted 30 years before the occasion, fresh for each call.
                    let n = next()
                    let veteran = try await client.call(.post, "/api/v1/members", json: memberBody("Cựu chiến binh \(n)", card: "V-\(n)",
                        cell: side == .inside ? tree.cellA1 : tree.cellB1, admittedOn: "1990-02-03", officialOn: "1991-02-03"))
                    return Probe(method: .post, uri: "/api/v1/badge-awards", json: [
                        "memberId": veteran["id"] as? String ?? "", "years": 30, "occasionOn": "2022-05-19", "decisionNumber": "5-QĐ/QU"])
                }),
                "GET /api/v1/badge-awards": (.capability(.readRegistry), false, { _ in Probe(method: .get, uri: "/api/v1/badge-awards") }),
                "POST /api/v1/organizations/{id}/activities": (.capability(.writeActivities), true, { side in
                    Probe(method: .post, uri: "/api/v1/organizations/\(side == .inside ? tree.wardA : tree.wardB)/activities",
                          json: ["heldOn": "2022-05-19", "channel": "PANEL", "topic": "Học tập và làm theo"])
                }),
                "GET /api/v1/organizations/{id}/activities": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/organizations/\(side == .inside ? tree.wardA : tree.wardB)/activities")
                }),
                "POST /api/v1/commendations": (.capability(.writeRecognition), true, { side in
                    let n = next()
                    return Probe(method: .post, uri: "/api/v1/commendations", json: [
                        "organizationId": side == .inside ? tree.cellA1 : tree.cellB1, "year": 2000 + n % 100, "form": "GIAY_KHEN",
                        "issuerOrganizationId": side == .inside ? tree.wardA : tree.wardB, "basis": "OTHER", "title": "Khen \(n)",
                        "decisionNumber": "\(n)-QĐ", "decidedOn": "2022-01-01"])
                }),
                "GET /api/v1/commendations": (.capability(.readRegistry), false, { _ in Probe(method: .get, uri: "/api/v1/commendations") }),
                "GET /api/v1/commendations/{id}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/commendations/\(side == .inside ? insideCommendation : outsideCommendation)")
                }),
                "GET /api/v1/organizations/{id}/commendation-candidates": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/organizations/\(side == .inside ? tree.wardA : tree.wardB)/commendation-candidates?year=2022")
                }),
                "POST /api/v1/exemplars": (.capability(.writeExemplars), true, { side in
                    Probe(method: .post, uri: "/api/v1/exemplars", json: [
                        "memberId": side == .inside ? ownMember : outsideMember, "criteria": ["GUONG_MAU"], "title": "Gương sáng",
                        "discoveredOn": "2022-03-01"])
                }),
                "PATCH /api/v1/exemplars/{id}": (.capability(.writeExemplars), true, { side in
                    // A fresh exemplar each time, so every caller moves one from DISCOVERED.
                    let created = try await client.call(.post, "/api/v1/exemplars", json: [
                        "organizationId": side == .inside ? tree.cellA1 : tree.cellB1, "title": "Chi bộ tiêu biểu", "discoveredOn": "2022-03-01"])
                    return Probe(method: .patch, uri: "/api/v1/exemplars/\(created["id"] as? String ?? "")", json: ["stage": "NURTURED"])
                }),
                "GET /api/v1/exemplars": (.capability(.readRegistry), false, { _ in Probe(method: .get, uri: "/api/v1/exemplars") }),
                "GET /api/v1/commitments": (.capability(.readRegistry), false, { _ in Probe(method: .get, uri: "/api/v1/commitments?year=2020") }),
                "GET /api/v1/reports/annual": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/reports/annual?organizationId=\(side == .inside ? tree.wardA : tree.wardB)&year=2020")
                }),
                "GET /api/v1/reports/summary": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/reports/summary?organizationId=\(side == .inside ? tree.wardA : tree.wardB)&from=2019&to=2020")
                }),
                "POST /api/v1/report-documents": (.capability(.issueReports), true, { side in
                    Probe(method: .post, uri: "/api/v1/report-documents", json: documentBody(side == .inside ? tree.wardA : tree.wardB))
                }),
                "GET /api/v1/report-documents/{id}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/api/v1/report-documents/\(side == .inside ? insideDocument : outsideDocument)")
                }),
                "POST /api/v1/auth/logout": (.signedIn, false, { _ in Probe(method: .post, uri: "/api/v1/auth/logout") }),
            ]

            // The API's routes, from the router itself (the pages have PagePermissionMatrixTests);
            // logout last: it ends the caller's token.
            let routes = MatrixCallers.routes(database, api: true, last: "POST /api/v1/auth/logout")
            #expect(Set(routes).subtracting(probes.keys).sorted() == [], "routes without a probe in the permission matrix")

            var checked = 0
            for route in routes {
                guard let (need, sideMatters, build) = probes[route] else { continue }
                for identity in Identity.allCases {
                    for side in (sideMatters ? Side.allCases : [.inside]) {
                        let probe = try await build(side)
                        let answer = try await client.call(probe.method, probe.uri, json: probe.json, text: probe.csv,
                                                           contentType: probe.csv == nil ? "application/json" : "text/csv",
                                                           token: .some(tokens[identity] ?? nil))
                        let want = Self.expected(need, identity, side, sideMatters: sideMatters)
                        #expect(Outcome.of(answer.status) == want,
                                "\(route) as \(identity.rawValue) \(side.rawValue): \(answer.status.code) \(answer.text.prefix(200))")
                        checked += 1
                    }
                }
            }
            #expect(checked > 300)
        }
    }
}
