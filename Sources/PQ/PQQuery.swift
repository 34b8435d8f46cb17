/// A statement and its parameters, written by string interpolation.
///
/// `"SELECT name FROM member WHERE id = \(id)"` becomes `... WHERE id = $1` with `id` bound as
/// a parameter: values never enter the SQL text. Text that must be spliced (a table name chosen
/// by the program, never by a user) goes through `\(unsafeSQL:)`.
public struct PQQuery: Sendable, ExpressibleByStringInterpolation, CustomStringConvertible {
    public var sql: String
    public var parameters: [PQParameter]

    public init(unsafeSQL sql: String, parameters: [PQParameter] = []) {
        self.sql = sql
        self.parameters = parameters
    }

    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.sql, parameters: stringInterpolation.parameters)
    }

    /// Appends another query, renumbering its parameters.
    public mutating func append(_ other: PQQuery) {
        var interpolation = StringInterpolation(literalCapacity: other.sql.utf8.count, interpolationCount: 0)
        interpolation.sql = sql
        interpolation.parameters = parameters
        interpolation.appendInterpolation(other)
        sql = interpolation.sql
        parameters = interpolation.parameters
    }

    /// The statement text only: parameters are never printed.
    public var description: String { "PQQuery(\(parameters.count) parameters)" }

    public struct StringInterpolation: StringInterpolationProtocol, Sendable {
        public var sql: String
        public var parameters: [PQParameter]

        public init(literalCapacity: Int, interpolationCount: Int) {
            sql = ""
            sql.reserveCapacity(literalCapacity + interpolationCount * 3)
            parameters = []
            parameters.reserveCapacity(interpolationCount)
        }

        public mutating func appendLiteral(_ literal: String) {
            sql += literal
        }

        public mutating func appendInterpolation<Value: PQEncodable>(_ value: Value) {
            parameters.append(PQParameter(value))
            sql += "$\(parameters.count)"
        }

        /// An optional binds SQL NULL when nil. (Spelled out so that the compiler does not take
        /// it for the debug-description interpolation of an optional and warn.)
        public mutating func appendInterpolation<Value: PQEncodable>(_ value: Value?) {
            parameters.append(PQParameter(value))
            sql += "$\(parameters.count)"
        }

        /// Splices program-chosen SQL (identifiers, fixed fragments). Never user input.
        public mutating func appendInterpolation(unsafeSQL fragment: String) {
            sql += fragment
        }

        /// Embeds another query, renumbering its `$n` placeholders after ours.
        public mutating func appendInterpolation(_ query: PQQuery) {
            let offset = parameters.count
            parameters.append(contentsOf: query.parameters)
            guard offset > 0, !query.parameters.isEmpty else {
                sql += query.sql
                return
            }
            sql += PQQuery.renumber(query.sql, offset: offset)
        }
    }

    /// Shifts `$n` placeholders outside quotes by `offset`.
    static func renumber(_ sql: String, offset: Int) -> String {
        var output = ""
        var index = sql.startIndex
        var quote: Character? = nil
        while index < sql.endIndex {
            let character = sql[index]
            if let open = quote {
                output.append(character)
                if character == open { quote = nil }
                index = sql.index(after: index)
            } else if character == "'" || character == "\"" {
                quote = character
                output.append(character)
                index = sql.index(after: index)
            } else if character == "$" {
                var end = sql.index(after: index)
                while end < sql.endIndex, sql[end].isASCII, sql[end].isNumber { end = sql.index(after: end) }
                if end > sql.index(after: index), let number = Int(sql[sql.index(after: index)..<end]) {
                    output += "$\(number + offset)"
                } else {
                    output += sql[index..<end]
                }
                index = end
            } else {
                output.append(character)
                index = sql.index(after: index)
            }
        }
        return output
    }
}

/// One bound parameter: its type and its text (nil for SQL NULL), NUL-terminated for libpq.
public struct PQParameter: Sendable {
    public let type: PQType
    let text: [UInt8]?

    public var isNull: Bool { text == nil }

    /// Whether the value holds a NUL before its terminator, where libpq would cut it.
    var holdsNUL: Bool { text.map { $0.dropLast().contains(0) } ?? false }

    public init<Value: PQEncodable>(_ value: Value) {
        type = Value.pqType
        if value.isNull {
            text = nil
        } else {
            var buffer: [UInt8] = []
            value.encode(into: &buffer)
            buffer.append(0)
            text = buffer
        }
    }
}
