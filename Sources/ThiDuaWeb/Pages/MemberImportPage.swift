import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members/import`: members from a CSV file, as the API imports them (all rows or none).
/// "Kiểm tra tệp" runs the dry run and shows every row and column in error as a table; a clean
/// file is offered for "Nhập", which sends the same text again (kept in the page, so nothing is
/// stored between the two steps) and imports it in one transaction.
struct MemberImportPage {
    let importer: MemberImport
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        web.page("/members/import") { visit, caller in
            guard caller.has(.writeMembers) else { throw DomainError.notFound("page") }
            return render(visit, view: [:])
        }
        web.form("/members/import") { visit, caller, form in
            guard caller.has(.writeMembers) else { throw DomainError.notFound("page") }
            // The file's bytes, or the text a clean check kept for "Nhập".
            let csv = (form["file"] ?? form["csv"] ?? "").replacingOccurrences(of: "\u{FEFF}", with: "")
            var check = FormCheck()
            guard !csv.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                check.fail("file", "Chọn tệp CSV danh sách đảng viên.")
                return render(visit, view: [:], check: check, status: .unprocessableContent)
            }
            let importing = form["intent"] == "import"
            let outcome = try await importer.run(csv: csv, dryRun: !importing, today: PartyCalendar.today(),
                                                 scope: .of(caller, write: .writeMembers), context: WriteContext(visit.context, caller))
            switch outcome {
            case .imported(let count):
                return render(visit, view: ["imported": "Đã nhập \(Format.number(count)) đảng viên."])
            case .checked(let valid, let errors) where errors.isEmpty:
                return render(visit, view: ["clean": ["count": Format.number(valid), "csv": csv]])
            case .checked(_, let errors), .rejected(let errors):
                check.fail("file", "Tệp có \(Format.number(errors.count)) lỗi; sửa trong tệp rồi kiểm tra lại. Chưa nhập dòng nào.")
                let rows = errors.map { ["line": Format.number($0.line), "column": ImportMessages.column($0.column), "message": ImportMessages.message($0)] }
                return render(visit, view: ["errors": rows], check: check, status: .unprocessableContent)
            }
        }
    }

    private func render(_ visit: WebRouter.Visit, view: [String: Any], check: FormCheck = FormCheck(), status: HTTPResponse.Status = .ok) -> Response {
        var view = view
        view["header"] = MemberImport.columns.joined(separator: ",")
        view["fileError"] = check.message(for: "file") ?? false
        view["hasErrors"] = (view["errors"] as? [Any])?.isEmpty == false
        return renderer.render(Page(template: "member_import", title: "Nhập đảng viên từ tệp CSV", status: status, view: view, errors: check.errors),
                               frame: visit.frame)
    }
}
