import PQ

/// The upper-case codes of `domain.md`, shared by storage and the API. Read from a column, an
/// unknown code is a decoding error naming the column, never a guess at a default.
public protocol DomainCode: RawRepresentable<String>, CaseIterable, Codable, Sendable, Hashable, PQCodable {}

extension DomainCode {
    public static var pqType: PQType { .text }
    public func encode(into buffer: inout [UInt8]) { rawValue.encode(into: &buffer) }
    public static func decode(from cell: PQCell) throws -> Self {
        let text = try String.decode(from: cell)
        guard let code = Self(rawValue: text) else {
            throw PQError(.decoding, "column \"\(cell.column)\" holds a code that is not \(choices)", column: cell.column)
        }
        return code
    }
}

extension DomainCode {
    /// "one of A, B, C": for validation messages.
    public static var choices: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
}

public enum OrganizationKind: String, DomainCode {
    /// The whole party (Ban Chấp hành Trung ương): the provinces and centrally-run cities
    /// (`CITY`) under one root, for national figures.
    case nation = "NATION"
    case city = "CITY"
    case district = "DISTRICT"
    case ward = "WARD"
    case grassroots = "GRASSROOTS"
    case cell = "CELL"

    /// The kinds a parent of this kind may have; empty for one that is always a root.
    public var allowedParents: Set<OrganizationKind> {
        switch self {
        case .nation: []
        case .city: [.nation]
        case .district: [.city]
        case .ward, .grassroots: [.district]
        case .cell: [.ward, .grassroots]
        }
    }

    /// Whether an organization of this kind may stand without a parent: a city (a province)
    /// is a root where ThiDua serves one city, and sits under the nation where it serves more.
    public var mayBeRoot: Bool { self == .nation || self == .city }
}

public enum Gender: String, DomainCode {
    case male = "MALE"
    case female = "FEMALE"
}

public enum MemberCategory: String, DomainCode {
    case canBo = "CAN_BO"
    case congChuc = "CONG_CHUC"
    case vienChuc = "VIEN_CHUC"
    case nguoiLaoDong = "NGUOI_LAO_DONG"
    case huuTri = "HUU_TRI"
    case other = "OTHER"
}

public enum MemberStatus: String, DomainCode {
    case probationary = "PROBATIONARY"
    case official = "OFFICIAL"
    case exempt = "EXEMPT"
    case transferredOut = "TRANSFERRED_OUT"
    case removed = "REMOVED"
    case deceased = "DECEASED"

    /// Whether the member still belongs to a cell of ours.
    public var isActive: Bool { self == .probationary || self == .official || self == .exempt }
}

public enum GradingScheme: String, DomainCode {
    case levels4 = "LEVELS_4"
    case points100 = "POINTS_100"
}
