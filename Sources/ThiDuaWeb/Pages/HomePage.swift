import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/home`: what the signed-in person can do, one section per grant: a member's own year, a
/// secretary's cells, an organization to open for the other roles.
struct HomePage {
    let store: HomeStore
    let renderer: PageRenderer

    /// The year the pages open on: this year, or the latest with rules.
    static func currentYear(_ years: [Int]) -> Int {
        let year = PartyCalendar.today().year
        return years.contains(year) ? year : (years.first ?? year)
    }

    func register(on web: WebRouter) {
        web.page("/home") { visit, caller in
            let home = try await store.load(caller)
            let year = Self.currentYear(home.years)
            var sections: [[String: Any]] = []
            for place in home.places {
                let role = VietnameseLabels.role(place.grant.role)
                if let memberId = place.grant.memberId {
                    let base = "/members/\(memberId.uuidString.lowercased())"
                    sections.append([
                        "heading": "\(role): \(place.memberName ?? "")",
                        "detail": place.memberCellName ?? false,
                        "links": [
                            ["href": "\(base)/commitments/\(year)", "text": "Bản đăng ký làm theo năm \(year)"],
                            ["href": "\(base)/self-assessments/\(year)", "text": "Bản tự kiểm điểm năm \(year)"],
                            ["href": base, "text": "Hồ sơ thi đua"],
                        ],
                        "years": home.years.filter { $0 != year }.map { ["href": "\(base)/commitments/\($0)", "text": "Năm \($0)"] },
                        "hasYears": home.years.count > 1,
                        "yearsLabel": "Bản đăng ký các năm khác",
                    ])
                } else if let organization = place.organization {
                    let id = organization.id.uuidString.lowercased()
                    var links: [[String: String]] = []
                    if organization.kind == .cell {
                        links = [["href": "/cells/\(id)/commitments/\(year)", "text": "Đăng ký của chi bộ năm \(year)"],
                                 ["href": "/cells/\(id)/meetings/\(year)", "text": "Họp chi bộ kiểm điểm năm \(year)"]]
                    } else if organization.kind == .ward || organization.kind == .grassroots {
                        links = [["href": "/organizations/\(id)/decisions/\(year)", "text": "Quyết định xếp loại năm \(year)"]]
                    } else if organization.kind == .district {
                        links = [["href": "/organizations/\(id)/ward-grades/\(year)", "text": "Xếp loại tổ chức cơ sở đảng năm \(year)"]]
                    }
                    links.append(["href": "/organizations/\(id)/progress/\(year)", "text": "Tiến độ năm \(year)"])
                    links.append(["href": "/organizations/\(id)", "text": organization.kind == .cell ? "Các năm của chi bộ" : "Các tổ chức trực thuộc và các năm"])
                    sections.append(["heading": "\(role): \(organization.name)", "detail": false, "links": links, "hasYears": false])
                } else {
                    // A grant on no organization reaches everything (the system administrator).
                    sections.append(["heading": "\(role): toàn hệ thống", "detail": false, "hasYears": false,
                                     "links": [["href": "/organizations", "text": "Các tổ chức đảng"]], "years": false])
                }
            }
            let view: [String: Any] = ["fullName": home.fullName, "sections": sections, "empty": sections.isEmpty,
                                       "reports": caller.has(.readRegistry), "accounts": caller.has(.manageAccounts)]
            return renderer.render(Page(template: "home", title: "Trang chủ", view: view), frame: visit.frame)
        }
    }
}
