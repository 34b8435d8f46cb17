import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/cells/{id}/meetings/{year}`: the minutes of the cell's year-end meeting: when, who chaired
/// and kept the minutes, who attended (the quorum is more than two thirds of the roster), and
/// per member the proposed grade, a comment and the vote. Read-only once the ward has decided.
struct CellMeetingPage {
    let cells: CellYearStore
    let store: ReviewStore
    let renderer: PageRenderer

    static let grades: [Grade] = [.excellent, .good, .completed, .notCompleted]

    func register(on web: WebRouter) {
        let path = "/cells/:id/meetings/:year"
        web.page(path) { visit, caller in
            let (cellId, year) = try YearPath.read(visit.context)
            let cell = try await cells.load(cellId: cellId, year: year, scope: .of(caller, write: .writeReviews))
            return render(cell, visit, values: Self.values(of: cell), check: FormCheck())
        }
        web.form(path) { visit, caller, form in
            let (cellId, year) = try YearPath.read(visit.context)
            let scope = AccessScope.of(caller, write: .writeReviews)
            let cell = try await cells.load(cellId: cellId, year: year, scope: scope)
            guard cell.mayAct else { throw DomainError.notFound("cell") }
            guard !cell.decided else {
                var check = FormCheck()
                check.fail("form", "Đảng ủy đã quyết định xếp loại năm \(year), nên biên bản không sửa được nữa.")
                return render(cell, visit, values: Self.values(of: cell), check: check, status: .conflict)
            }
            var check = FormCheck()
            let input = Self.input(form, cell, check: &check)
            guard check.isEmpty else { return render(cell, visit, values: form, check: check, status: .unprocessableContent) }
            do {
                _ = try await store.put(organizationId: cellId, year: year, input: input, expectedVersion: form["version"].flatMap { Int($0) },
                                        scope: scope, context: WriteContext(visit.context, caller))
            } catch DomainError.versionMismatch(let current) {
                var check = FormCheck()
                check.fail("form", "Biên bản vừa được lưu ở nơi khác trong lúc bạn sửa. Những gì bạn nhập vẫn còn dưới đây: xem lại, rồi lưu lại để ghi đè.")
                var values = form
                values.set("version", String(current))
                return render(cell, visit, values: values, check: check, status: .conflict)
            }
            return redirect(visit.request.uri.path, notice: "saved")
        }
    }

    static func key(_ id: UUID) -> String { id.uuidString.lowercased() }

    static func values(of cell: CellYear) -> FormData {
        guard let review = cell.review else { return FormData(pairs: [("version", "0")]) }
        var pairs: [(name: String, value: String)] = [
            ("version", String(review.version)), ("heldOn", Format.date(review.heldOn)), ("chair", review.chair ?? ""),
            ("secretary", review.secretary ?? ""), ("minutes", review.minutes ?? ""),
        ]
        // Who attended is not kept by name, only as a count: the first that many are ticked
        // would be a guess, so a saved meeting shows the count and ticks no one again.
        pairs.append(("savedAttendees", String(review.attendees ?? 0)))
        for proposal in review.proposals {
            let id = key(proposal.memberId)
            pairs += [("proposals.\(id).grade", proposal.proposedGrade.rawValue), ("proposals.\(id).comment", proposal.comment ?? ""),
                      ("proposals.\(id).for", String(proposal.votesFor)), ("proposals.\(id).against", String(proposal.votesAgainst)),
                      ("proposals.\(id).abstain", String(proposal.votesAbstain))]
        }
        return FormData(pairs: pairs)
    }

    static func input(_ form: FormData, _ cell: CellYear, check: inout FormCheck) -> ReviewInput {
        let heldOn = check.date(form["heldOn"], "heldOn", required: "Nhập ngày họp, ví dụ 15/12/\(cell.framework.year).")
        let chair = check.text(form["chair"], "chair", maxLength: 200)
        let secretary = check.text(form["secretary"], "secretary", maxLength: 200)
        let minutes = check.text(form["minutes"], "minutes", maxLength: 20000, multiline: true)
        let roster = Set(cell.entries.map { key($0.memberId) })
        let ticked = Set(form.all("attendees").filter { roster.contains($0) })
        // A saved meeting's count stands until someone ticks again.
        let attendees = ticked.isEmpty ? (Int(form["savedAttendees"] ?? "") ?? 0) : ticked.count
        if attendees == 0 { check.fail("attendees", "Đánh dấu những đảng viên có mặt tại cuộc họp.", anchor: cell.entries.first.map { "attendee-\(key($0.memberId))" }) }
        var proposals: [GradeProposal] = []
        for entry in cell.entries {
            let id = key(entry.memberId)
            let prefix = "proposals.\(id)"
            let comment = check.text(form["\(prefix).comment"], "comment-\(id)", maxLength: 2000, multiline: true)
            let votesFor = check.integer(form["\(prefix).for"], "for-\(id)", 0...10_000)
            let against = check.integer(form["\(prefix).against"], "against-\(id)", 0...10_000)
            let abstain = check.integer(form["\(prefix).abstain"], "abstain-\(id)", 0...10_000)
            guard let grade = form.text("\(prefix).grade").flatMap(Grade.init(rawValue:)) else { continue }
            let total = (votesFor ?? 0) + (against ?? 0) + (abstain ?? 0)
            if total > attendees {
                check.fail("for-\(id)", "Tổng số phiếu của \(entry.fullName) (\(Format.number(total))) không được vượt số người có mặt (\(Format.number(attendees))).")
            }
            proposals.append(GradeProposal(memberId: entry.memberId, proposedGrade: grade, comment: comment,
                                           votesFor: votesFor ?? 0, votesAgainst: against ?? 0, votesAbstain: abstain ?? 0))
        }
        return ReviewInput(heldOn: heldOn, chair: chair, secretary: secretary, attendees: attendees, eligible: cell.entries.count,
                           minutes: minutes, proposals: proposals, decisionNumber: nil, decidedOn: nil, criteria: [], strengths: nil,
                           limitations: nil, grades: [], organizationGrades: [])
    }

    static func quorumText(present: Int, eligible: Int) -> String {
        let met = Quota.quorumMet(attendees: present, eligible: eligible)
        return "Có mặt \(present) / \(eligible) đảng viên: \(met ? "đủ" : "chưa đủ") số lượng để họp (trên 2/3)."
    }

    func render(_ cell: CellYear, _ visit: WebRouter.Visit, values: FormData, check: FormCheck, status: HTTPResponse.Status = .ok) -> Response {
        let editable = cell.mayAct && !cell.decided
        let ticked = Set(values.all("attendees"))
        let present = ticked.isEmpty ? (Int(values["savedAttendees"] ?? "") ?? 0) : ticked.count
        let members: [[String: Any]] = cell.entries.map { entry in
            let id = Self.key(entry.memberId)
            let prefix = "proposals.\(id)"
            let grade = values["\(prefix).grade"]
            return [
                "name": entry.fullName, "id": id, "attendeeId": "attendee-\(id)", "attended": ticked.contains(id),
                "self": entry.selfProposedGrade.map(VietnameseLabels.grade) ?? "chưa tự nhận",
                "selfStatus": VietnameseLabels.selfAssessment(entry.selfAssessmentStatus),
                "gradeName": "\(prefix).grade", "gradeId": "grade-\(id)",
                "grades": SelfAssessmentPage.options(Self.grades, selected: grade, label: VietnameseLabels.grade),
                "gradeText": grade.flatMap(Grade.init(rawValue:)).map(VietnameseLabels.grade) ?? "Chưa đề xuất",
                "commentName": "\(prefix).comment", "commentId": "comment-\(id)", "comment": values["\(prefix).comment"] ?? "",
                "commentError": check.message(for: "comment-\(id)") ?? false,
                "forName": "\(prefix).for", "forId": "for-\(id)", "forValue": values["\(prefix).for"] ?? "",
                "forError": check.message(for: "for-\(id)") ?? false,
                "againstName": "\(prefix).against", "againstId": "against-\(id)", "againstValue": values["\(prefix).against"] ?? "",
                "againstError": check.message(for: "against-\(id)") ?? false,
                "abstainName": "\(prefix).abstain", "abstainId": "abstain-\(id)", "abstainValue": values["\(prefix).abstain"] ?? "",
                "abstainError": check.message(for: "abstain-\(id)") ?? false,
                "selfAssessment": "/members/\(id)/self-assessments/\(cell.framework.year)",
                "commitment": "/members/\(id)/commitments/\(cell.framework.year)",
            ]
        }
        let eligible = cell.entries.count
        var view: [String: Any] = [
            "cellName": cell.cell.name, "year": String(cell.framework.year), "editable": editable, "members": members,
            "hasMembers": !members.isEmpty, "eligible": String(eligible),
            "quorum": Self.quorumText(present: present, eligible: eligible),
            "quorumShort": !Quota.quorumMet(attendees: present, eligible: eligible),
            "savedAttendees": values["savedAttendees"] ?? "", "hasSavedAttendees": ticked.isEmpty && present > 0,
            "heldOn": values["heldOn"] ?? "", "heldOnError": check.message(for: "heldOn") ?? false,
            "chair": values["chair"] ?? "", "chairError": check.message(for: "chair") ?? false,
            "secretary": values["secretary"] ?? "", "secretaryError": check.message(for: "secretary") ?? false,
            "minutes": values["minutes"] ?? "", "minutesError": check.message(for: "minutes") ?? false,
            "attendeesError": check.message(for: "attendees") ?? false,
            "version": values["version"] ?? "0", "action": visit.request.uri.path,
            "decided": cell.decided, "recorded": cell.review != nil,
            "commitments": "/cells/\(Self.key(cell.cell.id))/commitments/\(cell.framework.year)",
        ]
        if let message = check.message(for: "form") { view["formError"] = message }
        return renderer.render(Page(template: "cell_meeting", title: "Họp chi bộ kiểm điểm năm \(cell.framework.year)", status: status,
                                    view: view, errors: check.errors,
                                    notice: visit.request.uri.queryParameters["notice"] == "saved" ? "Đã lưu biên bản." : nil),
                               frame: visit.frame)
    }
}
