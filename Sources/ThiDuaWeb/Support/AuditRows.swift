import Foundation
import ThiDua

/// A record's audit trail as a page shows it: when, who, what was done in words, and which of
/// its fields changed (named as the record's form names them), newest first.
enum AuditRows {
    static let actions: [String: String] = [
        "member.created": "Tạo hồ sơ đảng viên", "member.updated": "Sửa thông tin", "member.transferred": "Chuyển sinh hoạt",
        "members.imported": "Nhập từ tệp CSV", "organization.created": "Thành lập tổ chức", "organization.updated": "Sửa thông tin tổ chức",
        "organization.merged": "Hợp nhất vào tổ chức mới",
    ]

    static let fields: [String: String] = [
        "fullName": "Họ và tên", "gender": "Giới tính", "birthDate": "Ngày sinh", "partyCardNumber": "Số thẻ đảng viên",
        "admittedOn": "Ngày vào Đảng", "officialOn": "Ngày chính thức", "category": "Đối tượng", "position": "Chức vụ",
        "isHead": "Người đứng đầu", "status": "Tình trạng", "statusSince": "Từ ngày", "organizationId": "Chi bộ",
        "cellSince": "Sinh hoạt từ ngày", "interruptions": "Thời gian gián đoạn",
        "name": "Tên tổ chức", "abbreviation": "Tên viết tắt", "parentId": "Tổ chức cấp trên", "validFrom": "Ngày thành lập",
        "validTo": "Ngày kết thúc hoạt động", "successorId": "Tổ chức kế tục", "code": "Mã",
    ]

    /// Bookkeeping that changes with every write and says nothing to a reader.
    static let ignored: Set<String> = ["version", "updatedAt", "createdAt", "id"]

    /// The trail of one record for the `audit_trail` partial, or nil when the caller may
    /// not read audits.
    static func view(_ trail: AuditTrail, entityType: String, id: UUID, caller: Caller) async throws -> [String: Any]? {
        guard caller.has(.readAudit) else { return nil }
        let events = try await trail.list(.init(entityType: entityType, entityId: id.uuidString), page: PageRequest(limit: 50),
                                          reach: caller.reach(.readAudit)).items
        let actors = try await trail.actorNames(Set(events.compactMap(\.actorId)))
        return ["events": rows(events, actors: actors), "hasEvents": !events.isEmpty]
    }

    static func rows(_ events: [AuditEvent], actors: [UUID: String]) -> [[String: Any]] {
        events.map { event in
            ["at": Format.moment(event.at), "actor": event.actorId.flatMap { actors[$0] } ?? "Hệ thống",
             "action": actions[event.action] ?? event.action, "changes": changes(event)]
        }
    }

    /// The fields whose values differ between before and after, in the form's words.
    static func changes(_ event: AuditEvent) -> String {
        guard case .object(let after)? = event.after else { return "" }
        guard case .object(let before)? = event.before else { return "" }
        let changed = Set(before.keys).union(after.keys).subtracting(ignored).filter { before[$0] != after[$0] }
        return changed.map { fields[$0] ?? $0 }.sorted().joined(separator: ", ")
    }
}
