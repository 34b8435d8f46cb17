import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members/{id}/transfer`: "Chuyển sinh hoạt" to another open cell within the caller's
/// reach from a given day; the history keeps the old cell up to that day.
struct MemberTransferPage {
    let members: MemberStore
    let organizations: OrganizationStore
    let edit: MemberEditPage
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        let path = "/members/:id/transfer"
        web.page(path) { visit, caller in
            let member = try await edit.writable(visit, caller)
            return try await render(member, visit, caller, values: FormData(pairs: []), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let member = try await edit.writable(visit, caller)
            var check = FormCheck()
            let cell = form.text("toOrganizationId").flatMap(UUID.init(uuidString:))
            if cell == nil { check.fail("toOrganizationId", "Chọn chi bộ chuyển đến.") } else if cell == member.organizationId {
                check.fail("toOrganizationId", "Đảng viên đang sinh hoạt ở chi bộ này; chọn chi bộ khác.")
            }
            let effectiveOn = check.date(form["effectiveOn"], "effectiveOn", required: "Nhập ngày bắt đầu sinh hoạt ở chi bộ mới.")
            if let effectiveOn, !(member.cellSince < effectiveOn) {
                check.fail("effectiveOn", "Ngày chuyển phải sau ngày bắt đầu sinh hoạt ở chi bộ hiện nay (\(Format.date(member.cellSince))).")
            }
            guard check.isEmpty, let cell, let effectiveOn else {
                return try await render(member, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            do {
                _ = try await members.transfer(member.id, to: cell, effectiveOn: effectiveOn, expectedVersion: form["version"].flatMap { Int($0) },
                                               scope: .of(caller, write: .writeMembers), context: WriteContext(visit.context, caller))
            } catch is ValidationFailure {
                check.fail("toOrganizationId", "Chi bộ này không nhận được đảng viên từ ngày đã nhập (đã giải thể hoặc ngoài phạm vi của bạn).")
                return try await render(member, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            return redirect("/members/\(member.id.uuidString.lowercased())", notice: "transferred")
        }
    }

    private func render(_ member: Member, _ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let cells = try await organizations.choices(scope: .of(caller, read: .writeMembers, write: .writeMembers), cells: true, openOnly: true)
            .filter { $0.kind == .cell && $0.id != member.organizationId }
        let chosen = values["toOrganizationId"]?.lowercased()
        let current = try await organizations.get(member.organizationId, scope: .of(caller, write: .writeMembers))
        let view: [String: Any] = [
            "memberName": member.fullName, "record": "/members/\(member.id.uuidString.lowercased())", "action": visit.request.uri.path,
            "version": values["version"] ?? String(member.version), "current": current.name, "since": Format.date(member.cellSince),
            "cells": cells.map { ["value": $0.id.uuidString.lowercased(), "label": $0.name, "selected": $0.id.uuidString.lowercased() == chosen] },
            "effectiveOn": values["effectiveOn"] ?? "",
            "toOrganizationIdError": check.message(for: "toOrganizationId") ?? false, "effectiveOnError": check.message(for: "effectiveOn") ?? false,
        ]
        return renderer.render(Page(template: "member_transfer", title: "Chuyển sinh hoạt đảng", status: status, view: view, errors: check.errors),
                               frame: visit.frame)
    }
}
