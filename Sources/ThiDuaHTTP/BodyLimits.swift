/// How large a request body may be: JSON routes take `json` bytes, the CSV import `import`.
public struct BodyLimits: Sendable, Equatable {
    public var json: Int
    public var `import`: Int

    public init(json: Int = 1 << 20, import: Int = 32 << 20) {
        self.json = json
        self.import = `import`
    }

    /// The limit of the route at `path`.
    public func limit(forPath path: String) -> Int {
        path.hasPrefix("/api/v1/imports/") ? self.import : json
    }
}
