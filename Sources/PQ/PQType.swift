/// A PostgreSQL type OID (the fixed ones of `pg_type.dat`).
public struct PQType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let bool = PQType(rawValue: 16)
    public static let bytea = PQType(rawValue: 17)
    public static let name = PQType(rawValue: 19)
    public static let int8 = PQType(rawValue: 20)
    public static let int2 = PQType(rawValue: 21)
    public static let int4 = PQType(rawValue: 23)
    public static let text = PQType(rawValue: 25)
    public static let oid = PQType(rawValue: 26)
    public static let json = PQType(rawValue: 114)
    public static let float4 = PQType(rawValue: 700)
    public static let float8 = PQType(rawValue: 701)
    public static let unknown = PQType(rawValue: 705)
    public static let bpchar = PQType(rawValue: 1042)
    public static let varchar = PQType(rawValue: 1043)
    public static let date = PQType(rawValue: 1082)
    public static let timestamp = PQType(rawValue: 1114)
    public static let timestamptz = PQType(rawValue: 1184)
    public static let numeric = PQType(rawValue: 1700)
    public static let uuid = PQType(rawValue: 2950)
    public static let jsonb = PQType(rawValue: 3802)

    public static let boolArray = PQType(rawValue: 1000)
    public static let int2Array = PQType(rawValue: 1005)
    public static let int4Array = PQType(rawValue: 1007)
    public static let textArray = PQType(rawValue: 1009)
    public static let varcharArray = PQType(rawValue: 1015)
    public static let int8Array = PQType(rawValue: 1016)
    public static let float8Array = PQType(rawValue: 1022)
    public static let dateArray = PQType(rawValue: 1182)
    public static let uuidArray = PQType(rawValue: 2951)

    public var description: String {
        switch self {
        case .bool: "bool"
        case .bytea: "bytea"
        case .int2: "int2"
        case .int4: "int4"
        case .int8: "int8"
        case .text: "text"
        case .varchar: "varchar"
        case .bpchar: "bpchar"
        case .name: "name"
        case .float4: "float4"
        case .float8: "float8"
        case .numeric: "numeric"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .uuid: "uuid"
        case .json: "json"
        case .jsonb: "jsonb"
        default: "oid \(rawValue)"
        }
    }

    var isTextual: Bool { self == .text || self == .varchar || self == .bpchar || self == .name || self == .unknown }
    var isInteger: Bool { self == .int2 || self == .int4 || self == .int8 || self == .oid }
}
