import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/commendations/{year}`: the year's commendation candidates of the
/// subtree (graded HTXSNV that year, and five years running), and "Ghi khen thưởng": the
/// chosen candidates commended by this organization under one decision, all in one
/// transaction; below, what the year's commendations are.
struct CommendationsPage {
    let store: CommendationStore
    let organizations: OrganizationStore
    let renderer: PageRenderer

    static let forms: [CommendationForm] = [.praise, .certificate, .merit, .other]

    func register(on web: WebRouter) {
        let path = "/organizations/:id/commendations/:year"
        web.page(path) { visit, caller in
            let (id, year) = try YearPath.read(visit.context)
            return try await render(id, year, visit, caller, values: FormData(pairs: []), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let (id, year) = try YearPath.read(visit.context)
            let scope = AccessScope.of(caller, write: .writeRecognition)
            guard caller.has(.writeRecognition), try await organizations.mayWrite(id, scope: scope) else { throw DomainError.notFound("page") }
            var check = FormCheck()
            let candidates = try await store.candidates(organizationId: id, year: year, scope: scope)
            let chosen = Set(form.all("pick"))
            let picked = candidates.filter { !$0.alreadyHolds && chosen.contains(Self.key($0)) }
            if picked.isEmpty { check.fail("picks", "Chọn ít nhất một đảng viên để khen thưởng.", anchor: "pick-0") }
            let kind = form.text("form").flatMap(CommendationForm.init(rawValue:))
            if kind == nil { check.fail("form", "Chọn hình thức khen thưởng.") }
            let title = check.text(form["commendationTitle"], "commendationTitle", maxLength: 500)
            let number = check.text(form["decisionNumber"], "decisionNumber", required: "Nhập số quyết định, ví dụ 15-QĐ/ĐU.", maxLength: 100)
            let decidedOn = check.date(form["decidedOn"], "decidedOn", required: "Nhập ngày quyết định, ví dụ 30/12/\(year).")
            guard check.isEmpty, let kind, let number, let decidedOn else {
                return try await render(id, year, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            let all = picked.map { candidate in
                NewCommendation(memberId: candidate.memberId, organizationId: nil, year: year, form: kind, issuerOrganizationId: id,
                                basis: candidate.basis, criteria: [], title: title ?? Self.title(candidate.basis, year: year),
                                decisionNumber: number, decidedOn: decidedOn, citation: nil)
            }
            do {
                _ = try await store.createAll(all, scope: scope, context: WriteContext(visit.context, caller))
            } catch let failure as BatchItemFailure {
                let name = picked[failure.index].fullName
                if let domain = failure.error as? DomainError, case .conflict = domain {
                    check.fail("picks", "\(name) đã có \(VietnameseLabels.form(kind).lowercased()) năm \(year) với căn cứ này; bỏ chọn rồi gửi lại.", anchor: "pick-0")
                } else {
                    check.fail("picks", "Không ghi được khen thưởng cho \(name): căn cứ không còn đúng với xếp loại đã lưu.", anchor: "pick-0")
                }
                return try await render(id, year, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            return redirect(visit.request.uri.path, notice: "recorded")
        }
    }

    static func key(_ candidate: CommendationCandidate) -> String {
        "\(candidate.memberId.uuidString.lowercased()):\(candidate.basis.rawValue)"
    }

    /// The wording of a commendation when the form leaves it blank, from its basis.
    static func title(_ basis: CommendationBasis, year: Int) -> String {
        switch basis {
        case .excellentFiveYears: "Đảng viên hoàn thành xuất sắc nhiệm vụ 5 năm liền (\(year - 4)–\(year))"
        default: "Đảng viên hoàn thành xuất sắc nhiệm vụ năm \(year)"
        }
    }

    private func render(_ id: UUID, _ year: Int, _ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let scope = AccessScope.of(caller, write: .writeRecognition)
        let organization = try await organizations.get(id, scope: scope)
        let candidates = try await store.candidates(organizationId: id, year: year, scope: scope)
        let recorded = try await store.roll(organizationId: id, year: year, scope: scope)
        let mayWrite = caller.has(.writeRecognition) ? try await organizations.mayWrite(id, scope: scope) : false
        let chosen = Set(values.all("pick"))
        let rows: [[String: Any]] = candidates.enumerated().map { index, candidate in
            ["name": candidate.fullName, "basis": VietnameseLabels.basis(candidate.basis), "id": "pick-\(index)",
             "value": Self.key(candidate), "checked": chosen.contains(Self.key(candidate)),
             "choosable": mayWrite && !candidate.alreadyHolds,
             "state": candidate.alreadyHolds ? "Đã khen thưởng" : "Chưa khen thưởng",
             "href": "/members/\(candidate.memberId.uuidString.lowercased())"]
        }
        let done: [[String: Any]] = recorded.map { entry in
            let commendation = entry.record
            return ["recipient": entry.recipient, "form": VietnameseLabels.form(commendation.form), "basis": VietnameseLabels.basis(commendation.basis),
                    "wording": commendation.title, "decision": "\(commendation.decisionNumber), \(Format.date(commendation.decidedOn))"]
        }
        let view: [String: Any] = [
            "organizationName": organization.name, "year": String(year), "organization": "/organizations/\(id.uuidString.lowercased())",
            "action": visit.request.uri.path,
            "candidates": rows, "hasCandidates": !rows.isEmpty, "mayWrite": mayWrite && rows.contains { $0["choosable"] as? Bool == true },
            "recorded": done, "hasRecorded": !done.isEmpty,
            "forms": SelfAssessmentPage.options(Self.forms, selected: values["form"], label: VietnameseLabels.form),
            "commendationTitle": values["commendationTitle"] ?? "", "decisionNumber": values["decisionNumber"] ?? "",
            "decidedOn": values["decidedOn"] ?? "",
            "picksError": check.message(for: "picks") ?? false, "formError": check.message(for: "form") ?? false,
            "commendationTitleError": check.message(for: "commendationTitle") ?? false,
            "decisionNumberError": check.message(for: "decisionNumber") ?? false, "decidedOnError": check.message(for: "decidedOn") ?? false,
        ]
        let notices = ["recorded": "Đã ghi khen thưởng."]
        return renderer.render(Page(template: "commendations", title: "Khen thưởng năm \(year)", status: status, view: view, errors: check.errors,
                                    notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }), frame: visit.frame)
    }
}
