import CLibPQ
import Foundation
import Logging
import Synchronization

/// One libpq connection, confined to a thread of its own.
///
/// The actor's executor is a dedicated thread, so every libpq call (all of which may block)
/// runs there while callers simply `await`. The `PGconn` is finished exactly once: by `close()`
/// or, failing that, when the actor is released.
public actor PQConnection {
    private let executor: ThreadExecutor
    // Touched only on the executor thread, and by deinit once nothing else can reach it.
    nonisolated(unsafe) var raw: OpaquePointer?
    private let logger: Logger
    /// The statements kept prepared on this session; they die with it.
    var prepared = PreparedStatements(capacity: PQConnection.preparedCapacity)
    /// How many statements one connection keeps prepared.
    public static let preparedCapacity = 256
    /// Notifications (LISTEN) read off the socket before anyone asked for them.
    private var pendingNotifications: [PQNotification] = []
    /// Readable without a hop to the connection's thread, for the pool's bookkeeping.
    private let closedFlag = Atomic<Bool>(false)
    /// Round trips to the server so far (a statement, a Parse, a pipeline): read by the pool
    /// for its metric and by tests that hold a route to its count.
    private let roundTripCount = Atomic<Int>(0)

    public nonisolated var unownedExecutor: UnownedSerialExecutor { executor.asUnownedSerialExecutor() }

    /// The connection's thread as a task executor: work run with this preference runs on the
    /// same thread as the connection's statements.
    public nonisolated var taskExecutor: any TaskExecutor { executor }

    private init(executor: ThreadExecutor, logger: Logger) {
        self.executor = executor
        self.logger = logger
    }

    deinit {
        if let raw {
            PQfinish(raw)
            LiveHandles.connections.subtract(1, ordering: .relaxed)
        }
        executor.stop()
    }

    /// Opens a connection; throws `PQError.connection` with libpq's reason when it cannot.
    public static func connect(_ configuration: PQConfiguration, logger: Logger) async throws -> PQConnection {
        let connection = PQConnection(executor: ThreadExecutor(name: "pq-connection"), logger: logger)
        try await connection.open(configuration)
        return connection
    }

    /// Opens a connection for the length of `body` and closes it afterwards, whatever happens.
    /// `body` runs on the connection's thread, as a pool's lease does, so that its statements
    /// are plain calls with no thread switch (from outside, each statement crosses to the
    /// connection's thread and back).
    nonisolated(nonsending) public static func withConnection<Result>(
        _ configuration: PQConfiguration,
        logger: Logger,
        _ body: nonisolated(nonsending) (PQConnection) async throws -> Result
    ) async throws -> Result {
        let connection = try await connect(configuration, logger: logger)
        do {
            let result = try await withTaskExecutorPreference(connection.taskExecutor) { try await body(connection) }
            await connection.close()
            return result
        } catch {
            await connection.close()
            throw error
        }
    }

    private func open(_ configuration: PQConfiguration) throws {
        let pairs = configuration.keywordValues
        let conn = withCStrings(pairs.map(\.0)) { keywords in
            withCStrings(pairs.map(\.1)) { values in
                PQconnectdbParams(keywords, values, configuration.expandsDatabaseName ? 1 : 0)
            }
        }
        guard let conn else { throw PQError(.connection, "libpq could not allocate a connection") }
        // A connection object exists even when connecting failed; it is ours to finish.
        LiveHandles.connections.add(1, ordering: .relaxed)
        raw = conn
        guard PQstatus(conn) == CONNECTION_OK else {
            let reason = Self.errorMessage(conn)
            close()
            throw PQError(.connection, "could not connect: \(reason)")
        }
        PQsetNoticeReceiver(conn, { _, _ in
            // Notices (and the FATAL a restarting server sends to idle sessions) are not
            // errors of any statement; libpq would print them to stderr.
        }, nil)
    }

    /// Finishes the connection. Safe to call more than once.
    public func close() {
        guard let raw else { return }
        PQfinish(raw)
        LiveHandles.connections.subtract(1, ordering: .relaxed)
        self.raw = nil
        prepared.removeAll()
        closedFlag.store(true, ordering: .releasing)
    }

    public nonisolated var isClosed: Bool { closedFlag.load(ordering: .acquiring) }

    /// How many times this connection has waited on the server.
    public nonisolated var roundTrips: Int { roundTripCount.load(ordering: .relaxed) }

    func countRoundTrip() { roundTripCount.add(1, ordering: .relaxed) }

    /// Whether the connection sits inside a transaction block.
    public var inTransaction: Bool {
        guard let raw else { return false }
        return PQtransactionStatus(raw) != PQTRANS_IDLE
    }

    /// Makes sure the session is usable before a statement is sent. Outside a transaction a
    /// connection the server dropped (a restart, an idle timeout) is reset here, so callers
    /// see a working connection; inside one the loss is an error, since the transaction is gone.
    public func ensureAlive() throws {
        _ = try liveConnection()
    }

    func liveConnection() throws -> OpaquePointer {
        guard let raw else { throw PQError(.connection, "the connection is closed") }
        // Read before the input is drained: once the connection is bad libpq reports the
        // transaction status as unknown, and a session lost inside a transaction must not
        // be silently replaced by a fresh one that runs the rest outside it.
        let wasIdle = PQstatus(raw) == CONNECTION_OK && PQtransactionStatus(raw) == PQTRANS_IDLE
        drainIdleInput(raw)
        if PQstatus(raw) == CONNECTION_OK { return raw }
        if wasIdle {
            logger.info("pq connection lost; reconnecting")
            prepared.removeAll()
            PQreset(raw)
            if PQstatus(raw) == CONNECTION_OK { return raw }
        }
        // Unusable: closed here so that the pool replaces it rather than lending it again.
        let error = PQError(.connection, "the connection to the server was lost: \(Self.errorMessage(raw))")
        close()
        throw error
    }

    /// Reads whatever the server sent while we were idle, without blocking. A server that
    /// ended the session (a restart, `pg_terminate_backend`) sent a FATAL message and then
    /// closed the socket: the message arrives on one read and the end of file on the next, so
    /// this reads for as long as the socket has something, and the loss shows up as
    /// CONNECTION_BAD before a statement is sent into a dead socket.
    private func drainIdleInput(_ conn: OpaquePointer) {
        var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
        guard descriptor.fd >= 0 else { return }
        while PQstatus(conn) == CONNECTION_OK, poll(&descriptor, 1, 0) > 0, descriptor.revents != 0 {
            if PQconsumeInput(conn) == 0 { return }
            collectNotifications(conn)
        }
    }

    /// Waits up to `timeout` for notifications of the channels this session LISTENs to and
    /// returns those that arrived, oldest first. It blocks only this connection's own thread.
    /// A lost connection throws, since notifications sent meanwhile are gone.
    public func notifications(waitingUpTo timeout: Duration) throws -> [PQNotification] {
        guard let conn = raw, PQstatus(conn) == CONNECTION_OK else { throw PQError(.connection, "the connection is closed") }
        if pendingNotifications.isEmpty {
            var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
            let milliseconds = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
            _ = poll(&descriptor, 1, Int32(clamping: milliseconds))
        }
        if PQconsumeInput(conn) == 0 || PQstatus(conn) != CONNECTION_OK {
            let error = PQError(.connection, "the connection to the server was lost: \(Self.errorMessage(conn))")
            close()
            throw error
        }
        collectNotifications(conn)
        defer { pendingNotifications.removeAll() }
        return pendingNotifications
    }

    private func collectNotifications(_ conn: OpaquePointer) {
        while let notification = PQnotifies(conn) {
            pendingNotifications.append(PQNotification(channel: String(cString: notification.pointee.relname),
                                                       payload: String(cString: notification.pointee.extra)))
            PQfreemem(notification)
        }
    }

    /// Runs one statement with bound parameters. SQL text run a second time on this
    /// connection is prepared and from then on only bound and executed (`PreparedStatements`);
    /// `prepare: false` always sends it unnamed, for SQL that is never repeated.
    @discardableResult
    public func query(_ query: PQQuery, prepare: Bool = true, file: String = #fileID, line: Int = #line) throws -> PQResult {
        do {
            let conn = try liveConnection()
            // libpq takes text parameters as C strings: a NUL would silently cut the value.
            if query.parameters.contains(where: \.holdsNUL) {
                throw PQError(.usage, "a text parameter holds a NUL byte, which PostgreSQL text cannot store")
            }
            let name = prepare ? try preparedName(for: query, on: conn) : nil
            do {
                return try run(query, name: name, on: conn)
            } catch let error as PQError where name != nil && error.isStalePlan {
                // The table changed under the plan (a migration, an ALTER): drop the statement;
                // outside a transaction nothing was lost, so run it once more, unnamed.
                if let stale = prepared.forget(query.sql) { deallocate(stale, on: conn) }
                guard PQtransactionStatus(conn) == PQTRANS_IDLE else { throw error }
                return try run(query, name: nil, on: conn)
            }
        } catch var error as PQError {
            error.statement = query.sql
            error.callSite = "\(file):\(line)"
            throw error
        }
    }

    /// Runs SQL text without parameters; it may hold several statements (a schema file).
    public func execute(unsafeSQL sql: String) throws {
        let conn = try liveConnection()
        countRoundTrip()
        _ = try checked(PQexec(conn, sql), on: conn)
    }

    private func run(_ query: PQQuery, name: String?, on conn: OpaquePointer) throws -> PQResult {
        countRoundTrip()
        let result = ParameterBuffer(query.parameters).withPointers { types, values in
            if let name {
                return PQexecPrepared(conn, name, Int32(query.parameters.count), values, nil, nil, 0)
            }
            return PQexecParams(conn, query.sql, Int32(query.parameters.count), types, values, nil, nil, 0)
        }
        return try checked(result, on: conn)
    }

    /// The name to execute `query` under, preparing it first when this is its second sight;
    /// nil to send it unnamed.
    private func preparedName(for query: PQQuery, on conn: OpaquePointer) throws -> String? {
        switch prepared.decide(query.sql) {
        case .unnamed: return nil
        case .execute(let name): return name
        case .prepare(let name, let evicting):
            if let evicting { deallocate(evicting, on: conn) }
            let types = query.parameters.map { Oid($0.type.rawValue) }
            countRoundTrip()
            _ = try checked(PQprepare(conn, name, query.sql, Int32(types.count), types), on: conn)
            prepared.prepared(query.sql, name: name)
            return name
        }
    }

    /// Frees a prepared statement on the server. Inside a failed transaction the server takes
    /// no command; the statement then lives on, unused, until the session ends.
    func deallocate(_ name: String, on conn: OpaquePointer) {
        guard PQtransactionStatus(conn) != PQTRANS_INERROR else { return }
        countRoundTrip()
        guard let result = PQexec(conn, "DEALLOCATE \(name)") else { return }
        PQclear(result)
    }

    /// How many statements this connection holds prepared (for tests).
    public var preparedCount: Int { prepared.count }

    /// Wraps a result, turning failures into `PQError`s. A connection-level failure closes
    /// the connection, so that the pool drops it instead of handing a dead session to the next
    /// caller (after a server restart that cost seconds of errors).
    private func checked(_ result: OpaquePointer?, on conn: OpaquePointer) throws -> PQResult {
        guard let result else {
            let error = PQError(.connection, "no result from the server: \(Self.errorMessage(conn))")
            close()
            throw error
        }
        let owned = PQResult(taking: result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return owned
        default:
            let error = PQError.fromResult(result)
            if error.isConnectionLoss || PQstatus(conn) != CONNECTION_OK { close() }
            throw error
        }
    }

    /// Runs `body` inside BEGIN ... COMMIT; a thrown error rolls back and is rethrown. When the
    /// rollback itself fails the connection is closed, so a pool replaces it.
    nonisolated(nonsending) public func withTransaction<Result>(
        _ mode: PQTransactionMode = .readCommitted,
        _ body: nonisolated(nonsending) () async throws -> Result
    ) async throws -> Result {
        // Transaction control has no plan to keep: never prepared (a Parse round trip the
        // second time each text is seen, for nothing).
        try await query(mode.begin, prepare: false)
        let value: Result
        do {
            value = try await body()
        } catch {
            do {
                try await query("ROLLBACK", prepare: false)
            } catch {
                await close()
            }
            throw error
        }
        do {
            try await query("COMMIT", prepare: false)
        } catch {
            // A failed COMMIT has already ended the transaction on the server (or lost it).
            if await inTransaction { await close() }
            throw error
        }
        return value
    }

    /// `COPY ... FROM STDIN` in text format. Rows are encoded on the caller's side and stream
    /// to the connection's thread in 256 KiB chunks, so a large import never sits in memory
    /// whole. Returns the number of rows the server stored; on any error nothing is stored.
    @discardableResult
    nonisolated(nonsending) public func copyIn<Rows: Sequence>(
        unsafeSQL statement: String,
        rows: Rows
    ) async throws -> Int where Rows.Element == [any PQEncodable] {
        try await beginCopy(statement)
        var buffer: [UInt8] = []
        buffer.reserveCapacity(Self.copyChunk + 4096)
        do {
            for row in rows {
                CopyText.append(row: row, to: &buffer)
                if buffer.count >= Self.copyChunk {
                    try await putCopyData(buffer)
                    buffer.removeAll(keepingCapacity: true)
                }
            }
            if !buffer.isEmpty { try await putCopyData(buffer) }
        } catch {
            _ = try? await endCopy(failed: true)
            throw error
        }
        return try await endCopy(failed: false)
    }

    private static let copyChunk = 1 << 18

    private func beginCopy(_ statement: String) throws {
        let conn = try liveConnection()
        countRoundTrip()
        guard let start = PQexec(conn, statement) else {
            throw PQError(.connection, "no result from the server: \(Self.errorMessage(conn))")
        }
        let result = PQResult(taking: start)
        guard PQresultStatus(result.raw) == PGRES_COPY_IN else {
            throw PQError.fromResult(result.raw)
        }
    }

    private func putCopyData(_ chunk: [UInt8]) throws {
        guard let conn = raw else { throw PQError(.connection, "the connection is closed") }
        let sent = chunk.withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { PQputCopyData(conn, $0.baseAddress, Int32($0.count)) }
        }
        guard sent == 1 else { throw PQError(.connection, "COPY data could not be sent: \(Self.errorMessage(conn))") }
    }

    /// Ends the COPY (aborting it when `failed`) and collects the server's verdict.
    private func endCopy(failed: Bool) throws -> Int {
        guard let conn = raw else { throw PQError(.connection, "the connection is closed") }
        countRoundTrip()
        _ = PQputCopyEnd(conn, failed ? "aborted by the client" : nil)
        var stored = 0
        var serverError: PQError? = nil
        while let next = PQgetResult(conn) {
            let result = PQResult(taking: next)
            if PQresultStatus(next) == PGRES_COMMAND_OK {
                stored = result.affectedRows
            } else if serverError == nil {
                serverError = PQError.fromResult(next)
            }
        }
        if let serverError { throw serverError }
        return stored
    }

    static func errorMessage(_ conn: OpaquePointer) -> String {
        guard let message = PQerrorMessage(conn) else { return "unknown error" }
        return String(cString: message).trimmingCharacters(in: .whitespacesAndNewlines)
    }
}

