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

/// Every page and form post, called by every kind of caller (each role granted at ward A, no
/// session, an expired one, a revoked one) on records inside and outside ward A. A page
/// answers what it may show, sends a caller without a valid session to `/login`, and answers
/// everything else (outside the reach, or a role that may not do this) with the same 404 page
/// as for what does not exist. The routes come from the router: a new page fails this test
/// until it has a probe here.
@Suite struct PagePermissionMatrixTests {
    typealias Identity = PermissionMatrixTests.Identity
    typealias Side = PermissionMatrixTests.Side
    typealias Need = PermissionMatrixTests.Need

    enum Outcome: String { case allowed, hidden, signIn }

    /// A sign-in redirect is `/login` or `/login?next=…`; signing out lands on `/login` too,
    /// with its notice, and `/` sends everyone somewhere: both are the page doing its job.
    static func outcome(_ answer: JSONAnswer, _ need: Need) -> Outcome? {
        switch answer.status.code {
        case 200: return .allowed
        case 303:
            if case .open = need { return .allowed }
            let location = answer.headers[.location] ?? ""
            return location == "/login" || location.hasPrefix("/login?next=") ? .signIn : .allowed
        case 404: return .hidden
        default: return nil
        }
    }

    static func expected(_ need: Need, _ identity: Identity, _ side: Side, sideMatters: Bool) -> Outcome {
        switch PermissionMatrixTests.expected(need, identity, side, sideMatters: sideMatters) {
        case .allowed: .allowed
        case .unauthenticated: .signIn
        case .forbidden, .hidden: .hidden
        }
    }

    struct Probe {
        var method: HTTPRequest.Method
        var uri: String
        var form: [(String, String)] = []
    }

    @Test func everyPageAnswersEveryCallerAsItsRuleSays() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            var counter = 0
            func next() -> Int { counter += 1; return counter }
            func member(in cell: String) async throws -> String {
                try await MatrixCallers.member(client, number: next(), card: "W", in: cell)
            }
            let ownMember = try await member(in: tree.cellA1)
            let outsideMember = try await member(in: tree.cellB1)

            let sessions = try await MatrixCallers.tokens(client, database, prefix: "w", ward: tree.wardA, ownMember: ownMember)

            // Each signed-in caller's CSRF token, read off a page as a browser would.
            var csrf: [Identity: String] = [:]
            for (identity, token) in sessions where ![.expired, .revoked].contains(identity) {
                let home = try await client.call(.get, "/home", headers: [.cookie: "thidua_session=\(token)"], token: .some(nil))
                csrf[identity] = try #require(home.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
            }

