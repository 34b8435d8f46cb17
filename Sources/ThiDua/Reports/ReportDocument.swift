import Foundation
import PQ

public enum ReportKind: String, DomainCode {
    /// The year's report (báo cáo năm).
    case annual = "ANNUAL"
    /// An interim review over a span (sơ kết).
    case interim = "INTERIM"
    /// A final review over a span (tổng kết), e.g. the six-year report.
    case final = "FINAL"
}

public enum SignerMode: String, DomainCode {
    /// "Thay mặt": signed on behalf of the collective (T/M BAN THƯỜNG VỤ).
    case onBehalf = "T/M"
    /// "Ký thay": a deputy signs for the head (K/T BÍ THƯ).
    case deputy = "K/T"
}

public struct Signer: Codable, Sendable, Equatable {
    public var mode: SignerMode
    /// The collective (T/M) or the head (K/T) signed for: "Ban Thường vụ", "Bí thư".
    public var title: String
    /// The signer's own post, printed under the first line: "Bí thư", "Phó Bí thư".
    public var position: String?
    public var name: String

    public init(mode: SignerMode, title: String, position: String?, name: String) {
        self.mode = mode
        self.title = title
        self.position = position
        self.name = name
    }
}

/// The figures a document froze: one of the two reports, as it was on the day of issue.
public enum FrozenFigures: Codable, Sendable, Equatable {
    case annual(AnnualReport)
    case summary(SummaryReport)

    enum Kind: String, CodingKey { case kind }

    public init(from decoder: any Decoder) throws {
        let kind = try decoder.container(keyedBy: Kind.self).decode(String.self, forKey: .kind)
        self = kind == "ANNUAL" ? .annual(try AnnualReport(from: decoder)) : .summary(try SummaryReport(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .annual(let report): try report.encode(to: encoder)
        case .summary(let report): try report.encode(to: encoder)
        }
    }

    public var organization: ReportOrganization {
        switch self {
        case .annual(let report): report.organization
        case .summary(let report): report.organization
        }
    }
}

/// An issued report: numbered, dated, signed, with its figures frozen.
public struct ReportDocument: Codable, Sendable, Equatable {
    public var id: UUID
    public var kind: ReportKind
    public var organizationId: UUID
    public var from: Int
    public var to: Int
    /// "12-BC/QU": the sequence for the issuer and year of issue, and the issuer's abbreviation.
    public var number: String
    public var sequence: Int
    public var title: String
    public var place: String
    public var issuedOn: CalendarDate
    public var signer: Signer
    public var recipients: [String]
    public var figures: FrozenFigures
    public var issuedBy: UUID?
    public var createdAt: Date
}

/// What a caller asks to issue.
public struct ReportDocumentRequest: Sendable {
    public var kind: ReportKind
    public var organizationId: UUID
    public var from: Int
    public var to: Int
    public var title: String
    public var place: String?
    public var issuedOn: CalendarDate
    public var signer: Signer
    public var recipients: [String]

    public init(kind: ReportKind, organizationId: UUID, from: Int, to: Int, title: String, place: String?, issuedOn: CalendarDate,
                signer: Signer, recipients: [String]) {
        self.kind = kind
        self.organizationId = organizationId
        self.from = from
        self.to = to
        self.title = title
        self.place = place
        self.issuedOn = issuedOn
        self.signer = signer
        self.recipients = recipients
    }
}
