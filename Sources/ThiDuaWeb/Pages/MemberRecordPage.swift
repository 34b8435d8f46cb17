import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/members/{id}`: a member's record over the years: grades (their own proposal, the cell's,
/// the decision), commendations and Party badges, with links to each year's forms.
struct MemberRecordPage {
    let store: MemberRecordStore
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        web.page("/members/:id") { visit, caller in
            guard let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("member") }
            let record = try await store.load(memberId: id, scope: .of(caller, write: .writeCommitments))
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
            let view: [String: Any] = [
                "memberName": record.member.fullName, "admitted": Format.date(record.member.admittedOn),
                "grades": grades, "hasGrades": !grades.isEmpty,
                "commendations": commendations, "hasCommendations": !commendations.isEmpty,
                "badges": badges, "hasBadges": !badges.isEmpty,
            ]
            return renderer.render(Page(template: "member_record", title: "Hồ sơ thi đua của \(record.member.fullName)", view: view),
                                   frame: visit.frame)
        }
    }
}
