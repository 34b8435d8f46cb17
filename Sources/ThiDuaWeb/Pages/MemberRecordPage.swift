import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members/{id}`: a member's record: who they are, the cells they belonged to, grades over
/// the years (their own proposal, the cell's, the decision), commendations and Party badges,
/// with links to each year's forms; "Sửa thông tin" and "Chuyển sinh hoạt" for whoever may
/// change the member, and the record's audit trail for whoever may read audits.
struct MemberRecordPage {
    let store: MemberRecordStore
    let organizations: OrganizationStore
    let audit: AuditTrail
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        web.page("/members/:id") { visit, caller in
            guard let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("member") }
            let record = try await store.load(memberId: id, scope: .of(caller, write: .writeCommitments))
            let member = record.member
            let base = "/members/\(id.uuidString.lowercased())"
            let name: (Grade?) -> String = { $0.map(VietnameseLabels.grade) ?? "—" }
            let grades: [[String: Any]] = record.grades.reversed().map { grade in
                ["year": String(grade.year), "self": name(grade.selfProposed), "cell": name(grade.cellProposal), "decided": name(grade.decided),
                 "decision": [grade.decisionNumber, grade.decidedOn.map(Format.date)].compactMap { $0 }.joined(separator: ", "),
                 "commitment": "\(base)/commitments/\(grade.year)", "selfAssessment": "\(base)/self-assessments/\(grade.year)"]
            }
            let commendations: [[String: Any]] = record.commendations.reversed().map {
                ["year": String($0.year), "form": VietnameseLabels.form($0.form), "title": $0.title,
                 "decision": "\($0.decisionNumber), \(Format.date($0.decidedOn))"]
            }
            let badges: [[String: Any]] = record.badges.reversed().map {
                ["name": "Huy hiệu \(Format.number($0.years)) năm tuổi Đảng", "on": Format.date($0.occasionOn), "decision": $0.decisionNumber]
            }
            let facts: [[String: String]] = [
                ("Số thẻ đảng viên", member.partyCardNumber), ("Giới tính", VietnameseLabels.gender(member.gender)),
                ("Ngày sinh", Format.date(member.birthDate)), ("Ngày vào Đảng", Format.date(member.admittedOn)),
                ("Ngày chính thức", Format.date(member.officialOn)), ("Đối tượng", VietnameseLabels.category(member.category)),
                ("Chức vụ", member.position ?? ""), ("Tình trạng", VietnameseLabels.status(member.status)),
            ].filter { !$0.1.isEmpty }.map { ["term": $0.0, "value": $0.1] }
            let history: [[String: Any]] = record.assignments.reversed().map { assignment in
                ["place": assignment.organizationName, "href": "/organizations/\(assignment.organizationId.uuidString.lowercased())",
                 "span": assignment.to.map { "từ \(Format.date(assignment.from)) đến \(Format.date($0))" } ?? "từ \(Format.date(assignment.from)) đến nay"]
            }
            let mayEdit = caller.has(.writeMembers) && member.status.isActive
                ? try await organizations.mayWrite(member.organizationId, scope: .of(caller, write: .writeMembers)) : false
            var view: [String: Any] = [
                "memberName": member.fullName, "admitted": Format.date(member.admittedOn), "facts": facts, "history": history,
                "grades": grades, "hasGrades": !grades.isEmpty,
                "commendations": commendations, "hasCommendations": !commendations.isEmpty,
                "badges": badges, "hasBadges": !badges.isEmpty,
                "edit": mayEdit ? ["href": "\(base)/edit", "transfer": "\(base)/transfer"] : false,
            ]
            if let trail = try await AuditRows.view(audit, entityType: "member", id: id, caller: caller) { view["audit"] = trail }
            let notices = ["updated": "Đã lưu thông tin đảng viên.", "transferred": "Đã chuyển sinh hoạt."]
            return renderer.render(Page(template: "member_record", title: "Hồ sơ thi đua của \(member.fullName)", view: view,
                                        notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }),
                                   frame: visit.frame)
        }
    }
}
