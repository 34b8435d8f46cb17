import Foundation
import LocalPostgres
import Logging
import PQ

/// The private PostgreSQL that `thidua serve` runs when no `DATABASE_URL` is given.
///
/// Its data lives in `.thidua/postgres` under the working folder. PostgreSQL runs as the
/// `postgres` user when we are root, and that user cannot enter some folders (a clone under
/// `/root`); then the data goes to `/var/lib/thidua/<folder hash>` and `.thidua/postgres` is a
/// symbolic link to it, so the same folder finds the same data on the next start.
///
/// One `thidua` process at a time owns the folder (an advisory lock on `.thidua/serve.lock`):
/// a second one would otherwise share the cluster and stop it under the first on its way out.
struct EmbeddedDatabase {
    var cluster: LocalCluster
    let logger: Logger
    static let databaseName = "thidua"

    /// `portIsExplicit`: the port was asked for (flag or environment). Then a taken port is an
    /// error saying so; the default port, when taken (a second ThiDua in another folder), is
    /// replaced by a free one for this run.
    init(home: URL, port: Int, portIsExplicit: Bool = false, logger: Logger) throws {
        self.logger = logger
        let fileManager = FileManager.default
        try fileManager.createDirectory(at: home, withIntermediateDirectories: true)
        try Self.lock(home)
        let link = home.appendingPathComponent("postgres")
        var data = link
        if let target = try? fileManager.destinationOfSymbolicLink(atPath: link.path) {
            data = URL(fileURLWithPath: target)
        } else if !fileManager.fileExists(atPath: link.path), !LocalCluster.serverUserCanReach(home) {
            var hash: UInt64 = 1469598103934665603
            for byte in home.standardizedFileURL.path.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
            data = URL(fileURLWithPath: "/var/lib/thidua/\(String(hash, radix: 16))")
            try fileManager.createDirectory(at: data.deletingLastPathComponent(), withIntermediateDirectories: true)
            try fileManager.createSymbolicLink(at: link, withDestinationURL: data)
            logger.info("the postgres user cannot reach \(home.path); embedded data kept in \(data.path)")
        }
        cluster = try LocalCluster(dataDirectory: data, port: port)
        if !cluster.isRunning && !LocalCluster.isPortFree(port) {
            guard !portIsExplicit, let free = LocalCluster.freePort() else {
                throw EmbeddedDatabaseError("""
                    port \(port) for the embedded PostgreSQL is taken by another program (another ThiDua, or a PostgreSQL \
                    server?); choose another with --embedded-port or THIDUA_EMBEDDED_PG_PORT
                    """)
            }
            logger.notice("port \(port) is taken; the embedded PostgreSQL uses port \(free) this time")
            cluster = try LocalCluster(dataDirectory: data, port: free)
        }
    }

    /// Takes the folder's lock for the rest of the process's life (the descriptor is never
    /// closed; the kernel releases the lock when the process ends, however it ends).
    private static func lock(_ home: URL) throws {
        let path = home.appendingPathComponent("serve.lock").path
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw EmbeddedDatabaseError("cannot open \(path)") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw EmbeddedDatabaseError("another thidua process is using \(home.path); stop it first or set THIDUA_HOME")
        }
    }

    /// Creates the cluster on first use, starts it, and makes sure our database exists.
    /// Returns the database's URL.
    func start() async throws -> String {
        if !cluster.isInitialized {
            logger.info("creating the embedded PostgreSQL cluster", metadata: ["path": "\(cluster.dataDirectory.path)"])
            try cluster.initializeIfNeeded()
        }
        if cluster.isRunning {
            // Nobody else holds the lock, so this is a server a killed process left behind.
            logger.info("the embedded PostgreSQL was left running by an earlier process; taking it over")
        } else {
            logger.info("starting the embedded PostgreSQL", metadata: ["port": "\(cluster.port)"])
            try cluster.start()
        }
        try await PQConnection.withConnection(PQConfiguration(url: cluster.url()), logger: logger) { admin in
            let exists = try await admin.query("SELECT count(*) FROM pg_database WHERE datname = \(Self.databaseName)")[0].decode(Int.self, at: 0)
            if exists == 0 {
                try await admin.execute(unsafeSQL: "CREATE DATABASE \(Self.databaseName) TEMPLATE template0 ENCODING 'UTF8' LOCALE 'C.UTF-8'")
            }
        }
        return cluster.url(database: Self.databaseName)
    }

    func stop() {
        do {
            try cluster.stop()
            logger.info("stopped the embedded PostgreSQL")
        } catch {
            logger.error("could not stop the embedded PostgreSQL", metadata: ["error": "\(error)"])
        }
    }
}

struct EmbeddedDatabaseError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
