import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members/{id}/commitments/{year}`: the member registers what they will do for each
/// criterion of the year's framework, saves a draft and submits it; their cell's secretary
/// reads it, acknowledges it or returns it with a reason.
struct CommitmentPage {
    let years: MemberYearStore
    let store: CommitmentStore
    let renderer: PageRenderer

    static let maxText = 2000

    /// One typed item, as posted (kept as typed when the page is shown again).
    struct TypedItem {
        var criterion: String
        var action: String
        var target: String
    }

    func register(on web: WebRouter) {
        let path = "/members/:id/commitments/:year"
        web.page(path) { visit, caller in
            let (memberId, year) = try YearPath.read(visit.context)
            let memberYear = try await load(memberId, year, caller)
            return render(memberYear, visit, typed: nil, check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let (memberId, year) = try YearPath.read(visit.context)
            let memberYear = try await load(memberId, year, caller)
            guard memberYear.mayWrite else { throw DomainError.notFound("commitment") }
            var typed = Self.items(form, criteria: memberYear.framework.criteria.map(\.code))
            let intent = form["intent"] ?? "save"
            if intent.hasPrefix("add:") {
                // Without script, "Thêm việc làm" posts the form: show it again with one more row.
                typed.append(TypedItem(criterion: String(intent.dropFirst(4)), action: "", target: ""))
                return render(memberYear, visit, typed: typed, check: FormCheck())
            }
            var check = FormCheck()
            var items: [NewCommitmentItem] = []
            for (index, item) in typed.enumerated() {
                let id = "item-\(index)"
                let target = check.text(item.target, "\(id)-target", maxLength: Self.maxText, multiline: true)
                let action = check.text(item.action, "\(id)-action", required: target == nil ? nil : "Nhập việc làm cho chỉ tiêu này, hoặc xoá chỉ tiêu.",
                                        maxLength: Self.maxText, multiline: true)
                if let action { items.append(NewCommitmentItem(criterion: item.criterion, action: action, target: target)) }
            }
            if intent == "submit" {
                for criterion in memberYear.framework.criteria where !items.contains(where: { $0.criterion == criterion.code }) {
                    let first = typed.firstIndex { $0.criterion == criterion.code }
                    check.fail("criterion-\(criterion.code)", "Nhập ít nhất một việc làm cho tiêu chí \(criterion.nameVi).",
                               anchor: first.map { "item-\($0)-action" })
                }
            }
            guard check.isEmpty else { return render(memberYear, visit, typed: typed, check: check, status: .unprocessableContent) }
            let expected = form["version"].flatMap { Int($0) }
            let scope = AccessScope.of(caller, write: .writeCommitments)
            let context = WriteContext(visit.context, caller)
            do {
                if intent == "submit" {
                    _ = try await store.putAndSubmit(memberId: memberId, year: year, items: items, expectedVersion: expected, scope: scope, context: context)
                    return redirect(visit.request.uri.path, notice: "submitted")
                }
                _ = try await store.put(memberId: memberId, year: year, items: items, expectedVersion: expected, scope: scope, context: context)
                return redirect(visit.request.uri.path, notice: "saved")
            } catch DomainError.versionMismatch {
                // Someone saved meanwhile: keep what was typed, and let a second save overwrite.
                let fresh = try await load(memberId, year, caller)
                var check = FormCheck()
                check.fail("items", "Bản đăng ký vừa được lưu ở nơi khác trong lúc bạn sửa. Những gì bạn nhập vẫn còn dưới đây: xem lại, rồi lưu lại để ghi đè.")
                return render(fresh, visit, typed: fresh.commitment?.status.isEditable ?? true ? typed : nil, check: check, status: .conflict)
            } catch DomainError.invalidState {
                let fresh = try await load(memberId, year, caller)
                var check = FormCheck()
                check.fail("items", "Bản đăng ký đang ở trạng thái \(VietnameseLabels.commitment(fresh.commitment?.status)) nên không sửa được.")
                return render(fresh, visit, typed: nil, check: check, status: .conflict)
            }
        }
        web.form(path + "/acknowledge") { visit, caller, form in
            let (memberId, year) = try YearPath.read(visit.context)
            _ = try await store.transition(memberId: memberId, year: year, .acknowledge, expectedVersion: form["version"].flatMap { Int($0) },
                                           scope: .of(caller, write: .acknowledgeCommitments), context: WriteContext(visit.context, caller))
            return redirect(SignInPages.safeNext(form["back"] ?? visit.request.uri.path.replacingOccurrences(of: "/acknowledge", with: "")),
                            notice: "acknowledged")
        }
        web.form(path + "/return") { visit, caller, form in
            let (memberId, year) = try YearPath.read(visit.context)
            var check = FormCheck()
            let reason = check.text(form["reason"], "reason", required: "Nhập lý do trả lại để đảng viên biết cần sửa gì.", maxLength: 4000, multiline: true)
            guard let reason else {
                let memberYear = try await load(memberId, year, caller)
                return render(memberYear, visit, typed: nil, check: check, status: .unprocessableContent, reason: form["reason"] ?? "")
            }
            _ = try await store.transition(memberId: memberId, year: year, .return, reason: reason, expectedVersion: form["version"].flatMap { Int($0) },
                                           scope: .of(caller, write: .acknowledgeCommitments), context: WriteContext(visit.context, caller))
            return redirect(SignInPages.safeNext(form["back"] ?? visit.request.uri.path.replacingOccurrences(of: "/return", with: "")),
                            notice: "returned")
        }
    }

    private func load(_ memberId: UUID, _ year: Int, _ caller: Caller) async throws -> MemberYear {
        try await years.load(memberId: memberId, year: year, scope: .of(caller, write: .writeCommitments),
                             acknowledge: caller.reach(.acknowledgeCommitments))
    }

    /// The posted items in the order of their numbers (`items[3].action`), of known criteria.
    static func items(_ form: FormData, criteria: [String]) -> [TypedItem] {
        var byIndex: [Int: TypedItem] = [:]
        for (name, value) in form.pairs {
            guard name.hasPrefix("items["), let close = name.firstIndex(of: "]"),
                  let index = Int(name[name.index(name.startIndex, offsetBy: 6)..<close]), index >= 0, index < 1000 else { continue }
            var item = byIndex[index] ?? TypedItem(criterion: "", action: "", target: "")
            switch name[name.index(after: close)...] {
            case ".criterion": item.criterion = value
            case ".action": item.action = value
            case ".target": item.target = value
            default: continue
            }
            byIndex[index] = item
        }
        return byIndex.keys.sorted().compactMap { byIndex[$0] }.filter { criteria.contains($0.criterion) }
    }

    func render(_ year: MemberYear, _ visit: WebRouter.Visit, typed: [TypedItem]?, check: FormCheck,
                status: HTTPResponse.Status = .ok, reason: String = "") -> Response {
        let commitment = year.commitment
        let editable = year.mayWrite && (commitment?.status.isEditable ?? true)
        // Rows to show: what was typed, else what is saved, else one empty row a criterion.
        let rows: [TypedItem] = typed ?? commitment.map { $0.items.map { TypedItem(criterion: $0.criterion, action: $0.action, target: $0.target ?? "") } }
            ?? year.framework.criteria.map { TypedItem(criterion: $0.code, action: "", target: "") }
        var criteria: [[String: Any]] = []
        var numbered = Array(rows.enumerated())
        for criterion in year.framework.criteria {
            var items = numbered.filter { $0.element.criterion == criterion.code }
            if editable && items.isEmpty {
                // A criterion with no row yet still gets one to type into.
                let index = (numbered.map(\.offset).max() ?? -1) + 1
                let row = (offset: index, element: TypedItem(criterion: criterion.code, action: "", target: ""))
                numbered.append(row)
                items = [row]
            }
            let fieldsetId = "criterion-\(criterion.code)"
            criteria.append([
                "code": criterion.code, "name": criterion.nameVi, "id": fieldsetId,
                "error": check.message(for: fieldsetId) ?? false,
                "add": "add:\(criterion.code)",
                "items": items.map { index, item in
                    let id = "item-\(index)"
                    let actionError = check.message(for: "\(id)-action")
                    return [
                        "index": String(index), "criterion": item.criterion, "action": item.action, "target": item.target,
                        "hasTarget": !item.target.isEmpty,
                        "actionId": "\(id)-action", "targetId": "\(id)-target",
                        "actionError": actionError ?? false,
                        "targetError": check.message(for: "\(id)-target") ?? false,
                    ] as [String: Any]
                },
                "empty": items.isEmpty,
            ])
        }
        let member = year.member
        let base = "/members/\(member.id.uuidString.lowercased())"
        var view: [String: Any] = [
            "memberName": member.fullName, "cellName": year.cellName, "year": String(year.framework.year),
            "status": StatusWords.commitment(commitment),
            "deadline": Format.date(year.framework.ruleSet.commitmentDeadline),
            "editable": editable, "criteria": criteria,
            "version": String(commitment?.version ?? 0),
            "action": visit.request.uri.path,
            "selfAssessment": "\(base)/self-assessments/\(year.framework.year)",
            "record": base,
        ]
        if let message = check.message(for: "items") { view["formError"] = message }
        if let commitment, commitment.late { view["late"] = true }
        if year.mayAcknowledge, commitment?.status == .submitted {
            view["review"] = ["acknowledge": "\(base)/commitments/\(year.framework.year)/acknowledge",
                              "return": "\(base)/commitments/\(year.framework.year)/return",
                              "version": String(commitment?.version ?? 0),
                              "reasonError": check.message(for: "reason") ?? false,
                              "reason": reason]
        }
        let notices = ["saved": "Đã lưu nháp.", "submitted": "Đã gửi bản đăng ký cho chi bộ.",
                       "acknowledged": "Đã xác nhận bản đăng ký.", "returned": "Đã trả lại bản đăng ký."]
        return renderer.render(Page(template: "commitment", title: "Bản đăng ký làm theo năm \(year.framework.year)", status: status,
                                    view: view, errors: check.errors, notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }),
                               frame: visit.frame)
    }
}

/// A record's state in the words the pages use.
enum StatusWords {
    static func commitment(_ commitment: Commitment?) -> String {
        guard let commitment else { return VietnameseLabels.commitment(nil) }
        if commitment.status == .returned, let reason = commitment.returnReason {
            return "Bị trả lại với lý do: \(reason)"
        }
        return VietnameseLabels.commitment(commitment.status)
    }
}
