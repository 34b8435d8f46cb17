import CivilDate
import Foundation

/// A JSON encoder that writes bytes as `encode(to:)` calls it, with no tree of values in
/// between.
///
/// Foundation's `JSONEncoder` builds a tree of every value, then writes it; for a page of
/// fifty members that was 45% of the server's CPU on the list route (issue 15). The output is
/// the same JSON as `JSONEncoder` with `.sortedKeys`, `.iso8601` dates and
/// `.withoutEscapingSlashes` (dates as `2026-12-03T07:00:00Z`, `2.0` as `2`, data as base64),
/// which `StreamingJSONEncoderTests` holds it to, byte for byte. Containers are closed when a value's `encode(to:)` returns, or when its
/// parent writes again: the order in which synthesized and hand-written `Encodable` code
/// uses them.
struct StreamingJSONEncoder {
    func encode(_ value: some Encodable) throws -> [UInt8] {
        let writer = JSONByteWriter()
        try writer.value(value, codingPath: [])
        return writer.bytes
    }
}

final class JSONByteWriter {
    // One writer belongs to one encoding on one task, and none of its methods hands out an
    // inout reference to these: the runtime's exclusivity checks on every append were a tenth
    // of the list route's CPU (`perf`), for accesses that cannot overlap.
    @exclusivity(unchecked) var bytes: [UInt8] = []

    /// An open container; an object's members are remembered (where each begins, and its
    /// key) so that it can put them in key order when it closes.
    private struct Frame {
        var isObject: Bool
        var members: [(start: Int, key: String)] = []
        var count = 0
    }

    /// Open containers, innermost last.
    @exclusivity(unchecked) private var frames: [Frame] = []

    init() {
        bytes.reserveCapacity(1024)
    }

    // MARK: Structure

    /// Closes every container opened deeper than `depth` (those its writer is done with).
    func close(downTo depth: Int) {
        while frames.count > depth {
            let frame = frames.removeLast()
            if frame.isObject {
                sortMembers(frame.members)
                bytes.append(UInt8(ascii: "}"))
            } else {
                bytes.append(UInt8(ascii: "]"))
            }
        }
    }

    /// Keys in byte order, as `JSONEncoder`'s `.sortedKeys` had them: a dictionary's own order
    /// changes from one instance to the next, and the same record must read the same bytes.
    /// Members are moved as they were written (each a key, a colon and its value).
    private func sortMembers(_ members: [(start: Int, key: String)]) {
        guard members.count > 1,
              zip(members, members.dropFirst()).contains(where: { !Self.precedes($0.key, $1.key) })
        else { return }
        let end = bytes.count
        // Member i runs from its start to the comma before member i + 1.
        let spans = members.indices.map { index in
            members[index].start..<(index + 1 < members.count ? members[index + 1].start - 1 : end)
        }
        let order = members.indices.sorted { Self.precedes(members[$0].key, members[$1].key) }
        var sorted: [UInt8] = []
        sorted.reserveCapacity(end - members[0].start)
        for (position, index) in order.enumerated() {
            if position > 0 { sorted.append(UInt8(ascii: ",")) }
            sorted.append(contentsOf: bytes[spans[index]])
        }
        bytes.replaceSubrange(members[0].start..<end, with: sorted)
    }

    /// Byte order of two keys, as `JSONEncoder`'s `.sortedKeys` compares them, over their
    /// UTF-8 storage at once (the generic comparison of two `UTF8View`s walked them by index).
    static func precedes(_ a: String, _ b: String) -> Bool {
        var a = a, b = b
        return a.withUTF8 { left in
            b.withUTF8 { right in
                let common = min(left.count, right.count)
                if common > 0, let l = left.baseAddress, let r = right.baseAddress {
                    let order = memcmp(l, r, common)
                    if order != 0 { return order < 0 }
                }
                return left.count < right.count
            }
        }
    }

    func open(object: Bool) -> Int {
        bytes.append(object ? UInt8(ascii: "{") : UInt8(ascii: "["))
        frames.append(Frame(isObject: object))
        return frames.count - 1
    }

    /// Readies the container at `frame` for its next element: what was opened inside it is
    /// closed, and a comma separates this element from the last.
    func element(in frame: Int) {
        close(downTo: frame + 1)
        if frames[frame].count > 0 { bytes.append(UInt8(ascii: ",")) }
        frames[frame].count += 1
    }

    func key(_ key: String, in frame: Int) {
        element(in: frame)
        frames[frame].members.append((bytes.count, key))
        string(key)
        bytes.append(UInt8(ascii: ":"))
    }

    var depth: Int { frames.count }

    // MARK: Values

