import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/ward-grades/{year}`: the district grades each of its ward and
/// grassroots organizations for the year under one decision; read-only once issued, with
/// "Mở lại" and a reason, as the ward's decision.
struct DistrictGradingPage {
    let districts: DistrictYearStore
    let store: ReviewStore
    let renderer: PageRenderer

    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }
    static func path(_ district: DistrictYear) -> String { "/organizations/\(key(district.organization.id))/ward-grades/\(district.year)" }

    func register(on web: WebRouter) {
        let path = "/organizations/:id/ward-grades/:year"
        web.page(path) { visit, caller in
            let (id, year) = try YearPath.read(visit.context)
            let district = try await districts.load(organizationId: id, year: year, scope: .of(caller, write: .writeReviews))
            return render(district, visit, values: Self.values(of: district), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let (id, year) = try YearPath.read(visit.context)
            let scope = AccessScope.of(caller, write: .writeReviews)
            let district = try await districts.load(organizationId: id, year: year, scope: scope)
            guard district.mayDecide else { throw DomainError.notFound("district") }
            var check = FormCheck()
            guard !district.isLocked else {
                check.fail("form", "Năm \(year) đã có quyết định. Mở lại (có lý do) trước khi sửa.")
                return render(district, visit, values: Self.values(of: district), check: check, status: .conflict)
            }
            let number = check.text(form["decisionNumber"], "decisionNumber", required: "Nhập số quyết định, ví dụ 30-QĐ/QU.", maxLength: 100)
            let decidedOn = check.date(form["decidedOn"], "decidedOn", required: "Nhập ngày quyết định, ví dụ 30/12/\(year).")
            let grades = district.entries.compactMap { entry in
                form.text("grades.\(Self.key(entry.organizationId))").flatMap(Grade.init(rawValue:)).map { OrganizationGrade(organizationId: entry.organizationId, grade: $0) }
            }
            if grades.isEmpty {
                check.fail("grades", "Chọn xếp loại cho ít nhất một tổ chức.", anchor: district.entries.first.map { "grade-\(Self.key($0.organizationId))" })
            }
            guard check.isEmpty else { return render(district, visit, values: form, check: check, status: .unprocessableContent) }
            let input = ReviewInput(heldOn: nil, chair: nil, secretary: nil, attendees: nil, eligible: nil, minutes: nil, proposals: [],
                                    decisionNumber: number, decidedOn: decidedOn, criteria: [], strengths: nil, limitations: nil,
                                    grades: [], organizationGrades: grades)
            _ = try await store.put(organizationId: id, year: year, input: input, expectedVersion: form["version"].flatMap { Int($0) },
                                    scope: scope, context: WriteContext(visit.context, caller))
            return redirect(visit.request.uri.path, notice: "decided")
        }
        ReopenForm.register(on: web, path: path, store: store, page: { "/organizations/\(Self.key($0))/ward-grades/\($1)" }) { visit, caller, id, year, check in
            let district = try await districts.load(organizationId: id, year: year, scope: .of(caller, write: .writeReviews))
            return render(district, visit, values: Self.values(of: district), check: check, status: .unprocessableContent)
        }
    }

    static func values(of district: DistrictYear) -> FormData {
        var pairs: [(name: String, value: String)] = [("version", String(district.review?.version ?? 0)),
                                                      ("decisionNumber", district.review?.decisionNumber ?? ""),
                                                      ("decidedOn", Format.date(district.review?.decidedOn))]
        for entry in district.entries { pairs.append(("grades.\(key(entry.organizationId))", entry.grade?.rawValue ?? "")) }
        return FormData(pairs: pairs)
    }

    func render(_ district: DistrictYear, _ visit: WebRouter.Visit, values: FormData, check: FormCheck, status: HTTPResponse.Status = .ok) -> Response {
        let wards: [[String: Any]] = district.entries.map { entry in
            let id = Self.key(entry.organizationId)
            let grade = values["grades.\(id)"]
            return ["name": entry.name, "id": id, "gradeId": "grade-\(id)", "gradeName": "grades.\(id)",
                    "grades": SelfAssessmentPage.options(WardDecisionPage.grades, selected: grade, label: VietnameseLabels.grade),
                    "gradeText": grade.flatMap(Grade.init(rawValue:)).map(VietnameseLabels.grade) ?? "Chưa xếp loại",
                    "decided": entry.membersDecided > 0 ? "đã xếp loại \(Format.number(entry.membersDecided)) đảng viên" : "chưa quyết định xếp loại đảng viên",
                    "decision": "/organizations/\(id)/decisions/\(district.year)"]
        }
        var view: [String: Any] = [
            "organizationName": district.organization.name, "year": String(district.year),
            "editable": district.mayDecide && !district.isLocked, "locked": district.isLocked,
            "mayReopen": district.mayDecide && district.isLocked, "wards": wards, "hasWards": !wards.isEmpty,
            "decisionNumber": values["decisionNumber"] ?? "", "decisionNumberError": check.message(for: "decisionNumber") ?? false,
            "decidedOn": values["decidedOn"] ?? "", "decidedOnError": check.message(for: "decidedOn") ?? false,
            "version": values["version"] ?? "0", "action": Self.path(district), "reopen": Self.path(district) + "/reopen",
            "reopenError": check.message(for: "reason") ?? false,
        ]
        if let message = check.message(for: "form") { view["formError"] = message }
        let notices = ["decided": "Đã ban hành quyết định xếp loại các tổ chức.", "reopened": "Đã mở lại quyết định."]
        return renderer.render(Page(template: "district_grading", title: "Xếp loại tổ chức cơ sở đảng năm \(district.year)", status: status,
                                    view: view, errors: check.errors, notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }),
                               frame: visit.frame)
    }
}
