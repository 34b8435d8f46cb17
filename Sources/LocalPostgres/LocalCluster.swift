import Foundation

/// A private PostgreSQL cluster in a folder of ours, run with the server binaries installed on
/// the machine. Used by `thidua serve` when no `DATABASE_URL` is given, and by the tests.
///
/// PostgreSQL refuses to run as root; when we are root its programs run as the `postgres` user
/// through `runuser`, on a folder that user owns.
public struct LocalCluster: Sendable {
    public let dataDirectory: URL
    public let port: Int
    public let binDirectory: URL
    public let superuser = "postgres"

    public init(dataDirectory: URL, port: Int, binDirectory: URL? = nil) throws {
        self.dataDirectory = dataDirectory.standardizedFileURL
        self.port = port
        guard let bin = binDirectory ?? Self.findBinaries() else { throw LocalClusterError.noServerBinaries }
        self.binDirectory = bin
    }

    /// `postgresql://postgres@127.0.0.1:PORT/DATABASE`
    public func url(database: String = "postgres") -> String {
        "postgresql://\(superuser)@127.0.0.1:\(port)/\(database)"
    }

    public var isInitialized: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("PG_VERSION").path)
    }

    /// Runs initdb on a new folder (trust authentication on loopback only, UTF-8).
    public func initializeIfNeeded() throws {
        if isInitialized { return }
        try FileManager.default.createDirectory(at: dataDirectory, withIntermediateDirectories: true)
        try handOver(dataDirectory)
        try run("initdb", ["-D", dataDirectory.path, "-U", superuser, "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8"])
    }

    /// Starts the server and waits until it accepts connections.
    public func start(fastAndUnsafe: Bool = false) throws {
        var options = "-p \(port) -c listen_addresses=127.0.0.1 -c unix_socket_directories="
        if fastAndUnsafe {
            // Throwaway test clusters: durability buys nothing there.
            options += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        }
        try run("pg_ctl", ["-D", dataDirectory.path, "-l", dataDirectory.appendingPathComponent("server.log").path,
                           "-o", options, "-w", "-t", "60", "start"])
    }

    /// Stops the server (fast shutdown: sessions are ended, data is flushed).
    public func stop() throws {
        guard isRunning else { return }
        try run("pg_ctl", ["-D", dataDirectory.path, "-m", "fast", "-w", "-t", "60", "stop"])
    }

    public func restart() throws {
        try stop()
        try start()
    }

    public var isRunning: Bool {
        FileManager.default.fileExists(atPath: dataDirectory.appendingPathComponent("postmaster.pid").path)
            && (try? run("pg_ctl", ["-D", dataDirectory.path, "status"])) != nil
    }

    // MARK: Ports

    /// Whether nothing listens on (or holds) `port` on the loopback address.
    public static func isPortFree(_ port: Int) -> Bool {
        bindLoopback(port: port) != nil
    }

    /// A port the kernel has free right now.
    public static func freePort() -> Int? {
        bindLoopback(port: 0)
    }

    /// Binds a TCP socket to 127.0.0.1:`port` and closes it; the port it got, or nil.
    private static func bindLoopback(port: Int) -> Int? {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(truncatingIfNeeded: port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        return bound ? Int(UInt16(bigEndian: address.sin_port)) : nil
    }

    // MARK: Processes

    private static var isRoot: Bool { geteuid() == 0 }

    /// When root, gives the folder to the `postgres` user, which the server runs as.
    private func handOver(_ folder: URL) throws {
        guard Self.isRoot else { return }
        try Self.execute("/usr/bin/chown", ["-R", "postgres:postgres", folder.path])
        try Self.execute("/usr/bin/chmod", ["700", folder.path])
    }

    @discardableResult
    private func run(_ program: String, _ arguments: [String]) throws -> String {
        let path = binDirectory.appendingPathComponent(program).path
        if Self.isRoot {
            return try Self.execute("/usr/sbin/runuser", ["-u", "postgres", "--", path] + arguments)
        }
        return try Self.execute(path, arguments)
    }

    /// Runs a program to completion and returns its output.
    ///
    /// posix_spawn and waitpid, not Foundation's `Process`: `pg_ctl start` leaves a daemon
    /// behind, and `Process.waitUntilExit` was seen never to return after it. Output goes to a
    /// file, not a pipe, for the same reason (the daemon would hold a pipe open).
    @discardableResult
    static func execute(_ executable: String, _ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("thidua-\(UUID().uuidString).out").path
        defer { try? FileManager.default.removeItem(atPath: outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw LocalClusterError("could not start \(executable): error \(spawned)")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else { throw LocalClusterError("waiting for \(executable) failed: errno \(errno)") }
        }
        let text = readText(outputPath)
        // WIFEXITED && WEXITSTATUS == 0, spelled out: the C macros do not import.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            throw LocalClusterError("\((executable as NSString).lastPathComponent) \(arguments.first ?? "") failed (status \(status)): \(text.suffix(600))")
        }
        return text
    }

    /// The file's text. Plain read(2): Foundation's `String(contentsOfFile:)` leaks its buffer
    /// for an empty file (seen under LeakSanitizer).
    private static func readText(_ path: String) -> String {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return "" }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, 4096) }
            guard count > 0 else { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The newest `/usr/lib/postgresql/N/bin`, or the folder of `pg_ctl` on the PATH.
    public static func findBinaries(
        under installed: String = "/usr/lib/postgresql",
        path: String = ProcessInfo.processInfo.environment["PATH"] ?? ""
    ) -> URL? {
        let root = URL(fileURLWithPath: installed)
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
        for version in versions.sorted(by: { (Int($0) ?? 0) > (Int($1) ?? 0) }) {
            let bin = root.appendingPathComponent(version).appendingPathComponent("bin")
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("pg_ctl").path) { return bin }
        }
        for folder in path.split(separator: ":") {
            let bin = URL(fileURLWithPath: String(folder))
            if FileManager.default.isExecutableFile(atPath: bin.appendingPathComponent("pg_ctl").path) { return bin }
        }
        return nil
    }

    /// Whether the `postgres` user can reach `folder` (a clone under /root is not reachable).
    public static func serverUserCanReach(_ folder: URL) -> Bool {
        guard isRoot else { return true }
        return (try? execute("/usr/sbin/runuser", ["-u", "postgres", "--", "/usr/bin/test", "-x", folder.path])) != nil
    }
}

public struct LocalClusterError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }

    /// What a machine without the PostgreSQL server is told: what to install, or what to set.
    public static let noServerBinaries = LocalClusterError("""
        no PostgreSQL server binaries found in /usr/lib/postgresql/*/bin or on PATH. Install the server \
        (Debian/Ubuntu: apt-get install postgresql), or set DATABASE_URL to a PostgreSQL you run.
        """)
}
