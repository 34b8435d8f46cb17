/// How to reach a PostgreSQL server.
///
/// Handed to `PQconnectdbParams` as keyword/value pairs; no conninfo string is ever assembled.
/// A URL (`postgresql://user@host:5432/db?sslmode=disable`) is passed as the expanded `dbname`,
/// so libpq parses it; the settings this wrapper depends on come after it and win.
public struct PQConfiguration: Sendable {
    public var url: String?
    public var host: String?
    public var port: Int?
    public var user: String?
    public var password: String?
    public var database: String?
    public var applicationName: String
    /// Seconds; libpq's `connect_timeout`.
    public var connectTimeout: Int
    /// Further libpq keywords (`sslmode`, `options`, ...).
    public var extra: [(String, String)]

    public init(
        url: String,
        applicationName: String = "thidua",
        connectTimeout: Int = 5
    ) {
        self.url = url
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
        self.extra = []
    }

    public init(
        host: String? = nil,
        port: Int? = nil,
        user: String? = nil,
        password: String? = nil,
        database: String? = nil,
        applicationName: String = "thidua",
        connectTimeout: Int = 5,
        extra: [(String, String)] = []
    ) {
        self.host = host
        self.port = port
        self.user = user
        self.password = password
        self.database = database
        self.applicationName = applicationName
        self.connectTimeout = connectTimeout
        self.extra = extra
    }

    /// The keyword/value pairs, in the order libpq should apply them.
    var keywordValues: [(String, String)] {
        var pairs: [(String, String)] = []
        if let url { pairs.append(("dbname", url)) }
        if let host { pairs.append(("host", host)) }
        if let port { pairs.append(("port", String(port))) }
        if let user { pairs.append(("user", user)) }
        if let password { pairs.append(("password", password)) }
        if let database { pairs.append(("dbname", database)) }
        pairs.append(contentsOf: extra)
        pairs.append(("client_encoding", "UTF8"))
        pairs.append(("application_name", applicationName))
        pairs.append(("connect_timeout", String(connectTimeout)))
        // Text results are decoded by this wrapper: pin the formats it parses.
        pairs.append(("options", "-c TimeZone=UTC -c DateStyle=ISO -c IntervalStyle=iso_8601 -c extra_float_digits=3"))
        return pairs
    }

    /// Whether the URL form should be expanded by libpq (only the first `dbname` is).
    var expandsDatabaseName: Bool { url != nil }
}
