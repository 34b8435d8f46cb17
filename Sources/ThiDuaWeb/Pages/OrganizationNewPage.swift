import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/new`: "Thêm tổ chức trực thuộc": a new organization under this one, of
/// a kind that may sit here, optionally "Hợp nhất từ" some of the open organizations already
/// under it (a merger: they close the day before the new one is founded and name it their
/// successor, in the same transaction).
struct OrganizationNewPage {
    let organizations: OrganizationStore
    let edit: OrganizationEditPage
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        let path = "/organizations/:id/new"
        web.page(path) { visit, caller in
            let parent = try await edit.writable(visit, caller)
            return try await render(parent, visit, caller, values: FormData(pairs: [("validFrom", Format.date(PartyCalendar.today()))]),
                                    check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let parent = try await edit.writable(visit, caller)
            let scope = AccessScope.of(caller, write: .writeOrganizations)
            var check = FormCheck()
            let code = check.text(form["code"], "code", required: "Nhập mã tổ chức, ví dụ HP-HB-P01-CB05.", maxLength: 50)
            let kind = form.text("kind").flatMap(OrganizationKind.init(rawValue:))
            if kind == nil || !Self.kinds(under: parent).contains(kind!) { check.fail("kind", "Chọn loại tổ chức.") }
            let name = check.text(form["name"], "name", required: "Nhập tên tổ chức.", maxLength: 200)
            let abbreviation = check.text(form["abbreviation"], "abbreviation", maxLength: 50)
            let validFrom = check.date(form["validFrom"], "validFrom", required: "Nhập ngày thành lập.")
            let open = try await children(of: parent, scope: scope)
            let chosen = Set(form.all("predecessorIds").map { $0.lowercased() })
            let predecessors = open.filter { chosen.contains($0.id.uuidString.lowercased()) }
            if let kind, predecessors.contains(where: { $0.kind != kind }) {
                check.fail("predecessors", "Chỉ hợp nhất các tổ chức cùng loại với tổ chức mới.", anchor: "predecessor-0")
            }
            if let validFrom, let late = predecessors.first(where: { !($0.validFrom < validFrom) }) {
                check.fail("predecessors", "\(late.name) thành lập ngày \(Format.date(late.validFrom)), không trước ngày thành lập tổ chức mới.",
                           anchor: "predecessor-0")
            }
            guard check.isEmpty, let code, let kind, let name, let validFrom else {
                return try await render(parent, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            let created: Organization
            do {
                created = try await organizations.create(NewOrganization(code: code, kind: kind, name: name, abbreviation: abbreviation,
                                                                         parentId: parent.id, validFrom: validFrom, validTo: nil,
                                                                         predecessorIds: predecessors.map(\.id)),
                                                         scope: scope, context: WriteContext(visit.context, caller))
            } catch let error as DomainError {
                guard case .conflict = error else { throw error }
                check.fail("code", "Mã này đã là của một tổ chức khác.")
                return try await render(parent, visit, caller, values: form, check: check, status: .conflict)
            }
            return redirect("/organizations/\(created.id.uuidString.lowercased())", notice: predecessors.isEmpty ? "created" : "merged")
        }
    }

    static func kinds(under parent: Organization) -> [OrganizationKind] {
        OrganizationKind.allCases.filter { $0.allowedParents.contains(parent.kind) }
    }

    /// The open organizations directly under `parent`: what a merger may join.
    private func children(of parent: Organization, scope: AccessScope) async throws -> [Organization] {
        try await organizations.list(.init(parentId: parent.id), page: PageRequest(limit: 500), scope: scope).items.filter { $0.validTo == nil }
    }

    private func render(_ parent: Organization, _ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let open = try await children(of: parent, scope: .of(caller, write: .writeOrganizations))
        let chosen = Set(values.all("predecessorIds").map { $0.lowercased() })
        var view: [String: Any] = [
            "organizationName": parent.name, "back": "/organizations/\(parent.id.uuidString.lowercased())", "action": visit.request.uri.path,
            "kinds": Self.kinds(under: parent).map { ["value": $0.rawValue, "label": OrganizationPage.kindName($0), "selected": $0.rawValue == values["kind"]] },
            "predecessors": open.enumerated().map { index, organization in
                ["id": "predecessor-\(index)", "value": organization.id.uuidString.lowercased(),
                 "label": "\(organization.name) (\(OrganizationPage.kindName(organization.kind)))",
                 "checked": chosen.contains(organization.id.uuidString.lowercased())] as [String: Any]
            },
            "hasPredecessors": !open.isEmpty, "predecessorsError": check.message(for: "predecessors") ?? false,
        ]
        for field in ["code", "kind", "name", "abbreviation", "validFrom"] {
            view[field] = values[field] ?? ""
            view[field + "Error"] = check.message(for: field) ?? false
        }
        return renderer.render(Page(template: "organization_new", title: "Thêm tổ chức trực thuộc", status: status, view: view, errors: check.errors),
                               frame: visit.frame)
    }
}
