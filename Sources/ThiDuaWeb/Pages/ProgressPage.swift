import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations/{id}/progress/{year}`: how far the year has come in the organization and
/// each of its children, against the registration deadline; every figure a link to the members
/// it counts (`…/members?stage=registered&reached=no`: who has not registered yet).
struct ProgressPage {
    let store: YearProgressStore
    let renderer: PageRenderer

    /// Per stage: who reached it, who did not, and the column's heading.
    static let headings: [ProgressStage: (done: String, missing: String, column: String)] = [
        .registered: ("đã đăng ký", "chưa đăng ký", "Đã đăng ký"),
        .submitted: ("đã gửi bản đăng ký", "chưa gửi bản đăng ký", "Đã gửi"),
        .acknowledged: ("được xác nhận bản đăng ký", "chưa được xác nhận bản đăng ký", "Đã xác nhận"),
        .selfAssessed: ("đã gửi bản tự kiểm điểm", "chưa gửi bản tự kiểm điểm", "Đã tự kiểm điểm"),
        .proposed: ("được chi bộ đề xuất xếp loại", "chưa được chi bộ đề xuất xếp loại", "Được đề xuất"),
        .decided: ("được quyết định xếp loại", "chưa được quyết định xếp loại", "Đã quyết định"),
    ]

    func register(on web: WebRouter) {
        web.page("/organizations/:id/progress/:year") { visit, caller in
            let (id, year) = try YearPath.read(visit.context)
            let progress = try await store.load(organizationId: id, year: year, scope: .of(caller, write: .readRegistry))
            let today = PartyCalendar.today()
            let overdue = today > progress.ruleSet.commitmentDeadline
            let rows: [[String: Any]] = progress.rows.map { row in
                let key = row.organization.id.uuidString.lowercased()
                let base = "/organizations/\(key)/progress/\(year)/members"
                let stages: [[String: Any]] = ProgressStage.allCases.enumerated().map { index, stage in
                    let reached = row.reached[index]
                    let missing = row.roster - reached
                    var cell: [String: Any] = [
                        "reached": Format.number(reached), "share": Format.percent(reached, of: row.roster),
                        "reachedHref": "\(base)?stage=\(stage.rawValue)&reached=yes",
                        "missing": Format.number(missing), "missingHref": "\(base)?stage=\(stage.rawValue)&reached=no",
                        "hasMissing": missing > 0,
                        "label": "\(Format.number(reached)) \(Self.headings[stage]!.done), \(row.organization.name)",
                        "missingLabel": "\(Format.number(missing)) \(Self.headings[stage]!.missing), \(row.organization.name)",
                    ]
                    // Every stage sets its own key: Mustache would otherwise find the page's `overdue` above it.
                    cell["overdueText"] = stage == .registered && overdue && missing > 0
                        ? "Quá hạn: còn \(Format.number(missing)) người chưa đăng ký" : false
                    return cell
                }
                let href: String? = switch row.organization.kind {
                case .cell: "/cells/\(key)/commitments/\(year)"
                default: row.organization.id == progress.organization.id ? nil : "/organizations/\(key)/progress/\(year)"
                }
                return ["name": row.organization.name, "href": href ?? false, "roster": Format.number(row.roster), "stages": stages,
                        "isSelf": row.organization.id == progress.organization.id]
            }
            let view: [String: Any] = [
                "organizationName": progress.organization.name, "year": String(year), "rows": rows,
                "columns": ProgressStage.allCases.map { Self.headings[$0]!.column },
                "deadline": Format.date(progress.ruleSet.commitmentDeadline), "overdue": overdue,
                "parent": progress.organization.parentId.map { "/organizations/\($0.uuidString.lowercased())/progress/\(year)" } ?? false,
            ]
            return renderer.render(Page(template: "progress", title: "Tiến độ năm \(year)", view: view), frame: visit.frame)
        }
        web.page("/organizations/:id/progress/:year/members") { visit, caller in
            let (id, year) = try YearPath.read(visit.context)
            let query = visit.request.uri.queryParameters
            guard let stage = query["stage"].flatMap({ ProgressStage(rawValue: String($0)) }),
                  let reached = query["reached"].flatMap({ ["yes": true, "no": false][String($0)] }) else { throw DomainError.notFound("list") }
            let scope = AccessScope.of(caller, write: .readRegistry)
            let progress = try await store.load(organizationId: id, year: year, scope: scope)
            let members = try await store.members(organizationId: id, year: year, stage: stage, reached: reached, scope: scope)
            let phrase = reached ? Self.headings[stage]!.done : Self.headings[stage]!.missing
            let title = "\(Format.number(members.count)) đảng viên \(phrase) năm \(year)"
            let view: [String: Any] = [
                "organizationName": progress.organization.name,
                "members": members.map { ["name": $0.fullName, "cell": $0.cellName, "status": VietnameseLabels.commitment($0.commitment),
                                          "href": "/members/\($0.memberId.uuidString.lowercased())/commitments/\(year)"] },
                "hasMembers": !members.isEmpty,
                "back": "/organizations/\(id.uuidString.lowercased())/progress/\(year)", "year": String(year),
            ]
            return renderer.render(Page(template: "progress_members", title: title, view: view), frame: visit.frame)
        }
    }
}
