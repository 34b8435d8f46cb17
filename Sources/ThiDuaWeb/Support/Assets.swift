import Crypto
import Foundation
import Hummingbird

/// The stylesheet and the script, embedded in the binary and served under names that carry a
/// hash of their content: a browser may keep them for a year, and a new build is a new name.
struct Assets: Sendable {
    struct Asset: Sendable {
        let path: String
        let contentType: String
        let bytes: [UInt8]
    }

    let stylesheet: Asset
    let script: Asset

    init() {
        stylesheet = Self.asset("site", "css", "text/css; charset=utf-8", PackageResources.site_css)
        script = Self.asset("site", "js", "text/javascript; charset=utf-8", PackageResources.site_js)
    }

    private static func asset(_ name: String, _ ext: String, _ type: String, _ bytes: [UInt8]) -> Asset {
        let hash = SHA256.hash(data: bytes).prefix(6).map { String(format: "%02x", $0) }.joined()
        return Asset(path: "/assets/\(name).\(hash).\(ext)", contentType: type, bytes: bytes)
    }

    var all: [Asset] { [stylesheet, script] }

    func response(_ asset: Asset) -> Response {
        Response(status: .ok,
                 headers: [.contentType: asset.contentType, .cacheControl: "public, max-age=31536000, immutable"],
                 body: .init(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }
}