/// Parameters laid out in one contiguous buffer, with the pointer arrays libpq wants.
struct ParameterBuffer {
    private var storage: [UInt8] = []
    private var offsets: [Int?] = []
    private var types: [Oid] = []

    init(_ parameters: [PQParameter]) {
        offsets.reserveCapacity(parameters.count)
        types.reserveCapacity(parameters.count)
        for parameter in parameters {
            types.append(Oid(parameter.type.rawValue))
            if let text = parameter.text {
                offsets.append(storage.count)
                storage.append(contentsOf: text)
            } else {
                offsets.append(nil)
            }
        }
    }

    func withPointers<R>(_ body: (UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?) -> R) -> R {
        storage.withUnsafeBufferPointer { bytes in
            let base = UnsafeRawPointer(bytes.baseAddress)
            let values: [UnsafePointer<CChar>?] = offsets.map { offset in
                guard let offset, let base else { return nil }
                return (base + offset).assumingMemoryBound(to: CChar.self)
            }
            return types.withUnsafeBufferPointer { typePointer in
                values.withUnsafeBufferPointer { valuePointer in
                    body(typePointer.baseAddress, valuePointer.baseAddress)
                }
            }
        }
    }
}

/// COPY's text format: tab-separated, `\N` for NULL, backslash escapes for the separators.
enum CopyText {
    static func append(row: [any PQEncodable], to buffer: inout [UInt8]) {
        for (index, value) in row.enumerated() {
            if index > 0 { buffer.append(UInt8(ascii: "\t")) }
            if value.isNull {
                buffer.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "N")])
                continue
            }
            var text: [UInt8] = []
            value.encode(into: &text)
            for byte in text {
                switch byte {
                case UInt8(ascii: "\\"): buffer.append(contentsOf: [92, 92])
                case UInt8(ascii: "\t"): buffer.append(contentsOf: [92, UInt8(ascii: "t")])
                case UInt8(ascii: "\n"): buffer.append(contentsOf: [92, UInt8(ascii: "n")])
                case UInt8(ascii: "\r"): buffer.append(contentsOf: [92, UInt8(ascii: "r")])
                default: buffer.append(byte)
                }
            }
        }
        buffer.append(UInt8(ascii: "\n"))
    }
}

/// Calls `body` with a NULL-terminated C array of C strings.
func withCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeBufferPointer { buffer in
        buffer.baseAddress!.withMemoryRebound(to: UnsafePointer<CChar>?.self, capacity: buffer.count) { body($0) }
    }
}

/// A NOTIFY received on a channel the session LISTENs to.
public struct PQNotification: Sendable, Equatable {
    public var channel: String
    public var payload: String
}
