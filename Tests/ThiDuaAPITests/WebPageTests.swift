import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing
import ThiDua
import ThiDuaAPI
import ThiDuaHTTP
import ThiDuaService

/// The pages' sign-in, errors and headers as the server answers them, without a browser (the
/// browser tests walk the pages themselves).
@Suite struct WebPageTests {
    /// The session cookie and the CSRF token of a page, as a browser would hold them.
    struct Session {
        var cookie: String
        var csrf: String
    }

    static func signIn(_ client: any TestClientProtocol, _ username: String, _ password: String) async throws -> (JSONAnswer, Session?) {
        let presession = "presession-\(UUID().uuidString)"
        let page = try await client.call(.get, "/login", headers: [.cookie: "thidua_presession=\(presession)"], token: .some(nil))
        let token = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
        let answer = try await client.call(.post, "/login", text: form(["username": username, "password": password, "_csrf": token]),
                                           contentType: "application/x-www-form-urlencoded",
                                           headers: [.cookie: "thidua_presession=\(presession)"], token: .some(nil))
        guard let set = answer.headers[values: .setCookie].first(where: { $0.hasPrefix("thidua_session=") }) else { return (answer, nil) }
        let cookie = String(set.prefix { $0 != ";" })
        let home = try await client.call(.get, "/home", headers: [.cookie: cookie], token: .some(nil))
        let csrf = try #require(home.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
        return (answer, Session(cookie: cookie, csrf: csrf))
    }

