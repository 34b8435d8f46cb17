import Foundation
import PQ

/// The heading of a party document (Hướng dẫn 36-HD/VPTW) derived from the organization
/// tree: the parent party body, the issuing committee, the number and the place-date line.
public enum PartyHeading {
    /// "ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG": the body the issuer belongs to, upper case. A
    /// province's committee writes none: the party itself already heads the other side.
    public static func parentBody(_ parent: ReportOrganization.Reference?) -> String? {
        guard let parent, parent.kind != .nation else { return nil }
        return parent.name.uppercased(with: vietnamese)
    }

    /// "QUẬN ỦY HỒNG BÀNG": the committee that issues for an organization.
    public static func issuer(name: String, kind: OrganizationKind) -> String {
        let rest = strip("Đảng bộ ", from: name)
        let committee: String
        switch kind {
        case .nation:
            committee = "Ban Chấp hành Trung ương"
        case .city:
            if let rest, let place = strip("tỉnh ", from: rest) { committee = "Tỉnh ủy " + place }
            else { committee = rest.map { "Thành ủy " + (strip("thành phố ", from: $0) ?? $0) } ?? name }
        case .district:
            if let rest, let place = strip("quận ", from: rest) { committee = "Quận ủy " + place }
            else if let rest, let place = strip("huyện ", from: rest) { committee = "Huyện ủy " + place }
            else if let rest, let place = strip("thị xã ", from: rest) { committee = "Thị ủy " + place }
            else { committee = rest.map { "Ban Thường vụ " + $0 } ?? name }
        case .ward, .grassroots:
            committee = rest.map { "Đảng ủy " + $0 } ?? name
        case .cell:
            committee = name
        }
        return committee.uppercased(with: vietnamese)
    }

    /// "Hồng Bàng": the place name of an organization, for the date line. The nation's
    /// documents are dated at the seat of the Central Committee.
    public static func place(name: String, kind: OrganizationKind? = nil) -> String {
        if kind == .nation { return "Hà Nội" }
        var rest = strip("Đảng bộ ", from: name) ?? strip("Chi bộ ", from: name) ?? name
        for prefix in ["thành phố ", "tỉnh ", "quận ", "huyện ", "thị xã ", "phường ", "xã ", "thị trấn "] {
            if let place = strip(prefix, from: rest) { rest = place; break }
        }
        return rest
    }

    /// "T/M BAN THƯỜNG VỤ": on behalf of the collective that signs for this kind of body.
    public static func collective(_ kind: OrganizationKind) -> String {
        switch kind {
        case .nation: "Ban Bí thư"
        case .city, .district: "Ban Thường vụ"
        case .ward, .grassroots: "Đảng ủy"
        case .cell: "Chi bộ"
        }
    }

    /// The signer block's lines: "T/M BAN THƯỜNG VỤ", "BÍ THƯ" and the name. Without a signer
    /// (a live report), the collective of this kind of body signs and the name is left blank.
    public static func signerBlock(_ signer: Signer?, kind: OrganizationKind) -> (line: String, position: String?, name: String) {
        guard let signer else {
            return ("T/M \(collective(kind))".uppercased(with: vietnamese), "BÍ THƯ", "")
        }
        return ("\(signer.mode.rawValue) \(signer.title)".uppercased(with: vietnamese), signer.position?.uppercased(with: vietnamese), signer.name)
    }

    /// "12-BC/QU"; without a sequence the number is left blank (no-break spaces, which print)
    /// to be filled in by hand.
    public static func number(sequence: Int?, abbreviation: String?) -> String {
        "\(sequence.map(String.init) ?? String(repeating: "\u{00A0}", count: 6))-BC/\(abbreviation ?? "")"
    }

    /// "Hồng Bàng, ngày 20 tháng 6 năm 2022": day below 10 and months 1 and 2 get a leading
    /// zero, as party documents write them.
    public static func dateLine(place: String, date: CalendarDate) -> String {
        let day = date.day < 10 ? "0\(date.day)" : "\(date.day)"
        let month = date.month <= 2 ? "0\(date.month)" : "\(date.month)"
        return "\(place), ngày \(day) tháng \(month) năm \(date.year)"
    }

    static let vietnamese = Locale(identifier: "vi_VN")

    private static func strip(_ prefix: String, from text: String) -> String? {
        text.lowercased(with: vietnamese).hasPrefix(prefix.lowercased(with: vietnamese)) ? String(text.dropFirst(prefix.count)) : nil
    }
}
