import Foundation
import HTTPTypes
import Hummingbird
import ThiDua
import ThiDuaDocuments
import ThiDuaHTTP

/// Issuing a report ("Ban hành báo cáo": title, place, date, signer, recipients) under the
/// issuer's next number with its figures frozen; an issued document, exactly as issued; and
/// the documents an organization has issued.
struct ReportDocumentPages {
    let store: ReportDocumentStore
    let organizations: OrganizationStore
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        web.page("/reports/issue") { visit, caller in
            guard caller.has(.issueReports) else { throw DomainError.notFound("page") }
            var check = FormCheck()
            guard let asked = ReportsPage.Request.read(ReportsPage.parameters(visit.request), check: &check) else { throw DomainError.notFound("report") }
            let organization = try await organizations.get(asked.organizationId, scope: .of(caller, write: .issueReports))
            let title = asked.from == asked.to
                ? "Kết quả thực hiện Quyết định số 500-QĐ/QU năm \(asked.from)"
                : "Tổng kết \(asked.to - asked.from + 1) năm thực hiện Quyết định số 500-QĐ/QU (\(asked.from)–\(asked.to))"
            let values = FormData(pairs: [("title", title), ("issuedOn", Format.date(PartyCalendar.today())), ("signerMode", "T/M"),
                                          ("signerTitle", "BAN THƯỜNG VỤ"), ("recipients", "Lưu Văn phòng")])
            return render(asked, organization.name, visit, values: values, check: check)
        }
        web.form("/reports/issue") { visit, caller, form in
            guard caller.has(.issueReports) else { throw DomainError.notFound("page") }
            var check = FormCheck()
            var query: [String: String] = [:]
            for key in ["organizationId", "from", "to"] { query[key] = form[key] }
            guard let asked = ReportsPage.Request.read(query, check: &check) else { throw DomainError.notFound("report") }
            let title = check.text(form["title"], "title", required: "Nhập tiêu đề báo cáo.", maxLength: 500)
            let place = check.text(form["place"], "place", maxLength: 200)
            let issuedOn = check.date(form["issuedOn"], "issuedOn", required: "Nhập ngày ban hành.")
            let mode = form.text("signerMode").flatMap(SignerMode.init(rawValue:))
            if mode == nil { check.fail("signerMode", "Chọn hình thức ký.") }
            let signerTitle = check.text(form["signerTitle"], "signerTitle", required: "Nhập chức danh của tập thể hoặc người ký thay, ví dụ BAN THƯỜNG VỤ.", maxLength: 200)
            let position = check.text(form["signerPosition"], "signerPosition", maxLength: 200)
            let name = check.text(form["signerName"], "signerName", required: "Nhập họ tên người ký.", maxLength: 200)
            let recipients = (form["recipients"] ?? "").split(whereSeparator: \.isNewline).compactMap { line in
                check.text(String(line), "recipients", maxLength: 300)
            }
            guard check.isEmpty, let title, let issuedOn, let mode, let signerTitle, let name else {
                let organization = try await organizations.get(asked.organizationId, scope: .of(caller, write: .issueReports))
                return render(asked, organization.name, visit, values: form, check: check, status: .unprocessableContent)
            }
            let kind: ReportKind = asked.from == asked.to ? .annual : (form["kind"] == "INTERIM" ? .interim : .final)
            let document = try await store.issue(
                ReportDocumentRequest(kind: kind, organizationId: asked.organizationId, from: asked.from, to: asked.to, title: title,
                                      place: place, issuedOn: issuedOn, signer: Signer(mode: mode, title: signerTitle, position: position, name: name),
                                      recipients: recipients),
                scope: .of(caller, write: .issueReports), context: WriteContext(visit.context, caller))
            return redirect("/reports/documents/\(document.id.uuidString.lowercased())", notice: "issued")
        }
        web.page("/reports/documents/:id") { visit, caller in
            guard caller.has(.readRegistry), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("document") }
            let document = try await store.get(id, scope: .of(caller, write: .issueReports))
            let key = id.uuidString.lowercased()
            let view: [String: Any] = [
                "number": "Số \(document.number)", "docTitle": document.title, "issuedOn": Format.date(document.issuedOn),
                "src": "/reports/documents/\(key)/document", "csv": "/reports/documents/\(key)/document?format=csv",
                "xlsx": "/reports/documents/\(key)/document?format=xlsx", "docx": "/reports/documents/\(key)/document?format=docx",
                "list": "/organizations/\(document.organizationId.uuidString.lowercased())/documents",
            ]
            return renderer.render(Page(template: "report_document", title: "Báo cáo số \(document.number)", view: view,
                                        notice: visit.request.uri.queryParameters["notice"] == "issued" ? "Đã ban hành báo cáo số \(document.number)." : nil),
                                   frame: visit.frame)
        }
        web.page("/reports/documents/:id/document") { visit, caller in
            guard caller.has(.readRegistry), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("document") }
            let document = try await store.get(id, scope: .of(caller, write: .issueReports))
            if let file = try ReportsPage.file(document.figures, frame: .issued(document), format: visit.request.uri.queryParameters["format"].map(String.init),
                                               name: "van-ban-\(document.number.replacingOccurrences(of: "/", with: "-"))") {
                return file
            }
            return ReportsPage.framed(ReportHTML.shared.render(document.figures, frame: .issued(document), today: PartyCalendar.today()))
        }
        web.page("/organizations/:id/documents") { visit, caller in
            guard caller.has(.readRegistry), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("organization") }
            let documents = try await store.list(organizationId: id, scope: .of(caller, write: .issueReports))
            let view: [String: Any] = [
                "documents": documents.map { ["number": $0.number, "title": $0.title, "issuedOn": Format.date($0.issuedOn),
                                              "href": "/reports/documents/\($0.id.uuidString.lowercased())"] },
                "hasDocuments": !documents.isEmpty,
            ]
            return renderer.render(Page(template: "report_documents", title: "Văn bản đã ban hành", view: view), frame: visit.frame)
        }
    }

    func render(_ asked: ReportsPage.Request, _ organizationName: String, _ visit: WebRouter.Visit, values: FormData, check: FormCheck,
                status: HTTPResponse.Status = .ok) -> Response {
        let modes: [SignerMode] = [.onBehalf, .deputy]
        let view: [String: Any] = [
            "organizationName": organizationName, "span": asked.from == asked.to ? "năm \(asked.from)" : "\(asked.from)–\(asked.to)",
            "organizationId": asked.organizationId.uuidString.lowercased(), "from": String(asked.from), "to": String(asked.to),
            "isSpan": asked.from != asked.to,
            "docTitle": values["title"] ?? "", "place": values["place"] ?? "", "issuedOn": values["issuedOn"] ?? "",
            "modes": modes.map { ["value": $0.rawValue, "label": $0 == .onBehalf ? "T/M (thay mặt tập thể)" : "K/T (ký thay)",
                                  "selected": $0.rawValue == values["signerMode"]] },
            "signerTitle": values["signerTitle"] ?? "", "signerPosition": values["signerPosition"] ?? "", "signerName": values["signerName"] ?? "",
            "recipients": values["recipients"] ?? "",
            "titleError": check.message(for: "title") ?? false, "issuedOnError": check.message(for: "issuedOn") ?? false,
            "signerTitleError": check.message(for: "signerTitle") ?? false, "signerNameError": check.message(for: "signerName") ?? false,
            "placeError": check.message(for: "place") ?? false,
        ]
        return renderer.render(Page(template: "report_issue", title: "Ban hành báo cáo", status: status, view: view, errors: check.errors),
                               frame: visit.frame)
    }
}