            let items: [[String: Any]] = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"].map { ["criterion": $0, "action": "Làm \($0)"] }
            for id in [ownMember, outsideMember] {
                #expect(try await client.call(.put, "/api/v1/members/\(id)/commitments/2020", json: ["items": items]).status == .created)
            }
            func submitted(in cell: String) async throws -> String {
                let fresh = try await member(in: cell)
                _ = try await client.call(.put, "/api/v1/members/\(fresh)/commitments/2021", json: ["items": items])
                _ = try await client.call(.post, "/api/v1/members/\(fresh)/commitments/2021/submit")
                return "/members/\(fresh)/commitments/2021"
            }
            let asset = try #require(try await client.call(.get, "/login", token: .some(nil)).text
                .firstMatch(of: /href="(\/assets\/site\.[0-9a-f]+\.css)"/)?.1).description
            let script = try #require(try await client.call(.get, "/login", token: .some(nil)).text
                .firstMatch(of: /src="(\/assets\/site\.[0-9a-f]+\.js)"/)?.1).description
            func pick(_ side: Side, _ inside: String, _ outside: String) -> String { side == .inside ? inside : outside }
            // A decided year of each ward to reopen, and fresh years to decide (a decided year is closed).
            for (ward, member) in [(tree.wardA, ownMember), (tree.wardB, outsideMember)] {
                let decided = try await client.call(.put, "/api/v1/organizations/\(ward)/reviews/2025", json: [
                    "decisionNumber": "1-QĐ/ĐU", "decidedOn": "2025-12-28", "grades": [["memberId": member, "grade": "HTTNV"]]])
                #expect(decided.status == .created, "\(decided.text)")
            }
            let insideUser = try await MatrixCallers.account(client, "w-inside", role: .viewer, at: tree.cellA2).id
            let outsideUser = try await MatrixCallers.account(client, "w-outside", role: .viewer, at: tree.wardB).id
            func document(_ organization: String) async throws -> String {
                let issued = try await client.call(.post, "/api/v1/report-documents", json: [
                    "kind": "FINAL", "organizationId": organization, "from": 2019, "to": 2020, "title": "Tổng kết hai năm",
                    "signer": ["mode": "T/M", "title": "Ban Thường vụ", "name": "Nguyễn Văn Ký"], "recipients": ["Lưu Văn phòng"]])
                return try #require(issued["id"] as? String, "\(issued.text)")
            }
            let insideDocument = try await document(tree.wardA), outsideDocument = try await document(tree.wardB)
            var decisionYear = 2015
            func freshYear() -> Int { decisionYear += 1; return decisionYear }

            // A fresh commendation candidate (graded HTXSNV in 2024) and a fresh exemplar for each
            // probe that writes, so that every allowed caller's post has something left to record.
            func excellent(in cell: String) async throws -> String {
                let fresh = try await member(in: cell)
                try await PQConnection.withConnection(database, logger: TestDatabase.logger) {
                    try await $0.query("""
                        INSERT INTO member_grade (member_id, year, organization_id, grade)
                        VALUES (\(UUID(uuidString: fresh)!), 2024, \(UUID(uuidString: cell)!), 'HTXSNV')
                        """)
                }
                return fresh.lowercased()
            }
            func exemplar(of ward: String) async throws -> String {
                let created = try await client.call(.post, "/api/v1/exemplars", json: [
                    "organizationId": ward, "title": "Điển hình \(next())", "discoveredOn": "2024-03-02"])
                return try #require(created["id"] as? String, "\(created.text)").lowercased()
            }

            typealias Builder = (Side) async throws -> Probe
            let probes: [String: (Need, Bool, Builder)] = [
                "GET /": (.open, false, { _ in Probe(method: .get, uri: "/") }),
                "GET /login": (.open, false, { _ in Probe(method: .get, uri: "/login") }),
                "GET \(asset)": (.open, false, { _ in Probe(method: .get, uri: asset) }),
                "GET \(script)": (.open, false, { _ in Probe(method: .get, uri: script) }),
                "GET /home": (.signedIn, false, { _ in Probe(method: .get, uri: "/home") }),
                "GET /organizations": (.signedIn, false, { _ in Probe(method: .get, uri: "/organizations") }),
                "GET /organizations/{id}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.cellA1, tree.cellB1))")
                }),
                "GET /members/{id}": (.memberRecords, true, { side in Probe(method: .get, uri: "/members/\(pick(side, ownMember, outsideMember))") }),
                "GET /members/{id}/commitments/{year}": (.memberRecords, true, { side in
                    Probe(method: .get, uri: "/members/\(pick(side, ownMember, outsideMember))/commitments/2020")
                }),
                "POST /members/{id}/commitments/{year}": (.ownRecordsOr(.writeCommitments), true, { side in
                    Probe(method: .post, uri: "/members/\(pick(side, ownMember, outsideMember))/commitments/2020",
                          form: [("intent", "save"), ("items[0].criterion", "GUONG_MAU"), ("items[0].action", "Việc làm \(next())")])
                }),
                "POST /members/{id}/commitments/{year}/acknowledge": (.capability(.acknowledgeCommitments), true, { side in
                    Probe(method: .post, uri: try await submitted(in: pick(side, tree.cellA1, tree.cellB1)) + "/acknowledge")
                }),
                "POST /members/{id}/commitments/{year}/return": (.capability(.acknowledgeCommitments), true, { side in
                    Probe(method: .post, uri: try await submitted(in: pick(side, tree.cellA1, tree.cellB1)) + "/return", form: [("reason", "Bổ sung")])
                }),
                "GET /members/{id}/self-assessments/{year}": (.memberRecords, true, { side in
                    Probe(method: .get, uri: "/members/\(pick(side, ownMember, outsideMember))/self-assessments/2020")
                }),
                "POST /members/{id}/self-assessments/{year}": (.ownRecordsOr(.writeCommitments), true, { side in
                    Probe(method: .post, uri: "/members/\(pick(side, ownMember, outsideMember))/self-assessments/2020",
                          form: [("intent", "save"), ("strengths", "Nhiệt tình \(next())")])
                }),
                "GET /cells/{id}/commitments/{year}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/cells/\(pick(side, tree.cellA1, tree.cellB1))/commitments/2020")
                }),
                "POST /cells/{id}/commitments/{year}/acknowledge-all": (.capability(.acknowledgeCommitments), true, { side in
                    Probe(method: .post, uri: "/cells/\(pick(side, tree.cellA1, tree.cellB1))/commitments/2021/acknowledge-all")
                }),
                "GET /cells/{id}/meetings/{year}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/cells/\(pick(side, tree.cellA1, tree.cellB1))/meetings/2020")
                }),
                "POST /cells/{id}/meetings/{year}": (.capability(.writeReviews), true, { side in
                    Probe(method: .post, uri: "/cells/\(pick(side, tree.cellA1, tree.cellB1))/meetings/2020",
                          form: [("version", ""), ("heldOn", "15/12/2020"), ("attendees", pick(side, ownMember, outsideMember).lowercased())])
                }),
                "GET /organizations/{id}/decisions/{year}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/decisions/2020")
                }),
                "POST /organizations/{id}/decisions/{year}": (.capability(.writeReviews), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/decisions/\(freshYear())",
                          form: [("version", ""), ("decisionNumber", "2-QĐ/ĐU"), ("decidedOn", "28/12/2020"),
                                 ("grades.\(pick(side, ownMember, outsideMember).lowercased()).grade", "HTTNV")])
                }),
                "POST /organizations/{id}/decisions/{year}/reopen": (.capability(.writeReviews), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/decisions/2025/reopen",
                          form: [("reason", "Xem lại")])
                }),
                "GET /organizations/{id}/progress/{year}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/progress/2020")
                }),
                "GET /organizations/{id}/progress/{year}/members": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/progress/2020/members?stage=registered&reached=no")
                }),
                "GET /reports": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/reports?organizationId=\(pick(side, tree.wardA, tree.wardB))&from=2019&to=2020")
                }),
                "GET /organizations/{id}/figures": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/figures?figure=members&from=2020&to=2020")
                }),
                "GET /reports/document": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/reports/document?organizationId=\(pick(side, tree.wardA, tree.wardB))&from=2020&to=2020")
                }),
                "GET /members": (.capability(.readRegistry), false, { _ in Probe(method: .get, uri: "/members?q=thanh+vien") }),
                "GET /accounts": (.capability(.manageAccounts), false, { _ in Probe(method: .get, uri: "/accounts") }),
                "POST /accounts": (.capability(.manageAccounts), false, { _ in
                    Probe(method: .post, uri: "/accounts", form: [("username", "moi-\(next())"), ("password", "mat-khau-moi-1"), ("fullName", "Người Mới")])
                }),
                "GET /accounts/{id}": (.capability(.manageAccounts), true, { side in Probe(method: .get, uri: "/accounts/\(pick(side, insideUser, outsideUser))") }),
                "POST /accounts/{id}/grants": (.capability(.manageAccounts), true, { side in
                    Probe(method: .post, uri: "/accounts/\(pick(side, insideUser, outsideUser))/grants",
                          form: [("role", "VIEWER"), ("organizationId", pick(side, tree.cellA1, tree.cellB1))])
                }),
                "GET /reports/issue": (.capability(.issueReports), true, { side in
                    Probe(method: .get, uri: "/reports/issue?organizationId=\(pick(side, tree.wardA, tree.wardB))&from=2019&to=2020")
                }),
                "POST /reports/issue": (.capability(.issueReports), true, { side in
                    Probe(method: .post, uri: "/reports/issue", form: [
                        ("organizationId", pick(side, tree.wardA, tree.wardB)), ("from", "2019"), ("to", "2020"), ("title", "Tổng kết"),
                        ("issuedOn", "30/12/2020"), ("signerMode", "T/M"), ("signerTitle", "BAN THƯỜNG VỤ"), ("signerName", "Nguyễn Văn Ký")])
                }),
                "GET /reports/documents/{id}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/reports/documents/\(pick(side, insideDocument, outsideDocument))")
                }),
                "GET /reports/documents/{id}/document": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/reports/documents/\(pick(side, insideDocument, outsideDocument))/document")
                }),
                "GET /organizations/{id}/documents": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/documents")
                }),
                // The district lies above ward A, where every grant here is: beyond every caller's reach.
                "GET /organizations/{id}/ward-grades/{year}": (.capability(.readRegistry), false, { _ in
                    Probe(method: .get, uri: "/organizations/\(tree.district)/ward-grades/2020")
                }),
                "POST /organizations/{id}/ward-grades/{year}": (.capability(.writeReviews), false, { _ in
                    Probe(method: .post, uri: "/organizations/\(tree.district)/ward-grades/2020",
                          form: [("decisionNumber", "3-QĐ/QU"), ("decidedOn", "30/12/2020"), ("grades.\(tree.wardA.lowercased())", "HTTNV")])
                }),
                "POST /organizations/{id}/ward-grades/{year}/reopen": (.capability(.writeReviews), false, { _ in
                    Probe(method: .post, uri: "/organizations/\(tree.district)/ward-grades/2020/reopen", form: [("reason", "Xem lại")])
                }),
                "GET /organizations/{id}/commendations/{year}": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/commendations/2024")
                }),
                "POST /organizations/{id}/commendations/{year}": (.capability(.writeRecognition), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/commendations/2024",
                          form: [("pick", "\(try await excellent(in: pick(side, tree.cellA1, tree.cellB1))):EXCELLENT_YEAR"), ("form", "GIAY_KHEN"),
                                 ("decisionNumber", "5-QĐ/ĐU"), ("decidedOn", "30/12/2024")])
                }),
                "GET /organizations/{id}/badges": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/badges?occasion=2020-09-02")
                }),
                // Every member here joined on 19/05/1990: due the 30-year badge on 2 September 2020.
                "POST /organizations/{id}/badges": (.capability(.writeRecognition), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/badges",
                          form: [("occasion", "2020-09-02"), ("pick", "\(try await member(in: pick(side, tree.cellA1, tree.cellB1)).lowercased()):30"),
                                 ("decisionNumber", "120-QĐ/QU")])
                }),
                "GET /organizations/{id}/exemplars": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/exemplars")
                }),
                "POST /organizations/{id}/exemplars": (.capability(.writeExemplars), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/exemplars",
                          form: [("exemplarTitle", "Gương mẫu \(next())"), ("discoveredOn", "02/03/2024"), ("criteria", "GUONG_MAU")])
                }),
                "POST /organizations/{id}/exemplars/{exemplar}/stage": (.capability(.writeExemplars), true, { side in
                    let ward = pick(side, tree.wardA, tree.wardB)
                    return Probe(method: .post, uri: "/organizations/\(ward)/exemplars/\(try await exemplar(of: ward))/stage",
                                 form: [("stage", "NURTURED"), ("note", "Bồi dưỡng")])
                }),
                "GET /organizations/{id}/activities": (.capability(.readRegistry), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/activities")
                }),
                "POST /organizations/{id}/activities": (.capability(.writeActivities), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/activities",
                          form: [("heldOn", "15/04/2024"), ("channel", "CONFERENCE"), ("topic", "Học tập Quyết định 500"), ("participants", "120")])
                }),
                "GET /members/{id}/edit": (.capability(.writeMembers), true, { side in
                    Probe(method: .get, uri: "/members/\(pick(side, ownMember, outsideMember))/edit")
                }),
                "POST /members/{id}/edit": (.capability(.writeMembers), true, { side in
                    Probe(method: .post, uri: "/members/\(try await member(in: pick(side, tree.cellA1, tree.cellB1)))/edit", form: [
                        ("fullName", "Thành viên đã sửa \(next())"), ("gender", "MALE"), ("birthDate", "02/03/1965"),
                        ("partyCardNumber", "W-sua-\(next())"), ("admittedOn", "19/05/1990"), ("officialOn", "19/05/1991"),
                        ("category", "CONG_CHUC"), ("status", "OFFICIAL")])
                }),
                "GET /members/{id}/transfer": (.capability(.writeMembers), true, { side in
                    Probe(method: .get, uri: "/members/\(pick(side, ownMember, outsideMember))/transfer")
                }),
                "POST /members/{id}/transfer": (.capability(.writeMembers), true, { side in
                    Probe(method: .post, uri: "/members/\(try await member(in: pick(side, tree.cellA1, tree.cellB1)))/transfer",
                          form: [("toOrganizationId", tree.cellA2.lowercased()), ("effectiveOn", "01/06/2024")])
                }),
                "GET /members/import": (.capability(.writeMembers), false, { _ in Probe(method: .get, uri: "/members/import") }),
                // The dry run of a clean file: checked, nothing written, so every caller may repeat it.
                "POST /members/import": (.capability(.writeMembers), false, { _ in
                    Probe(method: .post, uri: "/members/import", form: [("intent", "check"), ("csv", """
                        fullName,gender,birthDate,partyCardNumber,admittedOn,officialOn,category,position,isHead,cellCode
                        Nguyễn Văn Nhập,MALE,1970-01-02,W-nhap-1,1995-02-03,1996-02-03,CONG_CHUC,,false,HB-P1-CB1

                        """)])
                }),
                "GET /organizations/{id}/edit": (.capability(.writeOrganizations), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.cellA1, tree.cellB1))/edit")
                }),
                "POST /organizations/{id}/edit": (.capability(.writeOrganizations), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.cellA2, tree.cellB1))/edit",
                          form: [("name", "Chi bộ khu dân cư số \(next())"), ("validFrom", "01/01/2016")])
                }),
                "GET /organizations/{id}/new": (.capability(.writeOrganizations), true, { side in
                    Probe(method: .get, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/new")
                }),
                "POST /organizations/{id}/new": (.capability(.writeOrganizations), true, { side in
                    Probe(method: .post, uri: "/organizations/\(pick(side, tree.wardA, tree.wardB))/new",
                          form: [("code", "HB-MOI-\(next())"), ("kind", "CELL"), ("name", "Chi bộ mới \(next())"), ("validFrom", "01/01/2024")])
                }),
                "POST /login": (.open, false, { _ in Probe(method: .post, uri: "/login", form: [("username", "w-viewer"), ("password", "mật khẩu w-viewer!")]) }),
                "POST /logout": (.signedIn, false, { _ in Probe(method: .post, uri: "/logout") }),
            ]

            let routes = MatrixCallers.routes(database, api: false, last: "POST /logout")
            #expect(Set(routes).subtracting(probes.keys).sorted() == [], "pages without a probe in the permission matrix")

            var checked = 0
            for route in routes {
                guard let (need, sideMatters, build) = probes[route] else { continue }
                for identity in Identity.allCases {
                    for side in (sideMatters ? Side.allCases : [.inside]) {
                        let probe = try await build(side)
                        var headers: HTTPFields = [:]
                        var cookies: [String] = []
                        if let session = sessions[identity] { cookies.append("thidua_session=\(session)") }
                        var form = probe.form
                        if probe.method == .post {
                            if route == "POST /login" {
                                // Signing in needs the pre-session cookie its form was made for.
                                let page = try await client.call(.get, "/login", headers: [.cookie: "thidua_presession=matrix-\(identity.rawValue)"], token: .some(nil))
                                let token = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
                                cookies = ["thidua_presession=matrix-\(identity.rawValue)"]
                                form.append(("_csrf", token))
                            } else {
                                form.append(("_csrf", csrf[identity] ?? ""))
                            }
                        }
                        if !cookies.isEmpty { headers[.cookie] = cookies.joined(separator: "; ") }
                        let body = form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
                            .joined(separator: "&")
                        let answer = try await client.call(probe.method, probe.uri, text: probe.method == .post ? body : nil,
                                                           contentType: "application/x-www-form-urlencoded", headers: headers, token: .some(nil))
                        let beyond = route.contains("/ward-grades/")
                        let want = beyond ? (identity.role == nil ? .signIn : .hidden) : Self.expected(need, identity, side, sideMatters: sideMatters)
                        #expect(Self.outcome(answer, need) == want,
                                "\(route) as \(identity.rawValue) \(side.rawValue): \(answer.status.code) \(answer.headers[.location] ?? "") \(answer.text.prefix(300))")
                        checked += 1
                    }
                }
            }
            #expect(checked > 100)
        }
    }
}
