import Foundation
import ZIPFoundation

/// An Open Packaging Conventions file (.docx, .xlsx): parts by path, each with its content
/// type, zipped with `[Content_Types].xml` first as the convention asks.
public struct OOXMLPackage: Sendable {
    struct Part: Sendable {
        var path: String
        var contentType: String?
        var bytes: Data
    }

    private var parts: [Part] = []

    public init() {}

    /// An XML part; `contentType` nil for a `.rels` part (its type is the package default).
    public mutating func add(_ path: String, contentType: String?, xml: String) {
        parts.append(Part(path: path, contentType: contentType, bytes: Data(xml.utf8)))
    }

    /// A binary part (an embedded workbook).
    public mutating func add(_ path: String, contentType: String, bytes: Data) {
        parts.append(Part(path: path, contentType: contentType, bytes: bytes))
    }

    public mutating func add(_ path: String, relationships: Relationships) {
        add(path, contentType: nil, xml: relationships.xml)
    }

    var contentTypes: String {
        var out = XML.declaration + "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
        for part in parts {
            if let type = part.contentType { out += "<Override PartName=\"/\(XML.escape(part.path))\" ContentType=\"\(type)\"/>" }
        }
        return out + "</Types>"
    }

    /// The zipped package. `modified` is every entry's date, so that the same report zips to
    /// the same bytes.
    public func zipped(modified: Date) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for part in [Part(path: "[Content_Types].xml", contentType: nil, bytes: Data(contentTypes.utf8))] + parts {
            let bytes = part.bytes
            try archive.addEntry(with: part.path, type: .file, uncompressedSize: Int64(bytes.count), modificationDate: modified,
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw ZippingFailed() }
        return data
    }

    struct ZippingFailed: Error {}

    /// `docProps/core.xml`: title, creator and dates, which Word and Excel show as the file's properties.
    public mutating func addCoreProperties(title: String, creator: String, created: Date) {
        let stamp = ISO8601DateFormatter().string(from: created)
        add("docProps/core.xml", contentType: "application/vnd.openxmlformats-package.core-properties+xml", xml: XML.declaration
            + "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" "
            + "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">"
            + "<dc:title>\(XML.escape(title))</dc:title><dc:creator>\(XML.escape(creator))</dc:creator>"
            + "<dcterms:created xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:created>"
            + "<dcterms:modified xsi:type=\"dcterms:W3CDTF\">\(stamp)</dcterms:modified></cp:coreProperties>")
    }

    /// `docProps/app.xml`: the application the file says wrote it.
    public mutating func addAppProperties() {
        add("docProps/app.xml", contentType: "application/vnd.openxmlformats-officedocument.extended-properties+xml", xml: XML.declaration
            + "<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>ThiDua</Application></Properties>")
    }

    /// The root relationships: the main part and the two property parts.
    public mutating func addRootRelationships(main: String) {
        var rels = Relationships()
        rels.add(Relationships.officeDocument, target: main)
        rels.add("http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties", target: "docProps/core.xml")
        rels.add("extended-properties", target: "docProps/app.xml")
        add("_rels/.rels", relationships: rels)
    }
}
