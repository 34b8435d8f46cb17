import Foundation

/// A type whose one-dimensional arrays map on a PostgreSQL array type.
public protocol PQArrayElement: PQCodable {
    static var pqArrayType: PQType { get }
}

extension String: PQArrayElement { public static var pqArrayType: PQType { .textArray } }
extension Int: PQArrayElement { public static var pqArrayType: PQType { .int8Array } }
extension Int64: PQArrayElement { public static var pqArrayType: PQType { .int8Array } }
extension Int32: PQArrayElement { public static var pqArrayType: PQType { .int4Array } }
extension Int16: PQArrayElement { public static var pqArrayType: PQType { .int2Array } }
extension Bool: PQArrayElement { public static var pqArrayType: PQType { .boolArray } }
extension Double: PQArrayElement { public static var pqArrayType: PQType { .float8Array } }
extension UUID: PQArrayElement { public static var pqArrayType: PQType { .uuidArray } }
extension CalendarDate: PQArrayElement { public static var pqArrayType: PQType { .dateArray } }

extension Optional: PQArrayElement where Wrapped: PQArrayElement {
    public static var pqArrayType: PQType { Wrapped.pqArrayType }
}

/// Arrays in the text format `{"a","b c",NULL}`: every element quoted, so no element text is
/// ever mistaken for syntax.
extension Array: PQEncodable where Element: PQArrayElement {
    public static var pqType: PQType { Element.pqArrayType }

    public func encode(into buffer: inout [UInt8]) {
        buffer.append(UInt8(ascii: "{"))
        for (index, element) in enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: ",")) }
            if element.isNull {
                buffer.append(contentsOf: "NULL".utf8)
                continue
            }
            var text: [UInt8] = []
            element.encode(into: &text)
            buffer.append(UInt8(ascii: "\""))
            for byte in text {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { buffer.append(UInt8(ascii: "\\")) }
                buffer.append(byte)
            }
            buffer.append(UInt8(ascii: "\""))
        }
        buffer.append(UInt8(ascii: "}"))
    }
}

extension Array: PQDecodable where Element: PQArrayElement {
    public static func decode(from cell: PQCell) throws -> [Element] {
        guard cell.type == Element.pqArrayType || (Element.pqArrayType == .textArray && cell.type == .varcharArray) else {
            throw cell.typeMismatch([Element].self)
        }
        guard let items = ArrayText.split(cell.bytes) else { throw cell.malformed([Element].self) }
        let elementType = Element.pqArrayType == .textArray ? PQType.text : Element.pqType
        return try items.map { item in
            guard let bytes = item else { return try Element.decodeNull(column: cell.column) }
            return try bytes.withUnsafeBufferPointer { buffer in
                try Element.decode(from: PQCell(bytes: buffer, type: elementType, column: cell.column))
            }
        }
    }
}

/// The parser of one-dimensional array text.
enum ArrayText {
    /// The elements' unescaped bytes, nil for NULL; nil for text that is not a 1-D array.
    static func split(_ bytes: UnsafeBufferPointer<UInt8>) -> [[UInt8]?]? {
        guard bytes.count >= 2, bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        var items: [[UInt8]?] = []
        var index = 1
        let end = bytes.count - 1
        if index == end { return [] }
        while index <= end {
            var current: [UInt8] = []
            var quoted = false
            if bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    guard index < end else { return nil }
                    current.append(bytes[index])
                    index += 1
                }
                guard index < end else { return nil }
                index += 1 // closing quote
            } else {
                while index < end, bytes[index] != UInt8(ascii: ",") {
                    if bytes[index] == UInt8(ascii: "{") { return nil } // multi-dimensional
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    guard index < end else { return nil }
                    current.append(bytes[index])
                    index += 1
                }
            }
            let isNull = !quoted && current == Array("NULL".utf8)
            items.append(isNull ? nil : current)
            if index == end { break }
            guard bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
        return items
    }
}
