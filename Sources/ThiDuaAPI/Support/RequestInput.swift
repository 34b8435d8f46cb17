import Foundation
import Hummingbird
import ThiDuaHTTP
import NIOCore
import PQ
import ThiDua

extension Request {
    /// Decodes a JSON body. A body of another media type is `415`; one that is not JSON at all
    /// is `400`; well-formed JSON with a field of the wrong type or a number the field cannot
    /// hold is `422` naming the field (`items[2].criterion`), never a 500. The size limit was
    /// applied before the route ran (`BodyLimitMiddleware`).
    func decodeJSON<Body: Decodable>(_ type: Body.Type) async throws -> Body {
        guard Self.isJSON(headers[.contentType]) else {
            throw APIError(.unsupportedMediaType, code: .unsupportedMediaType,
                           detail: "Send the body as application/json (UTF-8).")
        }
        var request = self
        let buffer = try await request.collectBody(upTo: .max)
        guard buffer.readableBytes > 0 else { throw APIError.validation(field: "", "A JSON body is required.") }
        return try Self.decodeJSONBody(Body.self, from: Data(buffer: buffer))
    }

    /// The body's bytes as `Body`, or the `400`/`422` that says what is wrong with them.
    static func decodeJSONBody<Body: Decodable>(_ type: Body.Type, from data: Data) throws -> Body {
        do {
            return try JSONDecoder().decode(Body.self, from: data)
        } catch let error as DecodingError {
            guard case .dataCorrupted(let context) = error, context.codingPath.isEmpty else {
                throw APIError.validation([Self.fieldError(error)])
            }
            // Foundation reports a number that does not fit its field (1e308, 1.5 or twenty
            // digits for a whole number) as invalid JSON at the root; tell the two apart.
            guard let tree = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                throw APIError(.badRequest, code: .malformedBody, detail: "The body is not valid JSON.")
            }
            let field = JSONNumberLocator.field(in: tree) { try JSONDecoder().decode(Body.self, from: $0) }
            throw APIError.validation(field: field ?? "", "must be a number this field accepts (a whole number where one is expected)")
        }
    }

    /// `application/json`, or a `+json` type, with any parameters.
    static func isJSON(_ contentType: String?) -> Bool {
        guard let contentType else { return false }
        let type = contentType.split(separator: ";", maxSplits: 1)[0].trimmingCharacters(in: .whitespaces).lowercased()
        return type == "application/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    static func fieldError(_ error: DecodingError) -> APIError.FieldError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue { text += "[\(index)]" } else { text += (text.isEmpty ? "" : ".") + key.stringValue }
            }
            return text
        }
        switch error {
        case .typeMismatch(let type, let context):
            return .init(field: path(context.codingPath), message: "must be \(Self.jsonName(type))")
        case .valueNotFound(let type, let context):
            return .init(field: path(context.codingPath), message: "must be \(Self.jsonName(type)), not null")
        case .keyNotFound(let key, let context):
            return .init(field: path(context.codingPath + [key]), message: "is required")
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty
                ? .init(field: "", message: "the body is not valid JSON")
                : .init(field: path(context.codingPath), message: context.debugDescription)
        @unknown default:
            return .init(field: "", message: "the body does not have the expected shape")
        }
    }

    private static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "true or false"
        case is Int.Type, is Int32.Type, is Int64.Type: "a whole number"
        case is Double.Type, is Decimal.Type: "a number"
        default: type is any Collection.Type ? "an array" : "an object"
        }
    }

    /// The version a client holds, from `If-Match: "3"` (nil without the header; `*` matches any).
    func expectedVersion() throws -> Int? {
        guard let value = headers[.ifMatch]?.trimmingCharacters(in: .whitespaces), value != "*" else { return nil }
        let digits = value.replacingOccurrences(of: "W/", with: "").trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        guard let version = Int(digits) else {
            throw APIError(.preconditionFailed, code: .preconditionFailed, detail: "If-Match must be an ETag this server gave out.")
        }
        return version
    }
}

/// Typed access to query parameters, with field errors naming the parameter.
struct QueryInput {
    let request: Request

    /// A text parameter; nil when absent or empty. A control character in it (`?q=a%00b`) is
    /// a `422` naming the parameter: no query value reaches a store with a NUL in it.
    func string(_ name: String) throws -> String? {
        guard let value = try sent(name), !value.isEmpty else { return nil }
        return value
    }

    /// A date parameter (`YYYY-MM-DD`); nil when absent, a field error when empty or not a date.
    func date(_ name: String) throws -> CalendarDate? {
        guard let text = try sent(name) else { return nil }
        guard let date = CalendarDate(text) else { throw APIError.validation(field: name, "must be a real date written YYYY-MM-DD") }
        return date
    }

    /// The value as sent, empty included: for typed parameters, where `?organizationId=` is a
    /// mistake to name, not a filter to drop.
    func sent(_ name: String) throws -> String? {
        guard let value = request.uri.queryParameters[name[...]].map(String.init) else { return nil }
        if let problem = TextNormalizer.controlCharacterError(value, multiline: false) {
            throw APIError.validation(field: name, problem)
        }
        return value
    }

    func uuid(_ name: String) throws -> UUID? {
        guard let text = try sent(name) else { return nil }
        guard let id = UUID(uuidString: text) else { throw APIError.validation(field: name, "must be an id") }
        return id
    }

    func code<Code: DomainCode>(_ name: String, _ type: Code.Type) throws -> Code? {
        guard let text = try sent(name) else { return nil }
        guard let code = Code(rawValue: text) else { throw APIError.validation(field: name, "must be \(Code.choices)") }
        return code
    }

    /// A year from 2000 to 2100; nil when absent unless `required`.
    func year(_ name: String, required: Bool = false) throws -> Int? {
        guard let text = try sent(name) else {
            if required { throw APIError.validation(field: name, "is required") }
            return nil
        }
        guard text.utf8.count == 4, let year = Int(text), (2000...2100).contains(year) else {
            throw APIError.validation(field: name, text.isEmpty && required ? "is required" : "must be a year from 2000 to 2100")
        }
        return year
    }

    func bool(_ name: String, default value: Bool) throws -> Bool {
        guard let text = try sent(name) else { return value }
        switch text.lowercased() {
        case "true", "1": return true
        case "false", "0": return false
        default: throw APIError.validation(field: name, "must be true or false")
        }
    }

    func page() throws -> PageRequest {
        var page = PageRequest(cursor: try string("cursor"))
        if let text = try sent("limit") {
            guard let limit = Int(text), (1...PageRequest.maxLimit).contains(limit) else {
                throw APIError.validation(field: "limit", "must be a whole number from 1 to \(PageRequest.maxLimit)")
            }
            page.limit = limit
        }
        return page
    }
}

/// A field of a PATCH body: absent (leave it), null (clear it) or a value.
enum PatchValue<Value: Decodable & Sendable>: Sendable {
    case absent
    case null
    case value(Value)

    var isPresent: Bool {
        if case .absent = self { return false }
        return true
    }

    var valueOrNil: Value? {
        if case .value(let value) = self { return value }
        return nil
    }
}

extension KeyedDecodingContainer {
    func patch<Value: Decodable & Sendable>(_ key: Key) throws -> PatchValue<Value> {
        guard contains(key) else { return .absent }
        if try decodeNil(forKey: key) { return .null }
        return .value(try decode(Value.self, forKey: key))
    }
}