    static func form(_ fields: [String: String]) -> String {
        fields.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }.joined(separator: "&")
    }

    @Test func signingInSetsAnHttpOnlyLaxCookieAndSecureOnlyBehindHTTPS() async throws {
        try await withTestApp { client, _ in
            _ = try await client.call(.post, "/api/v1/users", json: ["username": "nguoi-dung", "password": "mat-khau-dung-1", "fullName": "Người Dùng"])
            let (answer, session) = try await Self.signIn(client, "nguoi-dung", "mat-khau-dung-1")
            #expect(answer.status == .seeOther)
            #expect(answer.headers[.location] == "/home")
            let cookie = try #require(answer.headers[values: .setCookie].first { $0.hasPrefix("thidua_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && cookie.contains("Path=/"))
            #expect(!cookie.contains("Secure"))
            #expect(session != nil)
            // The same token works for the API: it is one kind of session.
            let token = String(try #require(session?.cookie.dropFirst("thidua_session=".count)))
            #expect(try await client.call(.get, "/api/v1/me", token: .some(token)).status == .ok)
            // But the API never honours the cookie, nor the pages the bearer header.
            #expect(try await client.call(.get, "/api/v1/me", headers: [.cookie: session!.cookie], token: .some(nil)).status == .unauthorized)
            let viaHeader = try await client.call(.get, "/home", token: .some(token))
            #expect(viaHeader.status == .seeOther && viaHeader.headers[.location]?.hasPrefix("/login") == true)

            let presession = "p-https"
            let login = try await client.call(.get, "/login", headers: [.cookie: "thidua_presession=\(presession)"], token: .some(nil))
            let csrf = try #require(login.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
            let secure = try await client.call(.post, "/login", text: Self.form(["username": "nguoi-dung", "password": "mat-khau-dung-1", "_csrf": csrf]),
                                               contentType: "application/x-www-form-urlencoded",
                                               headers: [.cookie: "thidua_presession=\(presession)", HTTPField.Name("X-Forwarded-Proto")!: "https"],
                                               token: .some(nil))
            #expect(secure.headers[values: .setCookie].first { $0.hasPrefix("thidua_session=") }?.contains("Secure") == true)
        }
    }

    @Test func webLoginsAreThrottledLikeTheAPIs() async throws {
        try await withTestApp { client, _ in
            _ = try await client.call(.post, "/api/v1/users", json: ["username": "han-che", "password": "mat-khau-dung-1", "fullName": "Hạn Chế"])
            var statuses: [Int] = []
            for _ in 0..<6 {
                statuses.append(Int(try await Self.signIn(client, "han-che", "sai-mat-khau").0.status.code))
            }
            #expect(statuses == [401, 401, 401, 401, 401, 429])
            let (refused, session) = try await Self.signIn(client, "han-che", "mat-khau-dung-1")
            #expect(refused.status == .tooManyRequests)
            #expect(refused.text.contains("Đã nhập sai quá nhiều lần"))
            #expect(refused.headers[.retryAfter] != nil)
            #expect(session == nil)
        }
    }

    @Test func anEndedSessionSendsTheVisitorToSignInAndClearsTheCookie() async throws {
        try await withTestApp { client, _ in
            _ = try await client.call(.post, "/api/v1/users", json: ["username": "het-han", "password": "mat-khau-dung-1", "fullName": "Hết Hạn"])
            let session = try #require(try await Self.signIn(client, "het-han", "mat-khau-dung-1").1)
            let out = try await client.call(.post, "/logout", text: Self.form(["_csrf": session.csrf]), contentType: "application/x-www-form-urlencoded",
                                            headers: [.cookie: session.cookie], token: .some(nil))
            #expect(out.status == .seeOther)
            let again = try await client.call(.get, "/members/\(UUID())/commitments/2026?x=1", headers: [.cookie: session.cookie], token: .some(nil))
            #expect(again.status == .seeOther)
            #expect(again.headers[.location]?.hasPrefix("/login?next=%2Fmembers%2F") == true)
            #expect(again.headers[values: .setCookie].contains { $0.hasPrefix("thidua_session=;") || $0.hasPrefix("thidua_session=") && $0.contains("Max-Age=0") })
        }
    }

    @Test func unknownPathsAnswerAsTheLayerTheyWouldBelongTo() async throws {
        try await withTestApp { client, _ in
            let page = try await client.call(.get, "/khong-co", token: .some(nil))
            #expect(page.status == .notFound)
            #expect(page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(page.text.contains("<html lang=\"vi\">") && page.text.contains("Không tìm thấy trang"))
            let api = try await client.call(.get, "/api/v1/khong-co", token: .some(nil))
            #expect(api.status == .notFound)
            #expect(api.headers[.contentType] == "application/problem+json")
            let method = try await client.call(.delete, "/login", token: .some(nil))
            #expect(method.status == .methodNotAllowed)
            #expect(method.headers[.allow]?.contains("GET") == true)
            #expect(method.text.contains("Không thực hiện được"))
        }
    }

    @Test func assetsAreFingerprintedAndCachedForAYearAndPagesNever() async throws {
        try await withTestApp { client, _ in
            let login = try await client.call(.get, "/login", token: .some(nil))
            #expect(login.headers[.cacheControl] == "no-store")
            #expect(login.headers[HTTPField.Name("Content-Security-Policy")!]?.contains("default-src 'self'") == true)
            let css = try #require(login.text.firstMatch(of: /href="(\/assets\/site\.[0-9a-f]{12}\.css)"/)?.1).description
            let sheet = try await client.call(.get, css, token: .some(nil))
            #expect(sheet.status == .ok)
            #expect(sheet.headers[.cacheControl] == "public, max-age=31536000, immutable")
            #expect(sheet.headers[.contentType] == "text/css; charset=utf-8")
            #expect(sheet.text.contains(":focus-visible"))
            #expect(try await client.call(.get, "/assets/site.000000000000.css", token: .some(nil)).status == .notFound)
        }
    }

    @Test func aMeetingIsReadOnlyOnceTheWardHasDecided() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let member = try #require(try await client.call(.post, "/api/v1/members", json: memberBody("Đinh Văn Khoa", card: "K-1", cell: tree.cellA1))["id"] as? String)
            let items: [[String: Any]] = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"].map { ["criterion": $0, "action": "Làm \($0)"] }
            _ = try await client.call(.put, "/api/v1/members/\(member)/commitments/2021", json: ["items": items])
            _ = try await client.call(.put, "/api/v1/organizations/\(tree.cellA1)/reviews/2021",
                                      json: ["heldOn": "2021-12-15", "attendees": 1, "eligible": 1,
                                             "proposals": [["memberId": member, "proposedGrade": "HTTNV", "votesFor": 1]]])
            let admin = Session(cookie: "thidua_session=\(TestAuth.token!)", csrf: "")
            let open = try await client.call(.get, "/cells/\(tree.cellA1)/meetings/2021", headers: [.cookie: admin.cookie], token: .some(nil))
            #expect(open.text.contains("Lưu biên bản"))
            let decided = try await client.call(.put, "/api/v1/organizations/\(tree.wardA)/reviews/2021", json: [
                "decisionNumber": "3-QĐ/ĐU", "decidedOn": "2021-12-28", "grades": [["memberId": member, "grade": "HTTNV"]]])
            #expect(decided.status == .created, "\(decided.text)")
            let page = try await client.call(.get, "/cells/\(tree.cellA1)/meetings/2021", headers: [.cookie: admin.cookie], token: .some(nil))
            #expect(page.status == .ok)
            #expect(!page.text.contains("Lưu biên bản"))
            #expect(page.text.contains("Đảng ủy đã quyết định xếp loại năm này"))
            #expect(page.text.contains("Hoàn thành tốt nhiệm vụ"))
            let csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
            let post = try await client.call(.post, "/cells/\(tree.cellA1)/meetings/2021",
                                             text: Self.form(["_csrf": csrf, "heldOn": "16/12/2021", "attendees": member.lowercased()]),
                                             contentType: "application/x-www-form-urlencoded", headers: [.cookie: admin.cookie], token: .some(nil))
            #expect(post.status == .conflict)
            let review = try await client.call(.get, "/api/v1/organizations/\(tree.cellA1)/reviews/2021")
            #expect(review["heldOn"] as? String == "2021-12-15")
        }
    }

    @Test func theDistrictGradesItsWardsAndReopensWithAReason() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let admin = "thidua_session=\(TestAuth.token!)"
            let page = try await client.call(.get, "/organizations/\(tree.district)/ward-grades/2021", headers: [.cookie: admin], token: .some(nil))
            #expect(page.status == .ok)
            #expect(page.text.contains("Đảng bộ phường Hoàng Văn Thụ") && page.text.contains("Đảng bộ phường Quán Toan"))
            let csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
            func post(_ path: String, _ fields: [String: String]) async throws -> JSONAnswer {
                try await client.call(.post, path, text: Self.form(fields.merging(["_csrf": csrf]) { $1 }),
                                      contentType: "application/x-www-form-urlencoded", headers: [.cookie: admin], token: .some(nil))
            }
            let missing = try await post("/organizations/\(tree.district)/ward-grades/2021", ["grades.\(tree.wardA.lowercased())": "HTTNV"])
            #expect(missing.status == .unprocessableContent)
            #expect(missing.text.contains("Nhập số quyết định"))
            let issued = try await post("/organizations/\(tree.district)/ward-grades/2021", [
                "decisionNumber": "30-QĐ/QU", "decidedOn": "30/12/2021",
                "grades.\(tree.wardA.lowercased())": "HTXSNV", "grades.\(tree.wardB.lowercased())": "HTTNV"])
            #expect(issued.status == .seeOther, "\(issued.text.prefix(300))")
            let review = try await client.call(.get, "/api/v1/organizations/\(tree.district)/reviews/2021")
            let grades = Dictionary(uniqueKeysWithValues: (review["organizationGrades"] as? [[String: Any]] ?? []).map {
                (($0["organizationId"] as? String ?? "").lowercased(), $0["grade"] as? String ?? "")
            })
            #expect(grades == [tree.wardA.lowercased(): "HTXSNV", tree.wardB.lowercased(): "HTTNV"])
            #expect(review["decidedOn"] as? String == "2021-12-30")
            let locked = try await client.call(.get, "/organizations/\(tree.district)/ward-grades/2021", headers: [.cookie: admin], token: .some(nil))
            #expect(!locked.text.contains("Ban hành quyết định") && locked.text.contains("Mở lại"))
            #expect(try await post("/organizations/\(tree.district)/ward-grades/2021", ["decisionNumber": "31-QĐ/QU", "decidedOn": "31/12/2021"]).status == .conflict)
            #expect(try await post("/organizations/\(tree.district)/ward-grades/2021/reopen", [:]).status == .unprocessableContent)
            #expect(try await post("/organizations/\(tree.district)/ward-grades/2021/reopen", ["reason": "Phường đề nghị xem lại"]).status == .seeOther)
            let open = try await client.call(.get, "/organizations/\(tree.district)/ward-grades/2021", headers: [.cookie: admin], token: .some(nil))
            #expect(open.text.contains("Ban hành quyết định"))
            // A ward is not graded on this page: only a district has one.
            #expect(try await client.call(.get, "/organizations/\(tree.wardA)/ward-grades/2021", headers: [.cookie: admin], token: .some(nil)).status == .notFound)
        }
    }

    @Test func everyProgressFigureListsExactlyTheMembersItCounts() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let items: [[String: Any]] = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"].map { ["criterion": $0, "action": "Làm \($0)"] }
            // Ward A: five members at every stage from none to acknowledged; ward B: two, one registered.
            var n = 0
            for (cell, stages) in [(tree.cellA1, ["none", "draft", "submitted"]), (tree.cellA2, ["acknowledged", "acknowledged"]), (tree.cellB1, ["draft", "none"])] {
                for stage in stages {
                    n += 1
                    let id = try #require(try await client.call(.post, "/api/v1/members", json: memberBody("Tiến Độ \(n)", card: "T-\(n)", cell: cell))["id"] as? String)
                    guard stage != "none" else { continue }
                    _ = try await client.call(.put, "/api/v1/members/\(id)/commitments/2021", json: ["items": items])
                    if stage != "draft" { _ = try await client.call(.post, "/api/v1/members/\(id)/commitments/2021/submit") }
                    if stage == "acknowledged" { _ = try await client.call(.post, "/api/v1/members/\(id)/commitments/2021/acknowledge") }
                }
            }
            let admin: HTTPFields = [.cookie: "thidua_session=\(TestAuth.token!)"]
            let page = try await client.call(.get, "/organizations/\(tree.district)/progress/2021", headers: admin, token: .some(nil))
            #expect(page.status == .ok)
            // The district: 5 of 7 registered (ward A 4 of 5, ward B 1 of 2), past the deadline.
            #expect(page.text.contains("Quá hạn: còn 2 người chưa đăng ký"))
            #expect(!page.text.contains("true"), "a template printed a flag of the page")
            #expect(page.text.contains("aria-label=\"4 đã đăng ký, Đảng bộ phường Hoàng Văn Thụ\""))
            #expect(page.text.contains("aria-label=\"2 được xác nhận bản đăng ký, Đảng bộ phường Hoàng Văn Thụ\""))
            #expect(page.text.contains("aria-label=\"1 chưa đăng ký, Đảng bộ phường Quán Toan\""))
            let links = page.text.matches(of: #/<a href="([^"]+/members\?stage=[a-zA-Z]+&amp;reached=(?:yes|no))" aria-label="([0-9.]+)\s/#)
            #expect(links.count >= 3 * 6)
            for link in links {
                let uri = String(link.1).replacingOccurrences(of: "&amp;", with: "&")
                let list = try await client.call(.get, uri, headers: admin, token: .some(nil))
                let rows = list.text.matches(of: /<tr><th scope="row">/).count
                #expect(rows == Int(link.2.replacingOccurrences(of: ".", with: "")), "\(uri)")
            }
        }
    }

    @Test func theBadgesPageListsTheNewest200AwardsAndSaysSo() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            for number in 1...201 {
                let member = try await MatrixCallers.member(client, number: number, card: "HH", in: tree.cellA1)
                let awarded = try await client.call(.post, "/api/v1/badge-awards",
                                                    json: ["memberId": member, "years": 30, "occasionOn": "2020-09-02", "decisionNumber": "9-QĐ/QU"])
                #expect(awarded.status == .created, "\(awarded.text)")
            }
            let admin: HTTPFields = [.cookie: "thidua_session=\(TestAuth.token!)"]
            let page = try await client.call(.get, "/organizations/\(tree.wardA)/badges", headers: admin, token: .some(nil))
            #expect(page.status == .ok)
            #expect(page.text.contains("200 lần trao gần nhất"))
            let table = try #require(page.text.range(of: "Huy hiệu đã trao").map { String(page.text[$0.upperBound...]) })
            #expect(table.matches(of: /<tr><th scope="row">/).count == 200)
        }
    }

    @Test func theReportsPageShowsTheAPIsDocumentAndItsCSV() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Báo Cáo Một", card: "R-1", cell: tree.cellA1))
            let admin: HTTPFields = [.cookie: "thidua_session=\(TestAuth.token!)"]
            let form = try await client.call(.get, "/reports", headers: admin, token: .some(nil))
            #expect(form.status == .ok)
            #expect(form.text.contains("Đảng bộ phường Hoàng Văn Thụ (Đảng bộ phường)"))
            #expect(!form.text.contains("Chi bộ khu dân cư số 1 ("), "cells are not offered")
            let page = try await client.call(.get, "/reports?organizationId=\(tree.wardA)&from=2019&to=2020", headers: admin, token: .some(nil))
            #expect(page.status == .ok)
            let src = try #require(page.text.firstMatch(of: /<iframe src="([^"]+)" title="Báo cáo của Đảng bộ phường Hoàng Văn Thụ, 2019–2020">/)?.1)
                .description.replacingOccurrences(of: "&amp;", with: "&")
            let document = try await client.call(.get, src, headers: admin, token: .some(nil))
            #expect(document.headers[HTTPField.Name("X-Frame-Options")!] == "SAMEORIGIN")
            let api = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(tree.wardA)&from=2019&to=2020&format=html")
            // The same document, but the page's counts are links to their records (the API's are not).
            let unlinked = document.text.replacing(#/<a href="/organizations/[^"]+/figures\?[^"]+" target="_top">([0-9.]+)</a>/#) { String($0.1) }
            #expect(unlinked == api.text)
            #expect(document.text.contains("/figures?figure=members&amp;from=2019&amp;to=2019"))
            let csv = try await client.call(.get, src + "&format=csv", headers: admin, token: .some(nil))
            let apiCSV = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(tree.wardA)&from=2019&to=2020&format=csv")
            #expect(csv.headers[.contentDisposition]?.contains("tong-ket-HB-P1-2019-2020.csv") == true)
            #expect(csv.text == apiCSV.text)
            let annual = try await client.call(.get, "/reports/document?organizationId=\(tree.wardA)&from=2020&to=2020&format=csv", headers: admin, token: .some(nil))
            #expect(annual.text == (try await client.call(.get, "/api/v1/reports/annual?organizationId=\(tree.wardA)&year=2020&format=csv")).text)
            let backwards = try await client.call(.get, "/reports?organizationId=\(tree.wardA)&from=2020&to=2019", headers: admin, token: .some(nil))
            #expect(backwards.status == .unprocessableContent)
            #expect(backwards.text.contains("Năm kết thúc không được trước năm bắt đầu."))
        }
    }

    @Test func anAdministratorMakesAMembersAccountInThePages() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let member = try #require(try await client.call(.post, "/api/v1/members", json: memberBody("Nguyễn Văn Tìm", card: "S-77", cell: tree.cellA1))["id"] as? String)
            let admin: HTTPFields = [.cookie: "thidua_session=\(TestAuth.token!)"]
            let search = try await client.call(.get, "/members?q=nguyen+van+tim", headers: admin, token: .some(nil))
            #expect(search.text.contains("Nguyễn Văn Tìm") && search.text.contains("Kết quả: 1 người"))
            let page = try await client.call(.get, "/accounts", headers: admin, token: .some(nil))
            let csrf = try #require(page.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
            func post(_ path: String, _ fields: [String: String]) async throws -> JSONAnswer {
                try await client.call(.post, path, text: Self.form(fields.merging(["_csrf": csrf]) { $1 }),
                                      contentType: "application/x-www-form-urlencoded", headers: admin, token: .some(nil))
            }
            let short = try await post("/accounts", ["username": "tim", "password": "ngan", "fullName": "Nguyễn Văn Tìm"])
            #expect(short.status == .unprocessableContent && short.text.contains("Mật khẩu cần ít nhất 10 ký tự"))
            let created = try await post("/accounts", ["username": "Tim-Nguyen", "password": "mat-khau-cua-tim", "fullName": "Nguyễn Văn Tìm"])
            #expect(created.status == .seeOther)
            let location = try #require(created.headers[.location]).replacingOccurrences(of: "?notice=created", with: "")
            #expect(try await post("/accounts", ["username": "tim-nguyen", "password": "mat-khau-cua-tim", "fullName": "Khác"]).status == .conflict)
            let wrongCard = try await post(location + "/grants", ["role": "MEMBER", "organizationId": tree.cellA1, "partyCardNumber": "KHONG-CO"])
            #expect(wrongCard.text.contains("Không có đảng viên nào mang số thẻ này"))
            let wrongCell = try await post(location + "/grants", ["role": "MEMBER", "organizationId": tree.cellB1, "partyCardNumber": "S-77"])
            #expect(wrongCell.text.contains("Đảng viên này không thuộc tổ chức đã chọn."))
            #expect(try await post(location + "/grants", ["role": "MEMBER", "organizationId": tree.cellA1, "partyCardNumber": "S-77"]).status == .seeOther)
            // The new account signs in and finds its own year.
            let (_, session) = try await Self.signIn(client, "tim-nguyen", "mat-khau-cua-tim")
            let home = try await client.call(.get, "/home", headers: [.cookie: try #require(session).cookie], token: .some(nil))
            #expect(home.text.contains("/members/\(member.lowercased())/commitments/"))
        }
    }

    @Test func anIssuedReportKeepsItsNumberAndFiguresAfterALaterChange() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Văn Bản Một", card: "D-1", cell: tree.cellA1))
            let admin: HTTPFields = [.cookie: "thidua_session=\(TestAuth.token!)"]
            let form = try await client.call(.get, "/reports/issue?organizationId=\(tree.wardA)&from=2019&to=2020", headers: admin, token: .some(nil))
            #expect(form.text.contains("Tổng kết 2 năm thực hiện Quyết định số 500-QĐ/QU (2019–2020)"))
            let csrf = try #require(form.text.firstMatch(of: /name="_csrf" value="([0-9a-f]+)"/)?.1).description
            func issue(_ fields: [String: String]) async throws -> JSONAnswer {
                try await client.call(.post, "/reports/issue", text: Self.form(fields.merging(["_csrf": csrf, "organizationId": tree.wardA, "from": "2019", "to": "2020"]) { $1 }),
                                      contentType: "application/x-www-form-urlencoded", headers: admin, token: .some(nil))
            }
            let unsigned = try await issue(["title": "Tổng kết", "issuedOn": "30/12/2020", "signerMode": "T/M", "signerTitle": "BAN THƯỜNG VỤ"])
            #expect(unsigned.status == .unprocessableContent && unsigned.text.contains("Nhập họ tên người ký."))
            let issued = try await issue(["title": "Tổng kết hai năm", "place": "Hồng Bàng", "issuedOn": "30/12/2020", "signerMode": "T/M",
                                          "signerTitle": "BAN THƯỜNG VỤ", "signerName": "Nguyễn Văn Ký", "recipients": "Quận ủy\nLưu Văn phòng"])
            #expect(issued.status == .seeOther)
            let location = try #require(issued.headers[.location]).replacingOccurrences(of: "?notice=issued", with: "")
            let page = try await client.call(.get, location, headers: admin, token: .some(nil))
            let number = try #require(page.text.firstMatch(of: /<h1>Số ([^<]+)<\/h1>/)?.1).description
            #expect(number.hasPrefix("1-BC/"))
            let id = String(location.split(separator: "/").last!)
            let before = try await client.call(.get, "/reports/documents/\(id)/document?format=csv", headers: admin, token: .some(nil))
            let api = try await client.call(.get, "/api/v1/report-documents/\(id)?format=csv")
            #expect(before.text == api.text)
            let json = try await client.call(.get, "/api/v1/report-documents/\(id)")
            #expect(json["number"] as? String == number && json["recipients"] as? [String] == ["Quận ủy", "Lưu Văn phòng"])
            // A later member changes the live report, never the issued one.
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Văn Bản Hai", card: "D-2", cell: tree.cellA1, admittedOn: "2019-03-03", officialOn: "2020-03-03"))
            let live = try await client.call(.get, "/reports/document?organizationId=\(tree.wardA)&from=2019&to=2020&format=csv", headers: admin, token: .some(nil))
            #expect(live.text != before.text)
            #expect(try await client.call(.get, "/reports/documents/\(id)/document?format=csv", headers: admin, token: .some(nil)).text == before.text)
            let list = try await client.call(.get, "/organizations/\(tree.wardA)/documents", headers: admin, token: .some(nil))
            #expect(list.text.contains(">\(number)</a>"))
        }
    }
}
