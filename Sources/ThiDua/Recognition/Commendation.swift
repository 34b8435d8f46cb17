import Foundation
import PQ

public enum CommendationForm: String, DomainCode {
    case praise = "BIEU_DUONG", certificate = "GIAY_KHEN", merit = "BANG_KHEN", other = "OTHER"
}

public enum CommendationBasis: String, DomainCode {
    case excellentYear = "EXCELLENT_YEAR", excellentFiveYears = "EXCELLENT_5_YEARS", exemplar = "EXEMPLAR", other = "OTHER"
}

public struct Commendation: Codable, Sendable, Equatable {
    public var id: UUID
    public var memberId: UUID?
    public var organizationId: UUID?
    public var year: Int
    public var form: CommendationForm
    public var issuerOrganizationId: UUID
    public var basis: CommendationBasis
    public var criteria: [String]
    public var title: String
    public var decisionNumber: String
    public var decidedOn: CalendarDate
    public var citation: String?
    public var createdAt: Date
}

public struct NewCommendation: Sendable {
    public var memberId: UUID?
    public var organizationId: UUID?
    public var year: Int
    public var form: CommendationForm
    public var issuerOrganizationId: UUID
    public var basis: CommendationBasis
    public var criteria: [String]
    public var title: String
    public var decisionNumber: String
    public var decidedOn: CalendarDate
    public var citation: String?

    public init(memberId: UUID?, organizationId: UUID?, year: Int, form: CommendationForm, issuerOrganizationId: UUID,
                basis: CommendationBasis, criteria: [String], title: String, decisionNumber: String, decidedOn: CalendarDate, citation: String?) {
        self.memberId = memberId
        self.organizationId = organizationId
        self.year = year
        self.form = form
        self.issuerOrganizationId = issuerOrganizationId
        self.basis = basis
        self.criteria = criteria
        self.title = title
        self.decisionNumber = decisionNumber
        self.decidedOn = decidedOn
        self.citation = citation
    }
}

/// The grade conditions of a commendation's basis, as plain functions.
public enum CommendationRules {
    /// The years of `year - 4 ... year` without an `HTXSNV` grade.
    public static func missingExcellentYears(endingIn year: Int, grades: [Int: Grade]) -> [Int] {
        ((year - 4)...year).filter { grades[$0] != .excellent }
    }

    /// The errors of `basis` for a recipient with `grades` by year.
    public static func basisErrors(_ basis: CommendationBasis, year: Int, grades: [Int: Grade]) -> [FieldError] {
        switch basis {
        case .excellentYear:
            return grades[year] == .excellent ? [] : [FieldError("basis", "EXCELLENT_YEAR needs an HTXSNV grade in \(year)")]
        case .excellentFiveYears:
            let missing = missingExcellentYears(endingIn: year, grades: grades)
            return missing.isEmpty ? [] : [FieldError("basis", "EXCELLENT_5_YEARS needs HTXSNV in each of \(year - 4)–\(year); missing: "
                                                      + missing.map(String.init).joined(separator: ", "))]
        case .exemplar, .other:
            return []
        }
    }
}