    /// Any value: the few types `JSONEncoder` writes its own way, else the value's own
    /// encoding, closed when it returns (and `{}` when it wrote nothing).
    func value<Value: Encodable>(_ value: Value, codingPath: [any CodingKey]) throws {
        // Metatypes compared first: a dynamic cast of every value to four types cost more
        // than writing most of them.
        if Value.self == String.self { return string(value as! String) }
        // What `encode(to:)` would have written, without the intermediate strings (a UUID's
        // text went through snprintf): two ids and up to six dates on every member.
        if Value.self == UUID.self { return uuid(value as! UUID) }
        if Value.self == CalendarDate.self { return date(value as! CalendarDate) }
        if Value.self == Date.self { return string(Self.iso8601(value as! Date)) }
        if Value.self == URL.self { return string((value as! URL).absoluteString) }
        if Value.self == Data.self { return string((value as! Data).base64EncodedString()) }
        if Value.self == Decimal.self { return raw((value as! Decimal).description) }
        let depth = frames.count
        let encoder = StreamingEncoder(writer: self, codingPath: codingPath, depth: depth)
        try value.encode(to: encoder)
        if encoder.state == .empty {
            bytes.append(contentsOf: [UInt8(ascii: "{"), UInt8(ascii: "}")])
        }
        close(downTo: depth)
    }

    func raw(_ text: String) {
        bytes.append(contentsOf: text.utf8)
    }

    func null() { raw("null") }

    func bool(_ value: Bool) { raw(value ? "true" : "false") }

    func integer(_ value: some BinaryInteger) { raw(String(value)) }

