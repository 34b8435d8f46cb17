import Foundation

// Codecs for the Swift types that map one-to-one on PostgreSQL types. Each decoder checks the
// column's type OID first: an int column never silently becomes a String, nor text an Int.

extension String: PQCodable {
    public static var pqType: PQType { .text }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: utf8) }
    public static func decode(from cell: PQCell) throws -> String {
        guard cell.type.isTextual else { throw cell.typeMismatch(String.self) }
        return cell.string
    }
}

extension Bool: PQCodable {
    public static var pqType: PQType { .bool }
    public func encode(into buffer: inout [UInt8]) { buffer.append(self ? UInt8(ascii: "t") : UInt8(ascii: "f")) }
    public static func decode(from cell: PQCell) throws -> Bool {
        guard cell.type == .bool else { throw cell.typeMismatch(Bool.self) }
        switch cell.bytes.first {
        case UInt8(ascii: "t"): return true
        case UInt8(ascii: "f"): return false
        default: throw cell.malformed(Bool.self)
        }
    }
}

/// Integers accept any integer column whose value fits.
protocol PQInteger: FixedWidthInteger, PQCodable {}

extension PQInteger {
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: String(self).utf8) }
    public static func decode(from cell: PQCell) throws -> Self {
        guard cell.type.isInteger else { throw cell.typeMismatch(Self.self) }
        var bytes = cell.bytes[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        guard !bytes.isEmpty else { throw cell.malformed(Self.self) }
        var value: Self = 0
        for byte in bytes {
            guard byte >= 48 && byte <= 57 else { throw cell.malformed(Self.self) }
            let digit = Self(byte - 48)
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (next, o2) = negative ? times.subtractingReportingOverflow(digit) : times.addingReportingOverflow(digit)
            guard !o1 && !o2 else { throw PQError(.decoding, "column \"\(cell.column)\" holds a value out of range for \(Self.self)", column: cell.column) }
            value = next
        }
        return value
    }
}

extension Int: PQInteger { public static var pqType: PQType { .int8 } }
extension Int64: PQInteger { public static var pqType: PQType { .int8 } }
extension Int32: PQInteger { public static var pqType: PQType { .int4 } }
extension Int16: PQInteger { public static var pqType: PQType { .int2 } }

extension Double: PQCodable {
    public static var pqType: PQType { .float8 }
    public func encode(into buffer: inout [UInt8]) {
        let text: String = isNaN ? "NaN" : isInfinite ? (self < 0 ? "-Infinity" : "Infinity") : description
        buffer.append(contentsOf: text.utf8)
    }
    public static func decode(from cell: PQCell) throws -> Double {
        guard cell.type == .float8 || cell.type == .float4 || cell.type.isInteger else { throw cell.typeMismatch(Double.self) }
        guard let value = Double(cell.string) else { throw cell.malformed(Double.self) }
        return value
    }
}

extension Decimal: PQCodable {
    public static var pqType: PQType { .numeric }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: description.utf8) }
    public static func decode(from cell: PQCell) throws -> Decimal {
        guard cell.type == .numeric || cell.type.isInteger else { throw cell.typeMismatch(Decimal.self) }
        guard let value = Decimal(string: cell.string, locale: Locale(identifier: "en_US_POSIX")) else {
            throw cell.malformed(Decimal.self)
        }
        return value
    }
}

extension UUID: PQCodable {
    public static var pqType: PQType { .uuid }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: UUIDText.lowercased(self).utf8) }
    public static func decode(from cell: PQCell) throws -> UUID {
        guard cell.type == .uuid else { throw cell.typeMismatch(UUID.self) }
        guard let value = UUIDText.parse(cell.bytes) else { throw cell.malformed(UUID.self) }
        return value
    }
}

/// `bytea`, sent and read in the hex format.
extension Data: PQCodable {
    public static var pqType: PQType { .bytea }
    public func encode(into buffer: inout [UInt8]) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        buffer.reserveCapacity(buffer.count + 2 + count * 2)
        buffer.append(UInt8(ascii: "\\"))
        buffer.append(UInt8(ascii: "x"))
        for byte in self {
            buffer.append(hex[Int(byte >> 4)])
            buffer.append(hex[Int(byte & 0x0f)])
        }
    }
    public static func decode(from cell: PQCell) throws -> Data {
        guard cell.type == .bytea else { throw cell.typeMismatch(Data.self) }
        let bytes = cell.bytes
        guard bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x"), bytes.count % 2 == 0 else {
            throw cell.malformed(Data.self)
        }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 48...57: c - 48
            case 97...102: c - 87
            case 65...70: c - 55
            default: nil
            }
        }
        var data = Data(capacity: (bytes.count - 2) / 2)
        var index = 2
        while index < bytes.count {
            guard let high = nibble(bytes[index]), let low = nibble(bytes[index + 1]) else { throw cell.malformed(Data.self) }
            data.append(high << 4 | low)
            index += 2
        }
        return data
    }
}

