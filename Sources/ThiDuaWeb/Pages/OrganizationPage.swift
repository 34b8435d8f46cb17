import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations` and `/organizations/{id}`: the tree within the caller's reach, down to the
/// cells, whose pages of each year it links to.
struct OrganizationPage {
    let store: OrganizationStore
    let ruleSets: RuleSetStore
    let renderer: PageRenderer

    func register(on web: WebRouter) {
        web.page("/organizations") { visit, caller in
            let scope = AccessScope.of(caller, write: .readRegistry)
            let tops = try await store.tops(scope: scope)
            let view: [String: Any] = ["children": tops.map(Self.link), "hasChildren": !tops.isEmpty]
            return renderer.render(Page(template: "organization", title: "Các tổ chức đảng", view: view), frame: visit.frame)
        }
        web.page("/organizations/:id") { visit, caller in
            guard let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else { throw DomainError.notFound("organization") }
            let scope = AccessScope.of(caller, write: .readRegistry)
            let organization = try await store.get(id, scope: scope)
            let children = try await store.list(.init(parentId: id), page: PageRequest(limit: 200), scope: scope).items
            var view: [String: Any] = ["children": children.map(Self.link), "hasChildren": !children.isEmpty,
                                       "kind": Self.kindName(organization.kind)]
            if let parent = organization.parentId { view["parent"] = "/organizations/\(parent.uuidString.lowercased())" }
            let key = organization.id.uuidString.lowercased()
            let links: (Int) -> [[String: String]]
            switch organization.kind {
            case .cell:
                links = { year in [["href": "/cells/\(key)/commitments/\(year)", "text": "Đăng ký của chi bộ năm \(year)"],
                                   ["href": "/cells/\(key)/meetings/\(year)", "text": "Họp chi bộ kiểm điểm năm \(year)"]] }
            case .ward, .grassroots:
                links = { year in [["href": "/organizations/\(key)/decisions/\(year)", "text": "Quyết định xếp loại năm \(year)"]] }
            case .district:
                links = { year in [["href": "/organizations/\(key)/ward-grades/\(year)", "text": "Xếp loại tổ chức cơ sở đảng năm \(year)"]] }
            case .city:
                links = { _ in [] }
            }
            let progress: (Int) -> [[String: String]] = { year in
                [["href": "/organizations/\(key)/progress/\(year)", "text": "Tiến độ năm \(year)"],
                 ["href": "/organizations/\(key)/commendations/\(year)", "text": "Khen thưởng năm \(year)"]]
            }
            let years = try await ruleSets.years().map { ["year": String($0), "links": links($0) + progress($0)] as [String: Any] }
            view["hasRecognition"] = true
            view["recognition"] = [["href": "/organizations/\(key)/badges", "text": "Huy hiệu Đảng"],
                                   ["href": "/organizations/\(key)/exemplars", "text": "Điển hình tiên tiến"],
                                   ["href": "/organizations/\(key)/activities", "text": "Hoạt động tuyên truyền"]]
            view["hasYears"] = true
            view["years"] = years
            return renderer.render(Page(template: "organization", title: organization.name, view: view), frame: visit.frame)
        }
    }

    static func link(_ organization: Organization) -> [String: String] {
        ["href": "/organizations/\(organization.id.uuidString.lowercased())", "name": organization.name, "kind": kindName(organization.kind)]
    }

    static func kindName(_ kind: OrganizationKind) -> String {
        switch kind {
        case .city: "Đảng bộ thành phố"
        case .district: "Đảng bộ quận, huyện"
        case .ward: "Đảng bộ phường"
        case .grassroots: "Tổ chức cơ sở đảng"
        case .cell: "Chi bộ"
        }
    }
}
