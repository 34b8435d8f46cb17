import Foundation

/// `limit` and `cursor` of a list request. Cursors are opaque to clients: base64url JSON of
/// the last row's sort key, so a page continues exactly after it whatever was inserted since.
public struct PageRequest: Sendable {
    public static let defaultLimit = 50
    public static let maxLimit = 500

    public var limit: Int
    public var cursor: String?

    public init(limit: Int = PageRequest.defaultLimit, cursor: String? = nil) {
        self.limit = limit
        self.cursor = cursor
    }

    func cursor<Key: Decodable>(as type: Key.Type) throws -> Key? {
        guard let cursor, !cursor.isEmpty else { return nil }
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let key = try? JSONDecoder().decode(Key.self, from: data) else {
            throw ValidationFailure([FieldError("cursor", "is not a cursor this list gave out")])
        }
        return key
    }

    static func encode<Key: Encodable>(_ key: Key) -> String {
        let data = (try? JSONEncoder().encode(key)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}

/// One page of a list: `{"items": [...], "nextCursor": "..." | null}`.
public struct Page<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: String?

    /// A list that always fits one page.
    public init(all items: [Item]) {
        self.items = items
        nextCursor = nil
    }

    /// From `limit + 1` fetched rows: the extra row only tells that another page exists.
    init<Key: Encodable>(_ rows: [Item], limit: Int, key: (Item) -> Key) {
        if rows.count > limit {
            items = Array(rows.prefix(limit))
            nextCursor = items.last.map { PageRequest.encode(key($0)) }
        } else {
            items = rows
            nextCursor = nil
        }
    }
}

extension Page: Encodable where Item: Encodable {
    enum CodingKeys: String, CodingKey { case items, nextCursor }

    /// `nextCursor` is written as `null` on the last page, as clients are told to expect.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(items, forKey: .items)
        try container.encode(nextCursor, forKey: .nextCursor)
    }
}

/// Search text for a LIKE pattern: `%`, `_` and `\` the user typed match themselves.
enum SearchText {
    static func likePattern(_ text: String) -> String {
        var escaped = ""
        for character in text {
            if character == "%" || character == "_" || character == "\\" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped
    }
}
