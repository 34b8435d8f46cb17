import Foundation
import PQ

/// A bad value of an import: the CSV line, the column's header name, what is wrong.
public struct ImportError: Codable, Sendable, Equatable {
    public var line: Int
    public var column: String
    public var message: String

    public init(line: Int, column: String, message: String) {
        self.line = line
        self.column = column
        self.message = message
    }
}

public enum ImportOutcome: Sendable, Equatable {
    case checked(valid: Int, errors: [ImportError])
    case imported(Int)
    case rejected([ImportError])
}

/// `POST /imports/members`: all rows or none. Every row is checked first (shape, codes, dates,
/// cells, card numbers unique in the file and in the database); only a clean file is written,
/// by COPY, in one transaction with its audit event.
public struct MemberImport: Sendable {
    public static let columns = ["fullName", "gender", "birthDate", "partyCardNumber", "admittedOn", "officialOn",
                                 "category", "position", "isHead", "cellCode"]
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    struct Row {
        var line: Int
        var fields: MemberFields
        var cellCode: String
    }

    public func run(csv: String, dryRun: Bool, today: CalendarDate, scope: AccessScope, context: WriteContext) async throws -> ImportOutcome {
        guard !scope.write.isEmpty else { throw Forbidden("Your role may not import members.") }
        var records = CSV.parse(csv)
        guard let header = records.first else {
            return .rejected([ImportError(line: 1, column: "", message: "the file is empty; expected the header " + Self.columns.joined(separator: ","))])
        }
        records.removeFirst()
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        let missing = Self.columns.filter { !names.contains($0) }
        if !missing.isEmpty {
            return .rejected([ImportError(line: 1, column: missing[0], message: "missing column(s): " + missing.joined(separator: ", "))])
        }
        var errors: [ImportError] = []
        var rows: [Row] = []
        rows.reserveCapacity(records.count)
        for record in records {
            let (row, rowErrors) = Self.check(record, header: names, today: today)
            errors += rowErrors
            if let row { rows.append(row) }
        }
        // Card numbers repeated within the file.
        var firstLine: [String: Int] = [:]
        for row in rows {
            if let first = firstLine[row.fields.partyCardNumber] {
                errors.append(ImportError(line: row.line, column: "partyCardNumber", message: "repeats line \(first)"))
            } else {
                firstLine[row.fields.partyCardNumber] = row.line
            }
        }
        let rowsToWrite = rows
        let outcome: ImportOutcome = try await pool.withTransaction { connection in
            // Cells outside the caller's write reach are, for this import, cells that do not exist.
            let cells = try await Self.cells(codes: Array(Set(rowsToWrite.map(\.cellCode))), within: scope.write, on: connection)
            var allErrors = errors
            for row in rowsToWrite {
                guard let cell = cells[row.cellCode] else {
                    allErrors.append(ImportError(line: row.line, column: "cellCode", message: "no organization has this code"))
                    continue
                }
                if cell.kind != .cell {
                    allErrors.append(ImportError(line: row.line, column: "cellCode", message: "is a \(cell.kind.rawValue), members belong to a CELL"))
                } else if let closed = cell.validTo, closed < row.fields.admittedOn {
                    allErrors.append(ImportError(line: row.line, column: "cellCode", message: "the cell closed on \(closed)"))
                }
            }
            let taken = try await connection.query("""
                SELECT party_card_number FROM member WHERE party_card_number = ANY(\(rowsToWrite.map(\.fields.partyCardNumber)))
                """).column(String.self)
            let takenSet = Set(taken)
            for row in rowsToWrite where takenSet.contains(row.fields.partyCardNumber) {
                allErrors.append(ImportError(line: row.line, column: "partyCardNumber", message: "already belongs to a member"))
            }
            allErrors.sort { ($0.line, Self.columns.firstIndex(of: $0.column) ?? 99) < ($1.line, Self.columns.firstIndex(of: $1.column) ?? 99) }
            if dryRun { return .checked(valid: records.count - Set(allErrors.map(\.line)).count, errors: allErrors) }
            if !allErrors.isEmpty { return .rejected(allErrors) }

            let ids = rowsToWrite.map { _ in UUID() }
            let memberRows = zip(ids, rowsToWrite).lazy.map { id, row -> [any PQEncodable] in
                let f = row.fields
                return [id, f.fullName, f.gender.rawValue, f.birthDate, f.partyCardNumber, f.admittedOn, f.officialOn,
                        f.category.rawValue, f.position, f.isHead, f.status.rawValue, cells[row.cellCode]!.id, f.admittedOn]
            }
            let stored = try await connection.copyIn(unsafeSQL: """
                COPY member (id, full_name, gender, birth_date, party_card_number, admitted_on, official_on, category,
                             position, is_head, status, organization_id, cell_since) FROM STDIN
                """, rows: memberRows)
            let assignmentRows = zip(ids, rowsToWrite).lazy.map { id, row -> [any PQEncodable] in
                [id, cells[row.cellCode]!.id, row.fields.admittedOn]
            }
            try await connection.copyIn(unsafeSQL: "COPY member_assignment (member_id, organization_id, valid_from) FROM STDIN",
                                        rows: assignmentRows)
            struct Summary: Codable, Sendable { var imported: Int; var cells: Int }
            try await AuditLog.record(on: connection, context, action: "members.imported", entityType: "import",
                                      entityId: UUID().uuidString, organizationId: nil, before: Summary?.none,
                                      after: Summary(imported: stored, cells: cells.count))
            return .imported(stored)
        }
        return outcome
    }

