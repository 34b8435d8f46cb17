import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/exemplars`: the exemplars ("điển hình tiên tiến") of the subtree with
/// the stages each went through, "Ghi điển hình" for a new one (a member by party card number,
/// or the organization itself), and on each open one "Chuyển giai đoạn" to the stages the
/// rule allows next (found, nurtured, proposed, commended with the commendation that made it
/// so, or not recognised).
struct ExemplarsPage {
    let store: ExemplarStore
    let commendations: CommendationStore
    let organizations: OrganizationStore
    let members: MemberStore
    let frameworks: FrameworkStore
    let renderer: PageRenderer

    static let stages: [ExemplarStage] = [.discovered, .nurtured, .proposed, .commended, .rejected]

    func register(on web: WebRouter) {
        let path = "/organizations/:id/exemplars"
        web.page(path) { visit, caller in
            try await render(try YearPath.id(visit.context), visit, caller, values: FormData(pairs: []), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let id = try YearPath.id(visit.context)
            let scope = AccessScope.of(caller, write: .writeExemplars)
            guard caller.has(.writeExemplars), try await organizations.mayWrite(id, scope: scope) else { throw DomainError.notFound("page") }
            var check = FormCheck()
            var memberId: UUID?
            if let card = check.text(form["partyCardNumber"], "partyCardNumber", maxLength: 50) {
                memberId = try await members.find(partyCardNumber: card, scope: scope)?.id
                if memberId == nil { check.fail("partyCardNumber", "Không có đảng viên nào mang số thẻ này trong phạm vi của bạn.") }
            }
            let title = check.text(form["exemplarTitle"], "exemplarTitle", required: "Nhập tên điển hình, ví dụ \"Gương mẫu trong công tác dân vận\".", maxLength: 500)
            let description = check.text(form["description"], "description", maxLength: 8000, multiline: true)
            let discoveredOn = check.date(form["discoveredOn"], "discoveredOn", required: "Nhập ngày phát hiện, ví dụ \(Format.date(PartyCalendar.today())).")
            guard check.isEmpty, let title, let discoveredOn else {
                return try await render(id, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            // Only the framework's own codes are kept: a box the page did not offer is not a criterion.
            let known = Set(((try? await frameworks.get("QD500").criteria) ?? []).map(\.code))
            _ = try await store.create(memberId: memberId, organizationId: memberId == nil ? id : nil,
                                       criteria: form.all("criteria").filter(known.contains),
                                       title: title, description: description, discoveredOn: discoveredOn, scope: scope,
                                       context: WriteContext(visit.context, caller))
            return redirect(visit.request.uri.path, notice: "created")
        }
        web.form(path + "/:exemplar/stage") { visit, caller, form in
            let id = try YearPath.id(visit.context)
            guard caller.has(.writeExemplars), let exemplarId = visit.context.parameters.get("exemplar").flatMap(UUID.init(uuidString:)) else {
                throw DomainError.notFound("exemplar")
            }
            let key = exemplarId.uuidString.lowercased()
            var check = FormCheck()
            let stage = form.text("stage").flatMap(ExemplarStage.init(rawValue:))
            if stage == nil { check.fail("stage-\(key)", "Chọn giai đoạn tiếp theo.") }
            let note = check.text(form["note"], "note-\(key)", maxLength: 4000, multiline: true)
            let commendationId = form.text("commendationId").flatMap(UUID.init(uuidString:))
            if stage == .commended && commendationId == nil {
                check.fail("commendation-\(key)", "Chọn khen thưởng đã ghi cho điển hình này (ghi khen thưởng trước, rồi chuyển giai đoạn).")
            }
            guard check.isEmpty, let stage else { return try await render(id, visit, caller, values: form, check: check, status: .unprocessableContent) }
            do {
                _ = try await store.move(exemplarId, to: stage, note: note, commendationId: stage == .commended ? commendationId : nil,
                                         expectedVersion: form["version"].flatMap { Int($0) }, scope: .of(caller, write: .writeExemplars),
                                         context: WriteContext(visit.context, caller))
            } catch is ValidationFailure {
                check.fail("commendation-\(key)", "Khen thưởng đã chọn không phải của người, tổ chức này.")
                return try await render(id, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            return redirect("/organizations/\(id.uuidString.lowercased())/exemplars", notice: "moved")
        }
    }

    private func render(_ id: UUID, _ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let scope = AccessScope.of(caller, write: .writeExemplars)
        let organization = try await organizations.get(id, scope: scope)
        let exemplars = try await store.roll(organizationId: id, scope: scope)
        let mayWrite = caller.has(.writeExemplars) ? try await organizations.mayWrite(id, scope: scope) : false
        let recorded = mayWrite && exemplars.contains { $0.record.stage == .proposed }
            ? try await commendations.roll(organizationId: id, year: nil, scope: scope) : []
        let criteria = (try? await frameworks.get("QD500").criteria) ?? []
        let names = Dictionary(criteria.map { ($0.code, $0.nameVi) }, uniquingKeysWith: { first, _ in first })
        let rows: [[String: Any]] = exemplars.map { entry in
            let exemplar = entry.record
            let key = exemplar.id.uuidString.lowercased()
            let next = Self.stages.filter { ExemplarMachine.refusal(from: exemplar.stage, to: $0) == nil }
            let own = recorded.filter { $0.record.memberId == exemplar.memberId && $0.record.organizationId == exemplar.organizationId }
            let posted = values["exemplar"] == key
            return [
                "heading": exemplar.title, "recipient": entry.recipient, "stage": VietnameseLabels.stage(exemplar.stage),
                "criteria": exemplar.criteria.map { names[$0] ?? $0 }.joined(separator: ", "), "hasCriteria": !exemplar.criteria.isEmpty,
                "description": exemplar.description ?? false, "discovered": Format.date(exemplar.discoveredOn),
                "history": exemplar.history.map { ["at": Format.moment($0.at), "stage": VietnameseLabels.stage($0.stage), "note": $0.note ?? false] as [String: Any] },
                "movable": mayWrite && !next.isEmpty,
                "action": "/organizations/\(id.uuidString.lowercased())/exemplars/\(key)/stage", "key": key, "version": String(exemplar.version),
                "next": next.map { ["value": $0.rawValue, "label": VietnameseLabels.stage($0), "selected": posted && values["stage"] == $0.rawValue] },
                "commendable": next.contains(.commended),
                "commendations": own.map { ["value": $0.record.id.uuidString.lowercased(),
                                            "label": "\(VietnameseLabels.form($0.record.form)) năm \($0.record.year), \($0.record.decisionNumber)"] },
                "stageError": check.message(for: "stage-\(key)") ?? false, "noteError": check.message(for: "note-\(key)") ?? false,
                "commendationError": check.message(for: "commendation-\(key)") ?? false,
            ]
        }
        let chosen = Set(values.all("criteria"))
        let view: [String: Any] = [
            "organizationName": organization.name, "organization": "/organizations/\(id.uuidString.lowercased())",
            "action": "/organizations/\(id.uuidString.lowercased())/exemplars",
            "exemplars": rows, "hasExemplars": !rows.isEmpty, "mayWrite": mayWrite,
            "criteriaOptions": criteria.map { ["value": $0.code, "label": $0.nameVi, "id": "criteria-\($0.code)", "checked": chosen.contains($0.code)] },
            "partyCardNumber": values["partyCardNumber"] ?? "", "exemplarTitle": values["exemplarTitle"] ?? "",
            "descriptionValue": values["description"] ?? "", "discoveredOn": values["discoveredOn"] ?? Format.date(PartyCalendar.today()),
            "partyCardNumberError": check.message(for: "partyCardNumber") ?? false, "exemplarTitleError": check.message(for: "exemplarTitle") ?? false,
            "descriptionError": check.message(for: "description") ?? false, "discoveredOnError": check.message(for: "discoveredOn") ?? false,
        ]
        let notices = ["created": "Đã ghi điển hình.", "moved": "Đã chuyển giai đoạn."]
        return renderer.render(Page(template: "exemplars", title: "Điển hình tiên tiến", status: status, view: view, errors: check.errors,
                                    notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }), frame: visit.frame)
    }
}
