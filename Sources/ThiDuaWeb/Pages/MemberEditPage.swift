import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members/{id}/edit`: "Sửa thông tin" of a member (not the cell: that is a transfer; the
/// periods of interruption stay as they are, the API changes those), checked by the same
/// rules as the API, with the version read so that two people editing at once do not
/// overwrite each other unawares.
struct MemberEditPage {
    let members: MemberStore
    let renderer: PageRenderer

    static let genders: [Gender] = [.male, .female]
    static let categories: [MemberCategory] = [.canBo, .congChuc, .vienChuc, .nguoiLaoDong, .huuTri, .other]
    static let statuses: [MemberStatus] = [.probationary, .official, .exempt, .transferredOut, .removed, .deceased]

    func register(on web: WebRouter) {
        let path = "/members/:id/edit"
        web.page(path) { visit, caller in
            let member = try await writable(visit, caller)
            return render(member, visit, values: Self.values(of: member), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let member = try await writable(visit, caller)
            var check = FormCheck()
            let fullName = check.text(form["fullName"], "fullName", required: "Nhập họ và tên.", maxLength: 200)
            let gender = form.text("gender").flatMap(Gender.init(rawValue:))
            if gender == nil { check.fail("gender", "Chọn giới tính.") }
            let birthDate = check.date(form["birthDate"], "birthDate")
            let card = check.text(form["partyCardNumber"], "partyCardNumber", required: "Nhập số thẻ đảng viên.", maxLength: 50)
            let admittedOn = check.date(form["admittedOn"], "admittedOn", required: "Nhập ngày vào Đảng.")
            let officialOn = check.date(form["officialOn"], "officialOn")
            let category = form.text("category").flatMap(MemberCategory.init(rawValue:))
            if category == nil { check.fail("category", "Chọn đối tượng.") }
            let position = check.text(form["position"], "position", maxLength: 200)
            let status = form.text("status").flatMap(MemberStatus.init(rawValue:))
            if status == nil { check.fail("status", "Chọn tình trạng.") }
            let statusSince = check.date(form["statusSince"], "statusSince")
            guard check.isEmpty, let fullName, let gender, let card, let admittedOn, let category, let status else {
                return render(member, visit, values: form, check: check, status: .unprocessableContent)
            }
            let fields = MemberFields(fullName: fullName, gender: gender, birthDate: birthDate, partyCardNumber: card, admittedOn: admittedOn,
                                      officialOn: officialOn, category: category, position: position, isHead: form.has("isHead"),
                                      status: status, statusSince: statusSince, interruptions: member.interruptions)
            let today = PartyCalendar.today()
            for error in MemberRules.dateErrors(fields, cellSince: member.cellSince, today: today) {
                check.fail(error.field, Self.message(error))
            }
            guard check.isEmpty else { return render(member, visit, values: form, check: check, status: .unprocessableContent) }
            do {
                _ = try await members.update(member.id, expectedVersion: form["version"].flatMap { Int($0) }, today: today,
                                             scope: .of(caller, write: .writeMembers), context: WriteContext(visit.context, caller)) { _ in fields }
            } catch let error as DomainError {
                guard case .conflict = error else { throw error }
                check.fail("partyCardNumber", "Số thẻ này đã là của một đảng viên khác.")
                return render(member, visit, values: form, check: check, status: .conflict)
            }
            return redirect("/members/\(member.id.uuidString.lowercased())", notice: "updated")
        }
    }

    /// The member, when the caller may change them; otherwise "not found", as for the API.
    func writable(_ visit: WebRouter.Visit, _ caller: Caller) async throws -> Member {
        guard caller.has(.writeMembers), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
            throw DomainError.notFound("member")
        }
        return try await members.writable(id, scope: .of(caller, write: .writeMembers))
    }

    /// A date rule of `MemberRules` in the form's words.
    static func message(_ error: FieldError) -> String {
        switch error.field {
        case "officialOn" where error.message.hasPrefix("is required"): "Nhập ngày chính thức của đảng viên chính thức."
        case "officialOn": "Ngày chính thức không được trước ngày vào Đảng."
        case "birthDate": "Ngày sinh phải trước ngày vào Đảng và không sau hôm nay."
        case "admittedOn": "Ngày vào Đảng không được sau hôm nay."
        case "cellSince": "Ngày vào Đảng không được sau ngày bắt đầu sinh hoạt ở chi bộ hiện nay."
        default: "Kiểm tra lại ngày tháng."
        }
    }

    static func values(of member: Member) -> FormData {
        FormData(pairs: [
            ("fullName", member.fullName), ("gender", member.gender.rawValue), ("birthDate", Format.date(member.birthDate)),
            ("partyCardNumber", member.partyCardNumber), ("admittedOn", Format.date(member.admittedOn)),
            ("officialOn", Format.date(member.officialOn)), ("category", member.category.rawValue), ("position", member.position ?? ""),
            ("status", member.status.rawValue), ("statusSince", Format.date(member.statusSince)), ("version", String(member.version)),
        ] + (member.isHead ? [("isHead", "on")] : []))
    }

    func render(_ member: Member, _ visit: WebRouter.Visit, values: FormData, check: FormCheck, status: HTTPResponse.Status = .ok) -> Response {
        var view: [String: Any] = [
            "memberName": member.fullName, "record": "/members/\(member.id.uuidString.lowercased())", "action": visit.request.uri.path,
            "version": values["version"] ?? String(member.version), "isHead": values.has("isHead"),
            "genders": SelfAssessmentPage.options(Self.genders, selected: values["gender"], label: VietnameseLabels.gender),
            "categories": SelfAssessmentPage.options(Self.categories, selected: values["category"], label: VietnameseLabels.category),
            "statuses": SelfAssessmentPage.options(Self.statuses, selected: values["status"], label: VietnameseLabels.status),
        ]
        for field in ["fullName", "gender", "birthDate", "partyCardNumber", "admittedOn", "officialOn", "category", "position", "status", "statusSince"] {
            view[field] = values[field] ?? ""
            view[field + "Error"] = check.message(for: field) ?? false
        }
        return renderer.render(Page(template: "member_edit", title: "Sửa thông tin đảng viên", status: status, view: view, errors: check.errors),
                               frame: visit.frame)
    }
}
