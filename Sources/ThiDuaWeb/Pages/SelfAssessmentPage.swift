import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members/{id}/self-assessments/{year}`: the member reviews their year: each criterion's
/// level (or points in a `POINTS_100` year), the result of each commitment item, strengths,
/// weaknesses and the grade they propose for themselves; saved as a draft, then submitted.
struct SelfAssessmentPage {
    let years: MemberYearStore
    let store: SelfAssessmentStore
    let renderer: PageRenderer

    static let levels: [CriterionLevel] = [.excellent, .good, .average, .poor]
    static let results: [ItemResult] = [.done, .partly, .notDone]
    static let grades: [Grade] = [.excellent, .good, .completed, .notCompleted]

    func register(on web: WebRouter) {
        let path = "/members/:id/self-assessments/:year"
        web.page(path) { visit, caller in
            let (memberId, year) = try YearPath.read(visit.context)
            let memberYear = try await load(memberId, year, caller)
            return render(memberYear, visit, values: Self.values(of: memberYear.selfAssessment), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let (memberId, year) = try YearPath.read(visit.context)
            let memberYear = try await load(memberId, year, caller)
            guard memberYear.mayWrite else { throw DomainError.notFound("self-assessment") }
            let submit = form["intent"] == "submit"
            var check = FormCheck()
            let draft = Self.draft(form, memberYear, submit: submit, check: &check)
            guard check.isEmpty else { return render(memberYear, visit, values: form, check: check, status: .unprocessableContent) }
            let scope = AccessScope.of(caller, write: .writeCommitments)
            let context = WriteContext(visit.context, caller)
            let expected = form["version"].flatMap { Int($0) }
            do {
                if submit {
                    _ = try await store.putAndSubmit(memberId: memberId, year: year, draft: draft, expectedVersion: expected, scope: scope, context: context)
                    return redirect(visit.request.uri.path, notice: "submitted")
                }
                _ = try await store.put(memberId: memberId, year: year, draft: draft, expectedVersion: expected, scope: scope, context: context)
                return redirect(visit.request.uri.path, notice: "saved")
            } catch DomainError.versionMismatch {
                let fresh = try await load(memberId, year, caller)
                var check = FormCheck()
                check.fail("form", "Bản tự kiểm điểm vừa được lưu ở nơi khác trong lúc bạn sửa. Những gì bạn nhập vẫn còn dưới đây: xem lại, rồi lưu lại để ghi đè.")
                var values = form
                values.set("version", String(fresh.selfAssessment?.version ?? 0))
                return render(fresh, visit, values: values, check: check, status: .conflict)
            } catch DomainError.invalidState {
                let fresh = try await load(memberId, year, caller)
                var check = FormCheck()
                check.fail("form", "Bản tự kiểm điểm đã gửi hoặc đã được chi bộ ghi nhận nên không sửa được nữa.")
                return render(fresh, visit, values: Self.values(of: fresh.selfAssessment), check: check, status: .conflict)
            }
        }
    }

    private func load(_ memberId: UUID, _ year: Int, _ caller: Caller) async throws -> MemberYear {
        try await years.load(memberId: memberId, year: year, scope: .of(caller, write: .writeCommitments),
                             acknowledge: caller.reach(.acknowledgeCommitments))
    }

    /// The saved record as the form's fields, so that one renderer shows both.
    static func values(of saved: SelfAssessment?) -> FormData {
        guard let saved else { return FormData(pairs: [("version", "0")]) }
        var pairs: [(name: String, value: String)] = [("version", String(saved.version))]
        for entry in saved.criteria {
            if let level = entry.level { pairs.append(("criteria.\(entry.criterion).level", level.rawValue)) }
            if let points = entry.points { pairs.append(("criteria.\(entry.criterion).points", String(points))) }
            pairs.append(("criteria.\(entry.criterion).note", entry.note ?? ""))
        }
        for result in saved.itemResults {
            pairs.append(("items.\(result.itemId.uuidString.lowercased()).result", result.result.rawValue))
            pairs.append(("items.\(result.itemId.uuidString.lowercased()).note", result.note ?? ""))
        }
        pairs += [("strengths", saved.strengths ?? ""), ("weaknesses", saved.weaknesses ?? ""), ("proposedGrade", saved.proposedGrade?.rawValue ?? "")]
        return FormData(pairs: pairs)
    }

    static func draft(_ form: FormData, _ year: MemberYear, submit: Bool, check: inout FormCheck) -> SelfAssessmentDraft {
        let points = year.framework.ruleSet.gradingScheme == .points100
        var criteria: [CriterionAssessment] = []
        for criterion in year.framework.criteria {
            let key = "criteria.\(criterion.code)"
            let id = "criterion-\(criterion.code)"
            let note = check.text(form["\(key).note"], "\(id)-note", maxLength: 4000, multiline: true)
            if points {
                let value = check.integer(form["\(key).points"], "\(id)-points", 0...100,
                                          required: submit ? "Nhập điểm (0–100) cho tiêu chí \(criterion.nameVi)." : nil)
                if let value { criteria.append(CriterionAssessment(criterion: criterion.code, level: nil, points: value, note: note)) }
            } else {
                let level = form.text("\(key).level").flatMap(CriterionLevel.init(rawValue:))
                if level == nil && submit { check.fail("\(id)-level", "Chọn mức đạt được cho tiêu chí \(criterion.nameVi).") }
                if let level { criteria.append(CriterionAssessment(criterion: criterion.code, level: level, points: nil, note: note)) }
            }
        }
        var results: [ItemAssessment] = []
        for item in year.commitment?.items ?? [] {
            let key = "items.\(item.id.uuidString.lowercased())"
            let id = "item-\(item.id.uuidString.lowercased())"
            let note = check.text(form["\(key).note"], "\(id)-note", maxLength: 4000, multiline: true)
            if let result = form.text("\(key).result").flatMap(ItemResult.init(rawValue:)) {
                results.append(ItemAssessment(itemId: item.id, result: result, note: note))
            }
        }
        let strengths = check.text(form["strengths"], "strengths", maxLength: 4000, multiline: true)
        let weaknesses = check.text(form["weaknesses"], "weaknesses", maxLength: 4000, multiline: true)
        let grade = form.text("proposedGrade").flatMap(Grade.init(rawValue:))
        if grade == nil && submit { check.fail("proposedGrade", "Chọn mức tự xếp loại.") }
        return SelfAssessmentDraft(criteria: criteria, itemResults: results, strengths: strengths, weaknesses: weaknesses, proposedGrade: grade)
    }

    static func options<Code: RawRepresentable<String>>(_ codes: [Code], selected: String?, label: (Code) -> String) -> [[String: Any]] {
        codes.map { ["value": $0.rawValue, "label": label($0), "selected": $0.rawValue == selected] }
    }

    func render(_ year: MemberYear, _ visit: WebRouter.Visit, values: FormData, check: FormCheck, status: HTTPResponse.Status = .ok) -> Response {
        let saved = year.selfAssessment
        let editable = year.mayWrite && saved.map { $0.status == .draft && !$0.locked } ?? true
        let points = year.framework.ruleSet.gradingScheme == .points100
        let criteria: [[String: Any]] = year.framework.criteria.map { criterion in
            let key = "criteria.\(criterion.code)"
            let id = "criterion-\(criterion.code)"
            let level = values["\(key).level"]
            return ["name": criterion.nameVi, "id": id, "points": points,
                    "levelName": "\(key).level", "levelId": "\(id)-level", "levelError": check.message(for: "\(id)-level") ?? false,
                    "levels": Self.options(Self.levels, selected: level, label: VietnameseLabels.level),
                    "levelText": level.flatMap(CriterionLevel.init(rawValue:)).map(VietnameseLabels.level) ?? "Chưa đánh giá",
                    "pointsName": "\(key).points", "pointsId": "\(id)-points", "pointsValue": values["\(key).points"] ?? "",
                    "pointsError": check.message(for: "\(id)-points") ?? false,
                    "noteName": "\(key).note", "noteId": "\(id)-note", "note": values["\(key).note"] ?? "",
                    "noteError": check.message(for: "\(id)-note") ?? false]
        }
        let items: [[String: Any]] = (year.commitment?.items ?? []).map { item in
            let key = "items.\(item.id.uuidString.lowercased())"
            let id = "item-\(item.id.uuidString.lowercased())"
            let result = values["\(key).result"]
            let criterion = year.framework.criteria.first { $0.code == item.criterion }?.nameVi ?? item.criterion
            return ["action": item.action, "criterion": criterion,
                    "resultName": "\(key).result", "resultId": "\(id)-result",
                    "results": Self.options(Self.results, selected: result, label: VietnameseLabels.result),
                    "resultText": result.flatMap(ItemResult.init(rawValue:)).map(VietnameseLabels.result) ?? "Chưa đánh giá",
                    "noteName": "\(key).note", "noteId": "\(id)-note", "note": values["\(key).note"] ?? "",
                    "noteError": check.message(for: "\(id)-note") ?? false]
        }
        let grade = values["proposedGrade"]
        let base = "/members/\(year.member.id.uuidString.lowercased())"
        var view: [String: Any] = [
            "memberName": year.member.fullName, "cellName": year.cellName, "year": String(year.framework.year),
            "status": saved.map { $0.locked ? "\(VietnameseLabels.selfAssessment($0.status)), chi bộ đã ghi nhận" : VietnameseLabels.selfAssessment($0.status) }
                ?? VietnameseLabels.selfAssessment(nil),
            "editable": editable, "criteria": criteria, "items": items, "hasItems": !items.isEmpty, "pointsYear": points,
            "strengths": values["strengths"] ?? "", "strengthsError": check.message(for: "strengths") ?? false,
            "weaknesses": values["weaknesses"] ?? "", "weaknessesError": check.message(for: "weaknesses") ?? false,
            "grades": Self.options(Self.grades, selected: grade, label: VietnameseLabels.grade),
            "gradeText": grade.flatMap(Grade.init(rawValue:)).map(VietnameseLabels.grade) ?? "Chưa chọn",
            "gradeError": check.message(for: "proposedGrade") ?? false,
            "version": values["version"] ?? "0", "action": visit.request.uri.path,
            "commitment": "\(base)/commitments/\(year.framework.year)", "record": base,
        ]
        if let message = check.message(for: "form") { view["formError"] = message }
        let notices = ["saved": "Đã lưu nháp.", "submitted": "Đã gửi bản tự kiểm điểm cho chi bộ."]
        return renderer.render(Page(template: "self_assessment", title: "Bản tự kiểm điểm năm \(year.framework.year)", status: status,
                                    view: view, errors: check.errors,
                                    notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }),
                               frame: visit.frame)
    }
}
