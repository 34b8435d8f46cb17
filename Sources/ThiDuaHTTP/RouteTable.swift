import Hummingbird
import Synchronization

/// The registered routes by path pattern, for `405 Method Not Allowed` (Hummingbird answers
/// 404 for a method a path does not declare) and for tests that walk every route.
public struct RouteTable: Sendable {
    struct Entry: Sendable {
        let segments: [Substring]
        var methods: [String]
    }

    private var entries: [Entry] = []

    public init() {}

    public init<Context>(_ router: Router<Context>) {
        for route in router.routes {
            let segments = route.path.description.split(separator: "/")
            if let index = entries.firstIndex(where: { $0.segments == segments }) {
                entries[index].methods.append(route.method.rawValue)
            } else {
                entries.append(Entry(segments: segments, methods: [route.method.rawValue]))
            }
        }
    }

    /// The methods declared for paths matching `path` (`:name` matches one segment, `*` one,
    /// `**` the rest), sorted; empty when no route has this path.
    public func methods(forPath path: String) -> [String] {
        let parts = path.split(separator: "/")
        var methods = Set<String>()
        for entry in entries where Self.matches(entry.segments, parts) {
            methods.formUnion(entry.methods)
        }
        if methods.contains("GET") { methods.insert("HEAD") }
        return methods.sorted()
    }

    static func matches(_ pattern: [Substring], _ parts: [Substring]) -> Bool {
        var index = 0
        for segment in pattern {
            if segment == "**" { return true }
            guard index < parts.count else { return false }
            if !(segment.hasPrefix(":") || segment == "*" || segment.hasPrefix("{") || segment == parts[index]) { return false }
            index += 1
        }
        return index == parts.count
    }
}

/// The route table of a router still being built: middleware must be added before the routes
/// (Hummingbird wraps each route in the middleware present when it is added), while the table
/// can only be read off the router after them. The router's builder fills it in at the end.
public final class RouteTableReference: Sendable {
    private let table = Mutex(RouteTable())

    public init() {}

    public var value: RouteTable {
        get { table.withLock { $0 } }
        set { table.withLock { $0 = newValue } }
    }
}