    /// Checks one CSV record on its own; the row is nil when a field is unusable.
    static func check(_ record: CSV.Record, header: [String], today: CalendarDate) -> (Row?, [ImportError]) {
        guard record.fields.count == header.count else {
            return (nil, [ImportError(line: record.line, column: "", message: "has \(record.fields.count) fields, the header has \(header.count)")])
        }
        var values: [String: String] = [:]
        for (name, value) in zip(header, record.fields) { values[name] = value }
        var validator = Validator()
        let fullName = validator.text(values["fullName"], "fullName", maxLength: 200)
        let gender = validator.code(values["gender"], Gender.self, "gender")
        let birthDate = validator.date(values["birthDate"], "birthDate", required: false, emptyMeansAbsent: true)
        let card = validator.text(values["partyCardNumber"], "partyCardNumber", maxLength: 50)
        let admittedOn = validator.date(values["admittedOn"], "admittedOn")
        let officialOn = validator.date(values["officialOn"], "officialOn", required: false, emptyMeansAbsent: true)
        let category = validator.code(values["category"], MemberCategory.self, "category")
        let position = validator.text(values["position"], "position", required: false, maxLength: 200)
        var isHead = false
        switch values["isHead"]?.trimmingCharacters(in: .whitespaces).lowercased() ?? "" {
        case "", "false", "0", "no": isHead = false
        case "true", "1", "yes": isHead = true
        default: validator.fail("isHead", "must be true or false")
        }
        let cellCode = validator.text(values["cellCode"], "cellCode", maxLength: 50)
        var errors = validator.errors.map { ImportError(line: record.line, column: $0.field, message: $0.message) }
        guard let fullName, let gender, let card, let admittedOn, let category, let cellCode, errors.isEmpty else {
            return (nil, errors)
        }
        let fields = MemberFields(fullName: fullName, gender: gender, birthDate: birthDate, partyCardNumber: card,
                                  admittedOn: admittedOn, officialOn: officialOn, category: category, position: position,
                                  isHead: isHead, status: officialOn == nil ? .probationary : .official, statusSince: nil,
                                  interruptions: [])
        errors = MemberRules.dateErrors(fields, cellSince: nil, today: today).map {
            ImportError(line: record.line, column: $0.field, message: $0.message)
        }
        return (errors.isEmpty ? Row(line: record.line, fields: fields, cellCode: cellCode) : nil, errors)
    }

    static func cells(codes: [String], within reach: Reach, on connection: PQConnection) async throws -> [String: Organization] {
        let result = try await connection.query("""
            SELECT \(unsafeSQL: Organization.columns) FROM organization o
            WHERE o.code = ANY(\(codes)) AND \(reach.condition(ancestors: "o.ancestors"))
            """)
        var cells: [String: Organization] = [:]
        for row in result.rows {
            let organization = try Organization(row: row)
            cells[organization.code] = organization
        }
        return cells
    }
}
