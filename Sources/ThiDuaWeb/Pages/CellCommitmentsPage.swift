import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/cells/{id}/commitments/{year}`: the secretary's view of the year's registrations: every
/// member of the year's roster with where their commitment stands (including those who have
/// not registered), the counts, and acknowledging or returning what was submitted.
struct CellCommitmentsPage {
    let cells: CellYearStore
    let store: CommitmentStore
    let renderer: PageRenderer

    static let order: [CommitmentStatus?] = [nil, .draft, .submitted, .returned, .acknowledged, .closed]

    func register(on web: WebRouter) {
        let path = "/cells/:id/commitments/:year"
        web.page(path) { visit, caller in
            let (cellId, year) = try YearPath.read(visit.context)
            let cell = try await cells.load(cellId: cellId, year: year, scope: .of(caller, write: .acknowledgeCommitments))
            return render(cell, visit)
        }
        web.form(path + "/acknowledge-all") { visit, caller, _ in
            let (cellId, year) = try YearPath.read(visit.context)
            let scope = AccessScope.of(caller, write: .acknowledgeCommitments)
            let cell = try await cells.load(cellId: cellId, year: year, scope: scope)
            guard cell.mayAct else { throw DomainError.notFound("cell") }
            let submitted = cell.entries.filter { $0.commitmentStatus == .submitted }.map(\.memberId)
            _ = try await store.acknowledgeAll(memberIds: submitted, year: year, scope: scope, context: WriteContext(visit.context, caller))
            return redirect(visit.request.uri.path.replacingOccurrences(of: "/acknowledge-all", with: ""), notice: "acknowledged-all")
        }
    }

    func render(_ cell: CellYear, _ visit: WebRouter.Visit) -> Response {
        let year = cell.framework.year
        let path = "/cells/\(cell.cell.id.uuidString.lowercased())/commitments/\(year)"
        var counts: [[String: String]] = [["label": "Tổng số", "value": Format.number(cell.entries.count)]]
        for status in Self.order {
            let count = cell.entries.filter { $0.commitmentStatus == status }.count
            counts.append(["label": VietnameseLabels.commitment(status), "value": Format.number(count)])
        }
        let members: [[String: Any]] = cell.entries.map { entry in
            let base = "/members/\(entry.memberId.uuidString.lowercased())/commitments/\(year)"
            var status = VietnameseLabels.commitment(entry.commitmentStatus)
            if entry.commitmentStatus == .returned, let reason = entry.returnReason { status = "Bị trả lại với lý do: \(reason)" }
            if entry.late { status += " (quá hạn đăng ký)" }
            let actionable = cell.mayAct && entry.commitmentStatus == .submitted
            return ["name": entry.fullName, "href": base, "status": status, "actionable": actionable,
                    "acknowledge": "\(base)/acknowledge", "return": "\(base)/return", "back": path,
                    "version": String(entry.commitmentVersion ?? 0), "reasonId": "reason-\(entry.memberId.uuidString.lowercased())"]
        }
        let submitted = cell.entries.filter { $0.commitmentStatus == .submitted }.count
        let view: [String: Any] = [
            "cellName": cell.cell.name, "year": String(year), "deadline": Format.date(cell.framework.ruleSet.commitmentDeadline),
            "counts": counts, "members": members, "hasMembers": !members.isEmpty,
            "acknowledgeAll": cell.mayAct && submitted > 0 ? ["action": "\(path)/acknowledge-all", "count": Format.number(submitted)] : false,
            "meeting": "/cells/\(cell.cell.id.uuidString.lowercased())/meetings/\(year)",
        ]
        let notices = ["acknowledged-all": "Đã xác nhận tất cả bản đã gửi.", "acknowledged": "Đã xác nhận bản đăng ký.", "returned": "Đã trả lại bản đăng ký."]
        return renderer.render(Page(template: "cell_commitments", title: "Đăng ký của chi bộ năm \(year)", view: view,
                                    notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }),
                               frame: visit.frame)
    }
}
