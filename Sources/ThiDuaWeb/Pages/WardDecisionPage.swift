import Foundation
import Hummingbird
import PQ
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/decisions/{year}`: the ward committee decides every member's grade of
/// the year, preset to the cell's proposal, within the year's quota of excellent grades, with a
/// reason where it departs from the proposal; and records its own review. A decided year shows
/// read-only with "Mở lại", which needs a reason.
struct WardDecisionPage {
    let wards: WardYearStore
    let store: ReviewStore
    let renderer: PageRenderer

    static let grades: [Grade] = [.excellent, .good, .completed, .notCompleted]
    static let levels: [CriterionLevel] = [.excellent, .good, .average, .poor]

    func register(on web: WebRouter) {
        let path = "/organizations/:id/decisions/:year"
        web.page(path) { visit, caller in
            let (id, year) = try YearPath.read(visit.context)
            let ward = try await wards.load(organizationId: id, year: year, scope: .of(caller, write: .writeReviews))
            return render(ward, visit, values: Self.values(of: ward), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let (id, year) = try YearPath.read(visit.context)
            let scope = AccessScope.of(caller, write: .writeReviews)
            let ward = try await wards.load(organizationId: id, year: year, scope: scope)
            guard ward.mayDecide else { throw DomainError.notFound("ward") }
            guard !ward.isLocked else {
                var check = FormCheck()
                check.fail("form", "Năm \(year) đã có quyết định. Mở lại (có lý do) trước khi sửa.")
                return render(ward, visit, values: Self.values(of: ward), check: check, status: .conflict)
            }
            var check = FormCheck()
            let input = Self.input(form, ward, check: &check)
            guard check.isEmpty else { return render(ward, visit, values: form, check: check, status: .unprocessableContent) }
            do {
                _ = try await store.put(organizationId: id, year: year, input: input, expectedVersion: form["version"].flatMap { Int($0) },
                                        scope: scope, context: WriteContext(visit.context, caller))
            } catch let exceeded as Quota.Exceeded {
                var check = FormCheck()
                check.fail("quota", Self.quotaError(requested: exceeded.requested, maximum: exceeded.maximum, percent: ward.framework.ruleSet.excellentQuotaPercent))
                return render(ward, visit, values: form, check: check, status: .unprocessableContent)
            } catch DomainError.versionMismatch(let current) {
                var check = FormCheck()
                check.fail("form", "Quyết định vừa được lưu ở nơi khác trong lúc bạn sửa. Những gì bạn chọn vẫn còn dưới đây: xem lại, rồi ban hành lại.")
                var values = form
                values.set("version", String(current))
                return render(ward, visit, values: values, check: check, status: .conflict)
            }
            return redirect(visit.request.uri.path, notice: "decided")
        }
        ReopenForm.register(on: web, path: path, store: store, page: { "/organizations/\(Self.key($0))/decisions/\($1)" }) { visit, caller, id, year, check in
            let ward = try await wards.load(organizationId: id, year: year, scope: .of(caller, write: .writeReviews))
            return render(ward, visit, values: Self.values(of: ward), check: check, status: .unprocessableContent)
        }
    }

    static func key(_ id: UUID) -> String { id.lowercasedText }

    /// The page's own path (a refused reopen answers at `…/reopen`, whose forms must not post below it).
    static func path(_ ward: WardYear) -> String { "/organizations/\(key(ward.organization.id))/decisions/\(ward.framework.year)" }

    static func quotaError(requested: Int, maximum: Int, percent: Decimal) -> String {
        "Hoàn thành xuất sắc: \(Format.number(requested)) / tối đa \(Format.number(maximum)), vượt \(percent)% số Hoàn thành tốt nhiệm vụ. "
            + "Giảm số xếp loại Hoàn thành xuất sắc rồi ban hành lại."
    }

    /// The saved decision as the form's fields; a member not yet decided is preset to their
    /// cell's proposal.
    static func values(of ward: WardYear) -> FormData {
        var pairs: [(name: String, value: String)] = [("version", String(ward.review?.version ?? 0))]
        if let review = ward.review {
            pairs += [("decisionNumber", review.decisionNumber ?? ""), ("decidedOn", Format.date(review.decidedOn)),
                      ("strengths", review.strengths ?? ""), ("limitations", review.limitations ?? "")]
            for assessment in review.criteria {
                pairs += [("criteria.\(assessment.criterion).level", assessment.level.rawValue), ("criteria.\(assessment.criterion).note", assessment.note ?? "")]
            }
        }
        for entry in ward.entries {
            pairs.append(("grades.\(key(entry.memberId)).grade", (entry.decided ?? entry.proposal)?.rawValue ?? ""))
            pairs.append(("grades.\(key(entry.memberId)).reason", entry.reason ?? ""))
        }
        return FormData(pairs: pairs)
    }

    static func input(_ form: FormData, _ ward: WardYear, check: inout FormCheck) -> ReviewInput {
        let number = check.text(form["decisionNumber"], "decisionNumber", required: "Nhập số quyết định, ví dụ 15-QĐ/ĐU.", maxLength: 100)
        let decidedOn = check.date(form["decidedOn"], "decidedOn", required: "Nhập ngày quyết định, ví dụ 28/12/\(ward.framework.year).")
        var criteria: [CollectiveAssessment] = []
        for criterion in ward.framework.criteria {
            let key = "criteria.\(criterion.code)"
            let note = check.text(form["\(key).note"], "criterion-\(criterion.code)-note", maxLength: 4000, multiline: true)
            if let level = form.text("\(key).level").flatMap(CriterionLevel.init(rawValue:)) {
                criteria.append(CollectiveAssessment(criterion: criterion.code, level: level, note: note))
            }
        }
        let strengths = check.text(form["strengths"], "strengths", maxLength: 8000, multiline: true)
        let limitations = check.text(form["limitations"], "limitations", maxLength: 8000, multiline: true)
        var grades: [DecidedGrade] = []
        for entry in ward.entries {
            let id = key(entry.memberId)
            guard let grade = form.text("grades.\(id).grade").flatMap(Grade.init(rawValue:)) else { continue }
            let reason = check.text(form["grades.\(id).reason"], "reason-\(id)", maxLength: 2000, multiline: true)
            if let proposal = entry.proposal, proposal != grade, reason == nil, check.message(for: "reason-\(id)") == nil {
                check.fail("reason-\(id)", "Nhập lý do xếp loại \(entry.fullName) khác đề xuất của chi bộ (\(VietnameseLabels.grade(proposal))).")
            }
            grades.append(DecidedGrade(memberId: entry.memberId, grade: grade, reason: reason))
        }
        if grades.isEmpty { check.fail("grades", "Chọn xếp loại cho ít nhất một đảng viên.", anchor: ward.entries.first.map { "grade-\(key($0.memberId))" }) }
        let percent = ward.framework.ruleSet.excellentQuotaPercent
        if let exceeded = Quota.violation(grades.map(\.grade), percent: percent) {
            check.fail("quota", quotaError(requested: exceeded.requested, maximum: exceeded.maximum, percent: percent))
        }
        return ReviewInput(heldOn: nil, chair: nil, secretary: nil, attendees: nil, eligible: nil, minutes: nil, proposals: [],
                           decisionNumber: number, decidedOn: decidedOn, criteria: criteria, strengths: strengths, limitations: limitations,
                           grades: grades, organizationGrades: [])
    }

    func render(_ ward: WardYear, _ visit: WebRouter.Visit, values: FormData, check: FormCheck, status: HTTPResponse.Status = .ok) -> Response {
        let year = ward.framework.year
        let editable = ward.mayDecide && !ward.isLocked
        let chosen = ward.entries.compactMap { values["grades.\(Self.key($0.memberId)).grade"].flatMap(Grade.init(rawValue:)) }
        let percent = ward.framework.ruleSet.excellentQuotaPercent
        let excellent = chosen.filter { $0 == .excellent }.count
        let maximum = Quota.maximumExcellent(good: chosen.filter { $0 == .good }.count, percent: percent)
        var cells: [(id: UUID, name: String, rows: [WardDecisionRows.Row])] = []
        for entry in ward.entries {
            let id = Self.key(entry.memberId)
            let grade = values["grades.\(id).grade"]
            let differs = entry.proposal != nil && grade != nil && grade != "" && grade != entry.proposal?.rawValue
            let reasonError = check.message(for: "reason-\(id)")
            let row = WardDecisionRows.Row(entry: entry, grade: grade, reason: values["grades.\(id).reason"] ?? "",
                                           showReason: differs || reasonError != nil, reasonError: reasonError)
            // The entries come ordered by cell, so a cell's members are consecutive.
            if cells.last?.id == entry.cellId {
                cells[cells.count - 1].rows.append(row)
            } else {
                cells.append((entry.cellId, entry.cellName, [row]))
            }
        }
        let criteria: [[String: Any]] = ward.framework.criteria.map { criterion in
            let key = "criteria.\(criterion.code)"
            let level = values["\(key).level"]
            return ["name": criterion.nameVi, "levelId": "criterion-\(criterion.code)-level", "levelName": "\(key).level",
                    "levels": SelfAssessmentPage.options(Self.levels, selected: level, label: VietnameseLabels.level),
                    "levelText": level.flatMap(CriterionLevel.init(rawValue:)).map(VietnameseLabels.level) ?? "Chưa đánh giá",
                    "noteId": "criterion-\(criterion.code)-note", "noteName": "\(key).note", "note": values["\(key).note"] ?? "",
                    "noteError": check.message(for: "criterion-\(criterion.code)-note") ?? false]
        }
        var view: [String: Any] = [
            "organizationName": ward.organization.name, "year": String(year), "editable": editable, "locked": ward.isLocked,
            "mayReopen": ward.mayDecide && ward.isLocked,
            "cells": cells.map { cell in
                ["cellName": cell.name, "rows": editable ? WardDecisionRows.form(cell.rows) : WardDecisionRows.table(cell.rows)] as [String: Any]
            },
            "hasMembers": !cells.isEmpty, "criteria": criteria,
            "quota": "Hoàn thành xuất sắc: \(Format.number(excellent)) / tối đa \(Format.number(maximum))",
            "quotaExceeded": excellent > maximum, "quotaError": check.message(for: "quota") ?? false,
            "percent": "\(percent)",
            "decisionNumber": values["decisionNumber"] ?? "", "decisionNumberError": check.message(for: "decisionNumber") ?? false,
            "decidedOn": values["decidedOn"] ?? "", "decidedOnError": check.message(for: "decidedOn") ?? false,
            "strengths": values["strengths"] ?? "", "limitations": values["limitations"] ?? "",
            "version": values["version"] ?? "0", "action": Self.path(ward), "reopen": Self.path(ward) + "/reopen",
            "reopenError": check.message(for: "reason") ?? false,
            "reopened": ward.review?.reopenedAt.map { "Đã mở lại ngày \(Format.moment($0)): \(ward.review?.reopenReason ?? "")" } ?? false,
            "progress": "/organizations/\(Self.key(ward.organization.id))",
        ]
        if let message = check.message(for: "form") { view["formError"] = message }
        let notices = ["decided": "Đã ban hành quyết định xếp loại.", "reopened": "Đã mở lại quyết định."]
        return renderer.render(Page(template: "ward_decision", title: "Quyết định xếp loại năm \(year)", status: status, view: view,
                                    errors: check.errors, notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }),
                               frame: visit.frame)
    }
}
