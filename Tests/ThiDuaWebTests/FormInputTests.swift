import Foundation
import Testing
import ThiDua
@testable import ThiDuaWeb

/// How posted forms are read: the encoding browsers send, the checks with their Vietnamese
/// messages, the commitment's item rows, the CSRF token and where a sign-in may lead.
@Suite struct FormInputTests {
    @Test func urlEncodedFormsDecodeVietnameseAndKeepRepeatedNames() {
        let form = FormData(encoded: "fullName=Nguy%E1%BB%85n+V%C4%83n+An&attendees=a&attendees=b&empty=&bad=%ZZ&flag")
        #expect(form["fullName"] == "Nguyễn Văn An")
        #expect(form.all("attendees") == ["a", "b"])
        #expect(form["empty"] == "")
        #expect(form.text("empty") == nil)
        #expect(form["bad"] == "%ZZ")
        #expect(form.has("flag"))
        #expect(form["missing"] == nil)
    }

    @Test func theFirstValueOfANameIsReadAndSetReplacesEveryValue() {
        var form = FormData(pairs: [("a", "1"), ("b", "2"), ("a", "3")])
        #expect(form["a"] == "1")
        #expect(form.all("a") == ["1", "3"])
        form.set("a", "9")
        #expect(form["a"] == "9")
        #expect(form.all("a") == ["9"])
        #expect(form.pairs.map(\.name) == ["b", "a"])
        form.set("c", "4")
        #expect(form["c"] == "4" && form.has("c") && form["b"] == "2")
        var check = FormCheck()
        check.fail("x", "first")
        check.fail("x", "second")
        #expect(check.message(for: "x") == "first")
        #expect(check.errors.count == 2)
    }

    @Test func textChecksSayWhatToDoInVietnamese() {
        var check = FormCheck()
        #expect(check.text("  Nguye\u{0302}\u{0303}n  ", "name") == "Nguyễn")
        #expect(check.text("", "required", required: "Nhập tên.") == nil)
        #expect(check.text("x\u{0}y", "nul") == nil)
        #expect(check.text("dòng 1\r\ndòng 2", "lines", multiline: true) == "dòng 1\r\ndòng 2")
        #expect(check.text(String(repeating: "a", count: 11), "long", maxLength: 10) == nil)
        #expect(check.integer("101", "points", 0...100) == nil)
        #expect(check.integer("99999999999999999999", "huge", 0...100) == nil)
        #expect(check.errors.map(\.id) == ["required", "nul", "long", "points", "huge"])
        #expect(check.message(for: "required") == "Nhập tên.")
        #expect(check.message(for: "long") == "Rút gọn còn tối đa 10 ký tự (hiện có 11).")
        #expect(check.message(for: "points") == "Nhập một số nguyên từ 0 đến 100.")
    }

    @Test func multipartFormsGiveTheirFieldsAndTheFileAsText() {
        let body = Array("""
            --XyZ\r
            Content-Disposition: form-data; name="_csrf"\r
            \r
            abc123\r
            --XyZ\r
            Content-Disposition: form-data; name="file"; filename="danh sách.csv"\r
            Content-Type: text/csv\r
            \r
            fullName,gender\r
            Nguyễn Văn An,MALE\r
            \r
            --XyZ--\r

            """.utf8)
        #expect(MultipartBody.boundary(of: "multipart/form-data; boundary=XyZ") == "XyZ")
        #expect(MultipartBody.boundary(of: "multipart/form-data; charset=utf-8; boundary=\"XyZ\"") == "XyZ")
        #expect(MultipartBody.boundary(of: "multipart/form-data") == nil)
        let parts = MultipartBody.parts(body, boundary: "XyZ")
        #expect(parts?.map(\.name) == ["_csrf", "file"])
        #expect(parts?.last?.value == "fullName,gender\r\nNguyễn Văn An,MALE\r\n")
        // Cut off before its closing delimiter, or not starting with one: not a form.
        #expect(MultipartBody.parts(Array(body.prefix(60)), boundary: "XyZ") == nil)
        #expect(MultipartBody.parts(Array("hello".utf8), boundary: "XyZ") == nil)
    }

    @Test func wholeNumbersMayBeWrittenWithVietnameseThousandsDots() {
        var check = FormCheck()
        #expect(check.integer("1.200", "participants", 0...1_000_000) == 1200)
        #expect(check.integer("12.345.678", "participants", 0...100_000_000) == 12_345_678)
        #expect(check.integer(" 120 ", "participants", 0...1_000_000) == 120)
        #expect(check.errors.isEmpty)
        // A dot anywhere else is not a grouping: a decimal, or a typing slip.
        #expect(check.integer("1.5", "decimal", 0...1_000_000) == nil)
        #expect(check.integer("12.00", "slip", 0...1_000_000) == nil)
        #expect(check.integer(".200", "lead", 0...1_000_000) == nil)
        #expect(check.errors.map(\.id) == ["decimal", "slip", "lead"])
    }

    @Test func commitmentRowsFollowTheirNumbersAndDropUnknownCriteria() {
        let form = FormData(pairs: [
            ("items[10].criterion", "CAU_THI"), ("items[10].action", "Học"),
            ("items[2].criterion", "GUONG_MAU"), ("items[2].action", "Gương mẫu"), ("items[2].target", "Cả năm"),
            ("items[3].criterion", "KHONG_CO"), ("items[3].action", "Lạc"),
            ("items[x].action", "Hỏng"), ("items[5000].criterion", "CAU_THI"),
        ])
        let rows = CommitmentPage.items(form, criteria: ["GUONG_MAU", "CAU_THI"])
        #expect(rows.map(\.criterion) == ["GUONG_MAU", "CAU_THI"])
        #expect(rows.map(\.action) == ["Gương mẫu", "Học"])
        #expect(rows.map(\.target) == ["Cả năm", ""])
    }

    @Test func theCSRFTokenBelongsToItsSession() {
        let token = CSRF.token(for: "session-a")
        #expect(token == CSRF.token(for: "session-a"))
        #expect(token != CSRF.token(for: "session-b"))
        #expect(token.count == 64 && token.allSatisfy(\.isHexDigit))
    }

    @Test func aSignInLeadsOnlyToAPathOfThisSite() {
        #expect(SignInPages.safeNext("/members/1/commitments/2026") == "/members/1/commitments/2026")
        #expect(SignInPages.safeNext("/cells/1?x=1") == "/cells/1?x=1")
        for hostile in ["//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)", "/a b", "", nil] as [String?] {
            #expect(SignInPages.safeNext(hostile) == "/home", "\(hostile ?? "nil")")
        }
    }
}
