import Foundation
import PQ

public struct Interruption: Codable, Sendable, Equatable {
    public var fromOn: CalendarDate
    public var toOn: CalendarDate
    public var reason: String?

    public init(fromOn: CalendarDate, toOn: CalendarDate, reason: String?) {
        self.fromOn = fromOn
        self.toOn = toOn
        self.reason = reason
    }
}

/// One stretch of a member's history in a cell: `[from, to)`; `to` nil while current.
public struct Assignment: Codable, Sendable, Equatable {
    public var organizationId: UUID
    public var organizationName: String
    public var from: CalendarDate
    public var to: CalendarDate?
}

public struct Member: Codable, Sendable, Equatable {
    public var id: UUID
    public var fullName: String
    public var gender: Gender
    public var birthDate: CalendarDate?
    public var partyCardNumber: String
    public var admittedOn: CalendarDate
    public var officialOn: CalendarDate?
    public var category: MemberCategory
    public var position: String?
    public var isHead: Bool
    public var status: MemberStatus
    public var statusSince: CalendarDate?
    /// The current cell.
    public var organizationId: UUID
    /// The day the member joined the current cell.
    public var cellSince: CalendarDate
    public var interruptions: [Interruption]
    public var version: Int
    public var createdAt: Date
    public var updatedAt: Date

    /// How many columns `columns` selects: a statement may add its own after them.
    static let columnCount = 18

    static let columns = """
        m.id, m.full_name, m.gender, m.birth_date, m.party_card_number, m.admitted_on, m.official_on, m.category,
        m.position, m.is_head, m.status, m.status_since, m.organization_id, m.cell_since,
        (SELECT jsonb_agg(jsonb_build_object('fromOn', i.from_on, 'toOn', i.to_on, 'reason', i.reason) ORDER BY i.from_on)
         FROM membership_interruption i WHERE i.member_id = m.id),
        m.version, m.created_at, m.updated_at
        """

    init(row: PQRow) throws {
        // Interruptions are rare: NULL for none, so that most rows need no JSON decoder.
        let gender: String, category: String, status: String, interruptions: JSONB<[Interruption]>?
        (id, fullName, gender, birthDate, partyCardNumber, admittedOn, officialOn, category, position, isHead, status,
         statusSince, organizationId, cellSince, interruptions, version, createdAt, updatedAt) =
            try row.decodeLeading((UUID, String, String, CalendarDate?, String, CalendarDate, CalendarDate?, String, String?, Bool,
                            String, CalendarDate?, UUID, CalendarDate, JSONB<[Interruption]>?, Int, Date, Date).self)
        guard let g = Gender(rawValue: gender), let c = MemberCategory(rawValue: category), let s = MemberStatus(rawValue: status) else {
            throw PQError(.decoding, "unknown member code", column: "gender/category/status")
        }
        self.gender = g
        self.category = c
        self.status = s
        self.interruptions = interruptions?.value ?? []
    }
}

/// The fields a member is created with, validated.
public struct MemberFields: Sendable, Equatable {
    public var fullName: String
    public var gender: Gender
    public var birthDate: CalendarDate?
    public var partyCardNumber: String
    public var admittedOn: CalendarDate
    public var officialOn: CalendarDate?
    public var category: MemberCategory
    public var position: String?
    public var isHead: Bool
    public var status: MemberStatus
    public var statusSince: CalendarDate?
    public var interruptions: [Interruption]

    public init(fullName: String, gender: Gender, birthDate: CalendarDate?, partyCardNumber: String, admittedOn: CalendarDate,
                officialOn: CalendarDate?, category: MemberCategory, position: String?, isHead: Bool, status: MemberStatus,
                statusSince: CalendarDate?, interruptions: [Interruption]) {
        self.fullName = fullName
        self.gender = gender
        self.birthDate = birthDate
        self.partyCardNumber = partyCardNumber
        self.admittedOn = admittedOn
        self.officialOn = officialOn
        self.category = category
        self.position = position
        self.isHead = isHead
        self.status = status
        self.statusSince = statusSince
        self.interruptions = interruptions
    }
}

/// The date rules of a member record, as a plain function (the API, the import and the demo
/// generator all go through it).
public enum MemberRules {
    public static func dateErrors(_ fields: MemberFields, cellSince: CalendarDate?, today: CalendarDate) -> [FieldError] {
        var errors: [FieldError] = []
        if let official = fields.officialOn, official < fields.admittedOn {
            errors.append(FieldError("officialOn", "must not be before admittedOn (\(fields.admittedOn))"))
        }
        if let birth = fields.birthDate {
            if birth >= fields.admittedOn { errors.append(FieldError("birthDate", "must be before admittedOn")) }
            if birth > today { errors.append(FieldError("birthDate", "must not be in the future")) }
        }
        if fields.admittedOn > today { errors.append(FieldError("admittedOn", "must not be in the future")) }
        if let cellSince, cellSince < fields.admittedOn {
            errors.append(FieldError("cellSince", "must not be before admittedOn (\(fields.admittedOn))"))
        }
        if fields.status == .official && fields.officialOn == nil {
            errors.append(FieldError("officialOn", "is required for an OFFICIAL member"))
        }
        for (index, interruption) in fields.interruptions.enumerated() {
            if interruption.toOn < interruption.fromOn {
                errors.append(FieldError("interruptions[\(index)].toOn", "must not be before fromOn"))
            }
            if interruption.fromOn < fields.admittedOn {
                errors.append(FieldError("interruptions[\(index)].fromOn", "must not be before admittedOn"))
            }
        }
        let sorted = fields.interruptions.sorted { $0.fromOn < $1.fromOn }
        for (first, second) in zip(sorted, sorted.dropFirst()) where second.fromOn <= first.toOn {
            errors.append(FieldError("interruptions", "interruptions must not overlap (\(first.fromOn)–\(first.toOn) and \(second.fromOn)–\(second.toOn))"))
        }
        return errors
    }
}
