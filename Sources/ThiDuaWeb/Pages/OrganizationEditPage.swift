import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/edit`: "Sửa tổ chức": its name, abbreviation, founding day and the day
/// it ceased (a merger sets that itself), for whoever may change organizations there.
struct OrganizationEditPage {
    let organizations: OrganizationStore
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        let path = "/organizations/:id/edit"
        web.page(path) { visit, caller in
            let organization = try await writable(visit, caller)
            return render(organization, visit, values: FormData(pairs: [
                ("name", organization.name), ("abbreviation", organization.abbreviation ?? ""),
                ("validFrom", Format.date(organization.validFrom)), ("validTo", Format.date(organization.validTo)),
                ("version", String(organization.version)),
            ]), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let organization = try await writable(visit, caller)
            var check = FormCheck()
            let name = check.text(form["name"], "name", required: "Nhập tên tổ chức.", maxLength: 200)
            let abbreviation = check.text(form["abbreviation"], "abbreviation", maxLength: 50)
            let validFrom = check.date(form["validFrom"], "validFrom", required: "Nhập ngày thành lập.")
            let validTo = check.date(form["validTo"], "validTo")
            if let validFrom, let validTo, validTo < validFrom { check.fail("validTo", "Ngày kết thúc hoạt động không được trước ngày thành lập.") }
            guard check.isEmpty, let name, let validFrom else {
                return render(organization, visit, values: form, check: check, status: .unprocessableContent)
            }
            _ = try await organizations.update(organization.id, OrganizationChanges(name: name, abbreviation: .some(abbreviation),
                                                                                    validFrom: validFrom, validTo: .some(validTo)),
                                               expectedVersion: form["version"].flatMap { Int($0) }, scope: .of(caller, write: .writeOrganizations),
                                               context: WriteContext(visit.context, caller))
            return redirect("/organizations/\(organization.id.uuidString.lowercased())", notice: "updated")
        }
    }

    func writable(_ visit: WebRouter.Visit, _ caller: Caller) async throws -> Organization {
        guard caller.has(.writeOrganizations), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw DomainError.notFound("organization")
        }
        let scope = AccessScope.of(caller, write: .writeOrganizations)
        let organization = try await organizations.get(id, scope: scope)
        guard try await organizations.mayWrite(id, scope: scope) else { throw DomainError.notFound("organization") }
        return organization
    }

    private func render(_ organization: Organization, _ visit: WebRouter.Visit, values: FormData, check: FormCheck,
                        status: HTTPResponse.Status = .ok) -> Response {
        var view: [String: Any] = ["organizationName": organization.name, "back": "/organizations/\(organization.id.uuidString.lowercased())",
                                   "action": visit.request.uri.path, "version": values["version"] ?? String(organization.version)]
        for field in ["name", "abbreviation", "validFrom", "validTo"] {
            view[field] = values[field] ?? ""
            view[field + "Error"] = check.message(for: field) ?? false
        }
        return renderer.render(Page(template: "organization_edit", title: "Sửa tổ chức", status: status, view: view, errors: check.errors),
                               frame: visit.frame)
    }
}
