import Foundation
import PQ

/// A rule a request broke, naming the field as the client sent it (`items[2].criterion`).
public struct FieldError: Error, Codable, Sendable, Equatable {
    public var field: String
    public var message: String

    public init(_ field: String, _ message: String) {
        self.field = field
        self.message = message
    }
}

/// Every field error of one request: reported together, so a client fixes them in one go.
public struct ValidationFailure: Error, Sendable {
    public var errors: [FieldError]
    public init(_ errors: [FieldError]) { self.errors = errors }
}

/// Collects field errors while a request is checked.
public struct Validator: Sendable {
    public private(set) var errors: [FieldError] = []

    public init() {}

    public mutating func fail(_ field: String, _ message: String) {
        errors.append(FieldError(field, message))
    }

    public mutating func check(_ condition: Bool, _ field: String, _ message: @autoclosure () -> String) {
        if !condition { fail(field, message()) }
    }

    /// Trimmed NFC text; nil (with an error) when required and empty, too long, or holding a
    /// control character. Length counts Unicode scalars after NFC, not grapheme clusters: "e"
    /// followed by a hundred thousand combining marks is one character on screen but a hundred
    /// thousand scalars in an index row. Tab, line feed and carriage return are allowed only in
    /// `multiline` fields; NUL never (libpq would cut the text there).
    public mutating func text(_ value: String?, _ field: String, required: Bool = true, maxLength: Int = 500,
                              multiline: Bool = false) -> String? {
        if let message = TextNormalizer.controlCharacterError(value, multiline: multiline) {
            fail(field, message)
            return nil
        }
        guard let cleaned = TextNormalizer.clean(value) else {
            if required { fail(field, "is required") }
            return nil
        }
        guard cleaned.unicodeScalars.count <= maxLength else {
            fail(field, "must be at most \(maxLength) characters")
            return nil
        }
        return cleaned
    }

    /// A whole number within `range`; JSON gives any size, the columns hold 32 bits or fewer.
    public mutating func integer(_ value: Int?, _ field: String, _ range: ClosedRange<Int>, required: Bool = false) -> Int? {
        guard let value else {
            if required { fail(field, "is required") }
            return nil
        }
        guard range.contains(value) else {
            fail(field, "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
            return nil
        }
        return value
    }

    /// A `YYYY-MM-DD` that is a real date. An empty string is not one: in JSON an absent or
    /// null field says "none", so `""` is a mistake to name; in a CSV file, where an empty cell
    /// is the only way to say "none", `emptyMeansAbsent` reads it so.
    public mutating func date(_ value: String?, _ field: String, required: Bool = true, emptyMeansAbsent: Bool = false) -> CalendarDate? {
        guard let value, !(value.isEmpty && (required || emptyMeansAbsent)) else {
            if required { fail(field, "is required") }
            return nil
        }
        guard let date = CalendarDate(value) else {
            fail(field, "must be a real date written YYYY-MM-DD")
            return nil
        }
        return date
    }

    /// One of the codes of `Code`; like a date, an empty string is no code (absent or null is).
    public mutating func code<Code: DomainCode>(_ value: String?, _ type: Code.Type, _ field: String, required: Bool = true) -> Code? {
        guard let value, !(value.isEmpty && required) else {
            if required { fail(field, "is required") }
            return nil
        }
        guard let code = Code(rawValue: value) else {
            fail(field, "must be \(Code.choices)")
            return nil
        }
        return code
    }

    /// Throws the collected errors, if any.
    public func finish() throws {
        if !errors.isEmpty { throw ValidationFailure(errors) }
    }
}

/// Vietnamese text is data: stored exactly as meant, in one Unicode form.
public enum TextNormalizer {
    /// Trimmed and in NFC; nil for nil or blank.
    public static func clean(_ value: String?) -> String? {
        guard let value else { return nil }
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed.precomposedStringWithCanonicalMapping
    }

    /// What is wrong with a control character in `value`, or nil when it has none. C0 controls
    /// and DEL are refused; tab, line feed and carriage return only where a field is multi-line.
    public static func controlCharacterError(_ value: String?, multiline: Bool) -> String? {
        guard let value else { return nil }
        for scalar in value.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F {
            if multiline && (scalar == "\t" || scalar == "\n" || scalar == "\r") { continue }
            if scalar.value == 0 { return "must not contain a NUL character (U+0000)" }
            return multiline
                ? "must not contain control characters other than tab and line breaks"
                : "must be one line without control characters (found U+\(String(format: "%04X", scalar.value)))"
        }
        return nil
    }

}
