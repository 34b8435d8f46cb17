/// The relationships of one part (`_rels/….rels`): each target gets the next `rIdN`.
public struct Relationships: Sendable {
    public static let officeDocument = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
    static let base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"

    private var entries: [(id: String, type: String, target: String)] = []

    public init() {}

    /// Adds a relationship of `type` (a full URI, or a name under the officeDocument
    /// relationships namespace such as "styles") and returns its id.
    @discardableResult
    public mutating func add(_ type: String, target: String) -> String {
        let id = "rId\(entries.count + 1)"
        entries.append((id, type.contains("://") ? type : Self.base + type, target))
        return id
    }

    public var xml: String {
        var out = XML.declaration + "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
        for entry in entries {
            out += "<Relationship Id=\"\(entry.id)\" Type=\"\(entry.type)\" Target=\"\(XML.escape(entry.target))\"/>"
        }
        return out + "</Relationships>"
    }
}
