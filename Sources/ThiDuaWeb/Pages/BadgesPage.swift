import CivilDate
import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/badges`: Party badges of the subtree. "Dịp trao" chooses an occasion
/// (3/2, 19/5, 2/9, 7/11; the next one by default); the members due a tier on it are listed,
/// and "Trao huy hiệu" records the chosen awards under one decision, all in one transaction.
/// Below, the awards already made.
struct BadgesPage {
    let store: BadgeStore
    let organizations: OrganizationStore
    let renderer: PageRenderer

    /// How many of the awards already made the page lists, newest first.
    static let shownAwards = 200

    func register(on web: WebRouter) {
        let path = "/organizations/:id/badges"
        web.page(path) { visit, caller in
            let id = try YearPath.id(visit.context)
            var values = FormData(pairs: [])
            if let occasion = visit.request.uri.queryParameters["occasion"] { values.set("occasion", String(occasion)) }
            return try await render(id, visit, caller, values: values, check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let id = try YearPath.id(visit.context)
            let scope = AccessScope.of(caller, write: .writeRecognition)
            guard caller.has(.writeRecognition), try await organizations.mayWrite(id, scope: scope) else { throw DomainError.notFound("page") }
            var check = FormCheck()
            guard let occasion = Self.occasion(form["occasion"]) else {
                check.fail("occasion", "Chọn dịp trao huy hiệu: 3/2, 19/5, 2/9 hoặc 7/11.")
                return try await render(id, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            let candidates = try await store.candidates(organizationId: id, occasion: occasion, scope: scope)
            let chosen = Set(form.all("pick"))
            let picked = candidates.filter { chosen.contains(Self.key($0)) }
            if picked.isEmpty { check.fail("picks", "Chọn ít nhất một đảng viên để trao huy hiệu.", anchor: "pick-0") }
            let number = check.text(form["decisionNumber"], "decisionNumber", required: "Nhập số quyết định trao huy hiệu, ví dụ 120-QĐ/QU.", maxLength: 100)
            guard check.isEmpty, let number else {
                return try await render(id, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            do {
                _ = try await store.awardAll(picked.map { ($0.memberId, $0.years) }, occasionOn: occasion, decisionNumber: number,
                                             scope: scope, context: WriteContext(visit.context, caller))
            } catch let failure as BatchItemFailure {
                check.fail("picks", "\(picked[failure.index].fullName) đã có huy hiệu này hoặc chưa đủ tuổi Đảng; tải lại danh sách rồi chọn lại.",
                           anchor: "pick-0")
                return try await render(id, visit, caller, values: form, check: check, status: .unprocessableContent)
            }
            return redirect("\(visit.request.uri.path)?occasion=\(occasion)", notice: "awarded")
        }
    }

    /// An occasion as the select sends it (`YYYY-MM-DD`) or as typed (`dd/mm/yyyy`).
    static func occasion(_ text: String?) -> CalendarDate? {
        guard let text, let date = CalendarDate(text) ?? Format.parseDate(text), BadgeRules.isOccasion(date) else { return nil }
        return date
    }

    static func key(_ candidate: BadgeCandidate) -> String {
        "\(candidate.memberId.uuidString.lowercased()):\(candidate.years)"
    }

    private func render(_ id: UUID, _ visit: WebRouter.Visit, _ caller: Caller, values: FormData, check: FormCheck,
                        status: HTTPResponse.Status = .ok) async throws -> Response {
        let scope = AccessScope.of(caller, write: .writeRecognition)
        let organization = try await organizations.get(id, scope: scope)
        let today = PartyCalendar.today()
        var check = check
        let asked = values["occasion"]
        let occasion = Self.occasion(asked) ?? BadgeRules.nextOccasion(onOrAfter: today)
        if let asked, !asked.isEmpty, Self.occasion(asked) == nil, check.message(for: "occasion") == nil {
            check.fail("occasion", "Chọn dịp trao huy hiệu: 3/2, 19/5, 2/9 hoặc 7/11.")
        }
        let candidates = try await store.candidates(organizationId: id, occasion: occasion, scope: scope)
        let awarded = try await store.roll(organizationId: id, limit: Self.shownAwards + 1, scope: scope)
        let mayWrite = caller.has(.writeRecognition) ? try await organizations.mayWrite(id, scope: scope) : false
        let chosen = Set(values.all("pick"))
        let years = (today.year - 1)...(today.year + 1)
        var occasions = years.flatMap(BadgeRules.occasions(in:))
        if !occasions.contains(occasion) { occasions.append(occasion) }
        let rows: [[String: Any]] = candidates.enumerated().map { index, candidate in
            ["name": candidate.fullName, "id": "pick-\(index)", "value": Self.key(candidate), "checked": chosen.contains(Self.key(candidate)),
             "admitted": Format.date(candidate.admittedOn), "tier": "Huy hiệu \(Format.number(candidate.years)) năm tuổi Đảng",
             "reached": Format.date(candidate.reachedOn), "href": "/members/\(candidate.memberId.uuidString.lowercased())"]
        }
        let view: [String: Any] = [
            "organizationName": organization.name, "organization": "/organizations/\(id.uuidString.lowercased())",
            "action": visit.request.uri.path, "occasionText": Format.date(occasion),
            "occasions": occasions.map { ["value": $0.description, "label": Format.date($0), "selected": $0 == occasion] },
            "occasionValue": occasion.description,
            "candidates": rows, "hasCandidates": !rows.isEmpty, "mayWrite": mayWrite,
            "decisionNumber": values["decisionNumber"] ?? "",
            "occasionError": check.message(for: "occasion") ?? false, "picksError": check.message(for: "picks") ?? false,
            "decisionNumberError": check.message(for: "decisionNumber") ?? false,
            "awarded": awarded.prefix(Self.shownAwards).map { entry in
                ["name": entry.recipient, "tier": "Huy hiệu \(Format.number(entry.record.years)) năm tuổi Đảng",
                 "on": Format.date(entry.record.occasionOn), "decision": entry.record.decisionNumber]
            },
            "hasAwarded": !awarded.isEmpty, "moreAwards": awarded.count > Self.shownAwards ? Format.number(Self.shownAwards) : false,
        ]
        let notices = ["awarded": "Đã ghi việc trao huy hiệu."]
        return renderer.render(Page(template: "badges", title: "Huy hiệu Đảng", status: status, view: view, errors: check.errors,
                                    notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }), frame: visit.frame)
    }
}