    /// The coding path is built only for the error: every share in a report is a `Double`.
    func floating<F: BinaryFloatingPoint & LosslessStringConvertible>(_ value: F, codingPath: @autoclosure () -> [any CodingKey]) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath(), debugDescription: "\(value) is not a JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        raw(text)
    }

    func string(_ text: String) {
        // Most text needs no escape: one append of it whole (an append per byte paid an
        // exclusivity check on `bytes` each time).
        var text = text
        let plain = text.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            for byte in utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.removeLast()
                return false
            }
            bytes.append(contentsOf: utf8)
            bytes.append(UInt8(ascii: "\""))
            return true
        }
        if plain { return }
        var escaped: [UInt8] = [UInt8(ascii: "\"")]
        escaped.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): escaped.append(contentsOf: [92, UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): escaped.append(contentsOf: [92, 92])
            case 0x0A: escaped.append(contentsOf: [92, UInt8(ascii: "n")])
            case 0x0D: escaped.append(contentsOf: [92, UInt8(ascii: "r")])
            case 0x09: escaped.append(contentsOf: [92, UInt8(ascii: "t")])
            case 0x08: escaped.append(contentsOf: [92, UInt8(ascii: "b")])
            case 0x0C: escaped.append(contentsOf: [92, UInt8(ascii: "f")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                escaped.append(contentsOf: [92, UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
            default: escaped.append(byte)
            }
        }
        escaped.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: escaped)
    }

    /// A UUID as `UUID.uuidString` spells it: uppercase, in quotes.
    func uuid(_ id: UUID) {
        let hex: StaticString = "0123456789ABCDEF"
        bytes.append(UInt8(ascii: "\""))
        withUnsafeBytes(of: id.uuid) { raw in
            hex.withUTF8Buffer { digits in
                for (index, byte) in raw.enumerated() {
                    if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                    bytes.append(digits[Int(byte >> 4)])
                    bytes.append(digits[Int(byte & 0x0F)])
                }
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A calendar date as its `description` spells it, `YYYY-MM-DD`, in quotes.
    func date(_ date: CalendarDate) {
        guard (0...9999).contains(date.year) else { return string(date.description) }
        func digits(_ value: Int, _ width: Int) {
            var divisor = width == 4 ? 1000 : 10
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        bytes.append(UInt8(ascii: "\""))
        digits(date.year, 4)
        bytes.append(UInt8(ascii: "-"))
        digits(date.month, 2)
        bytes.append(UInt8(ascii: "-"))
        digits(date.day, 2)
        bytes.append(UInt8(ascii: "\""))
    }

    /// `JSONEncoder`'s `.iso8601`: UTC, whole seconds, `Z`.
    static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let year = Int(parts.tm_year) + 1900
        let yearText = year < 1000 ? String(repeating: "0", count: 4 - String(year).count) + String(year) : String(year)
        return "\(yearText)-\(two(parts.tm_mon + 1))-\(two(parts.tm_mday))T\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec))Z"
    }
}

/// The `Encoder` one value is written through.
final class StreamingEncoder: Encoder {
    enum State: Equatable { case empty, single, container(frame: Int) }

    let writer: JSONByteWriter
    let codingPath: [any CodingKey]
    let depth: Int
    var state = State.empty
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    init(writer: JSONByteWriter, codingPath: [any CodingKey], depth: Int) {
        self.writer = writer
        self.codingPath = codingPath
        self.depth = depth
    }

    private func frame(object: Bool) -> Int {
        if case .container(let frame) = state { return frame }  // asked twice: the same container
        let frame = writer.open(object: object)
        state = .container(frame: frame)
        return frame
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        KeyedEncodingContainer(StreamingKeyedContainer<Key>(writer: writer, frame: frame(object: true), codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        StreamingUnkeyedContainer(writer: writer, frame: frame(object: false), codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        StreamingSingleValue(encoder: self)
    }
}

struct StreamingSingleValue: SingleValueEncodingContainer {
    let encoder: StreamingEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private var writer: JSONByteWriter { encoder.writer }

    private func begin() { encoder.state = .single }

    mutating func encodeNil() throws { begin(); writer.null() }
    mutating func encode(_ value: Bool) throws { begin(); writer.bool(value) }
    mutating func encode(_ value: String) throws { begin(); writer.string(value) }
    mutating func encode(_ value: Double) throws { begin(); try writer.floating(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { begin(); try writer.floating(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: Int8) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: Int16) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: Int32) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: Int64) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: UInt) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: UInt8) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: UInt16) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: UInt32) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: UInt64) throws { begin(); writer.integer(value) }
    mutating func encode(_ value: some Encodable) throws { begin(); try writer.value(value, codingPath: codingPath) }
}

struct StreamingKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let writer: JSONByteWriter
    let frame: Int
    let codingPath: [any CodingKey]

    private func key(_ key: Key) { writer.key(key.stringValue, in: frame) }

    mutating func encodeNil(forKey key: Key) throws { self.key(key); writer.null() }
    mutating func encode(_ value: Bool, forKey key: Key) throws { self.key(key); writer.bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { self.key(key); writer.string(value) }
    mutating func encode(_ value: Double, forKey key: Key) throws { self.key(key); try writer.floating(value, codingPath: codingPath + [key]) }
    mutating func encode(_ value: Float, forKey key: Key) throws { self.key(key); try writer.floating(value, codingPath: codingPath + [key]) }
    mutating func encode(_ value: Int, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { self.key(key); writer.integer(value) }
    mutating func encode(_ value: some Encodable, forKey key: Key) throws {
        self.key(key)
        try writer.value(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        self.key(key)
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(writer: writer, frame: writer.open(object: true), codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        self.key(key)
        return StreamingUnkeyedContainer(writer: writer, frame: writer.open(object: false), codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { superEncoder(key: "super") }

    mutating func superEncoder(forKey key: Key) -> any Encoder { superEncoder(key: key.stringValue) }

    private func superEncoder(key: String) -> any Encoder {
        writer.key(key, in: frame)
        return StreamingEncoder(writer: writer, codingPath: codingPath, depth: writer.depth)
    }
}

struct StreamingUnkeyedContainer: UnkeyedEncodingContainer {
    let writer: JSONByteWriter
    let frame: Int
    let codingPath: [any CodingKey]
    private(set) var count = 0

    init(writer: JSONByteWriter, frame: Int, codingPath: [any CodingKey]) {
        self.writer = writer
        self.frame = frame
        self.codingPath = codingPath
    }

    private mutating func next() {
        writer.element(in: frame)
        count += 1
    }

    mutating func encodeNil() throws { next(); writer.null() }
    mutating func encode(_ value: Bool) throws { next(); writer.bool(value) }
    mutating func encode(_ value: String) throws { next(); writer.string(value) }
    mutating func encode(_ value: Double) throws { next(); try writer.floating(value, codingPath: codingPath) }
    mutating func encode(_ value: Float) throws { next(); try writer.floating(value, codingPath: codingPath) }
    mutating func encode(_ value: Int) throws { next(); writer.integer(value) }
    mutating func encode(_ value: Int8) throws { next(); writer.integer(value) }
    mutating func encode(_ value: Int16) throws { next(); writer.integer(value) }
    mutating func encode(_ value: Int32) throws { next(); writer.integer(value) }
    mutating func encode(_ value: Int64) throws { next(); writer.integer(value) }
    mutating func encode(_ value: UInt) throws { next(); writer.integer(value) }
    mutating func encode(_ value: UInt8) throws { next(); writer.integer(value) }
    mutating func encode(_ value: UInt16) throws { next(); writer.integer(value) }
    mutating func encode(_ value: UInt32) throws { next(); writer.integer(value) }
    mutating func encode(_ value: UInt64) throws { next(); writer.integer(value) }
    mutating func encode(_ value: some Encodable) throws {
        next()
        try writer.value(value, codingPath: codingPath)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        next()
        return KeyedEncodingContainer(StreamingKeyedContainer<NestedKey>(writer: writer, frame: writer.open(object: true), codingPath: codingPath))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        next()
        return StreamingUnkeyedContainer(writer: writer, frame: writer.open(object: false), codingPath: codingPath)
    }

    mutating func superEncoder() -> any Encoder {
        next()
        return StreamingEncoder(writer: writer, codingPath: codingPath, depth: writer.depth)
    }
}