extension CalendarDate: PQCodable {
    public static var pqType: PQType { .date }
    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: description.utf8) }
    public static func decode(from cell: PQCell) throws -> CalendarDate {
        guard cell.type == .date else { throw cell.typeMismatch(CalendarDate.self) }
        // `YYYY-MM-DD` read from the cell's bytes, with no string made on the way.
        let b = cell.bytes
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              let year = Digits.parse(b[0..<4]), let month = Digits.parse(b[5..<7]), let day = Digits.parse(b[8..<10]),
              let value = CalendarDate(year: year, month: month, day: day)
        else { throw cell.malformed(CalendarDate.self) }
        return value
    }
}

/// `timestamptz` to the microsecond. The session runs in UTC with ISO dates, so the server
/// writes `2022-06-20 08:30:00.123456+00`.
extension Date: PQCodable {
    public static var pqType: PQType { .timestamptz }

    public func encode(into buffer: inout [UInt8]) {
        let micros = Int64((timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = micros / 1_000_000
        var fraction = micros % 1_000_000
        if fraction < 0 { fraction += 1_000_000; seconds -= 1 }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 { secondOfDay += 86_400; days -= 1 }
        let date = CalendarDate(daysSinceEpoch: Int(days))
        var text = date.description + " "
        text += Digits.pad(Int(secondOfDay / 3600), 2) + ":" + Digits.pad(Int(secondOfDay / 60 % 60), 2) + ":"
        text += Digits.pad(Int(secondOfDay % 60), 2) + "." + Digits.pad(Int(fraction), 6) + "+00"
        buffer.append(contentsOf: text.utf8)
    }

    public static func decode(from cell: PQCell) throws -> Date {
        guard cell.type == .timestamptz else { throw cell.typeMismatch(Date.self) }
        guard let micros = parseTimestamp(cell.bytes) else { throw cell.malformed(Date.self) }
        return Date(timeIntervalSince1970: Double(micros) / 1_000_000)
    }

    /// Microseconds since the Unix epoch from `YYYY-MM-DD HH:MM:SS[.ffffff]±HH[:MM[:SS]]`.
    static func parseTimestamp(_ b: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard b.count >= 22, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " "),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = Digits.parse(b[0..<4]), let month = Digits.parse(b[5..<7]), let day = Digits.parse(b[8..<10]),
              let date = CalendarDate(year: year, month: month, day: day),
              let hour = Digits.parse(b[11..<13]), let minute = Digits.parse(b[14..<16]), let second = Digits.parse(b[17..<19])
        else { return nil }
        var index = 19
        var micros = 0
        if b[index] == UInt8(ascii: ".") {
            index += 1
            var scale = 100_000
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                micros += Int(b[index] - 48) * scale
                scale /= 10
                index += 1
            }
        }
        guard index < b.count, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") else { return nil }
        let sign = b[index] == UInt8(ascii: "-") ? -1 : 1
        // The offset, `HH[:MM[:SS]]`, read in place: it is on every timestamp of every row.
        var offsetSeconds = 0
        var unit = 3600
        index += 1
        while true {
            guard unit >= 1, index + 2 <= b.count, let number = Digits.parse(b[index..<(index + 2)]) else { return nil }
            offsetSeconds += number * unit
            index += 2
            if index == b.count { break }
            guard b[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            unit /= 60
        }
        let local = Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        return (local - Int64(sign * offsetSeconds)) * 1_000_000 + Int64(micros)
    }
}

/// A `jsonb` value holding any Codable Swift value. The JSON is made when the value is
/// wrapped, so an unencodable value fails there, loudly, and not half-way through a statement.
public struct JSONB<Value: Codable & Sendable>: PQCodable, Sendable {
    public let value: Value
    public let json: [UInt8]

    public init(_ value: Value) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Instants as RFC 3339 text, as every JSON document the service writes has them;
        // Foundation's default would store seconds since 2001, a number no reader expects.
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(date.formatted(JSONBDates.withFraction))
        }
        self.value = value
        self.json = Array(try encoder.encode(value))
    }

    /// A value just read, with the text it was read from (not encoded again).
    private init(value: Value, json: [UInt8]) {
        self.value = value
        self.json = json
    }

    public static var pqType: PQType { .jsonb }

    public func encode(into buffer: inout [UInt8]) { buffer.append(contentsOf: json) }

    public static func decode(from cell: PQCell) throws -> JSONB<Value> {
        guard cell.type == .jsonb || cell.type == .json else { throw cell.typeMismatch(JSONB<Value>.self) }
        let value: Value
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            // Values stored before instants were RFC 3339 hold seconds since 2001.
            if let seconds = try? container.decode(Double.self) { return Date(timeIntervalSinceReferenceDate: seconds) }
            let text = try container.decode(String.self)
            if let date = (try? JSONBDates.withFraction.parse(text)) ?? (try? JSONBDates.whole.parse(text)) { return date }
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an RFC 3339 instant")
        }
        let json = Array(cell.bytes)
        do {
            value = try decoder.decode(Value.self, from: Data(json))
        } catch {
            throw cell.malformed(Value.self)
        }
        return JSONB(value: value, json: json)
    }
}

/// The RFC 3339 forms of an instant inside `jsonb`.
enum JSONBDates {
    static let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    static let whole = Date.ISO8601FormatStyle()
}
