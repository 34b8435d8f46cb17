import Foundation
import Hummingbird
import ThiDua
import ThiDuaHTTP

/// `/organizations` and `/organizations/{id}`: the tree within the caller's reach, down to the
/// cells, whose pages of each year it links to; a cell's members; what it merged from or into;
/// "Sửa tổ chức", "Thêm tổ chức trực thuộc" and "Nhập đảng viên từ tệp CSV" for whoever may;
/// and the organization's audit trail for whoever reads audits.
struct OrganizationPage {
    let store: OrganizationStore
    let ruleSets: RuleSetStore
    let members: MemberStore
    let audit: AuditTrail
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
            case .nation, .city:
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
            view["state"] = try await state(of: organization, scope: scope)
            if organization.kind == .cell {
                let roll = try await members.list(.init(organizationId: id), page: PageRequest(limit: 500), scope: scope).items
                view["members"] = ["rows": roll.map { ["name": $0.fullName, "href": "/members/\($0.id.uuidString.lowercased())",
                                                       "status": VietnameseLabels.status($0.status)] },
                                   "count": Format.number(roll.count), "hasRows": !roll.isEmpty]
            }
            var manage: [[String: String]] = []
            if caller.has(.writeOrganizations), try await store.mayWrite(id, scope: .of(caller, write: .writeOrganizations)) {
                manage.append(["href": "/organizations/\(key)/edit", "text": "Sửa tổ chức"])
                if organization.kind != .cell && organization.validTo == nil {
                    manage.append(["href": "/organizations/\(key)/new", "text": "Thêm tổ chức trực thuộc"])
                }
            }
            if caller.has(.writeMembers), try await store.mayWrite(id, scope: .of(caller, write: .writeMembers)) {
                manage.append(["href": "/members/import", "text": "Nhập đảng viên từ tệp CSV"])
            }
            view["manage"] = manage.isEmpty ? false : ["links": manage]
            if let trail = try await AuditRows.view(audit, entityType: "organization", id: id, caller: caller) { view["audit"] = trail }
            let notices = ["created": "Đã thành lập tổ chức.", "merged": "Đã thành lập tổ chức hợp nhất; các tổ chức cũ đã kết thúc hoạt động.",
                           "updated": "Đã lưu thông tin tổ chức."]
            return renderer.render(Page(template: "organization", title: organization.name, view: view,
                                        notice: visit.request.uri.queryParameters["notice"].flatMap { notices[String($0)] }), frame: visit.frame)
        }
    }

    /// Founded, ceased, merged from and into, in words, with links to the others.
    private func state(of organization: Organization, scope: AccessScope) async throws -> [[String: Any]] {
        var facts: [[String: Any]] = [["text": "Thành lập ngày \(Format.date(organization.validFrom))", "href": false]]
        if let validTo = organization.validTo { facts.append(["text": "Kết thúc hoạt động ngày \(Format.date(validTo))", "href": false]) }
        func named(_ id: UUID) async throws -> String {
            (try? await store.get(id, scope: scope).name) ?? "một tổ chức ngoài phạm vi của bạn"
        }
        if let successor = organization.successorId {
            facts.append(["text": "Đã hợp nhất vào \(try await named(successor))", "href": "/organizations/\(successor.uuidString.lowercased())"])
        }
        for predecessor in organization.predecessorIds {
            facts.append(["text": "Hợp nhất từ \(try await named(predecessor))", "href": "/organizations/\(predecessor.uuidString.lowercased())"])
        }
        return facts
    }

    static func link(_ organization: Organization) -> [String: String] {
        ["href": "/organizations/\(organization.id.uuidString.lowercased())", "name": organization.name, "kind": kindName(organization.kind)]
    }

    static func kindName(_ kind: OrganizationKind) -> String {
        switch kind {
        case .nation: "Trung ương"
        case .city: "Đảng bộ tỉnh, thành phố"
        case .district: "Đảng bộ quận, huyện"
        case .ward: "Đảng bộ phường"
        case .grassroots: "Tổ chức cơ sở đảng"
        case .cell: "Chi bộ"
        }
    }
}
