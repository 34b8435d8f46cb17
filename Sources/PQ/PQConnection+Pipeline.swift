import CLibPQ

/// Pipeline mode (libpq 14+): statements that do not depend on one another's results are sent
/// together and their results read back together, one round trip instead of one a statement.
/// A report reads a dozen such figures from one snapshot.
extension PQConnection {
    /// Runs `statements` in one round trip and returns what each one's `read` made of its
    /// result, in order. The results are read on the caller's side (a tuple of a pack does
    /// not cross an actor's boundary).
    nonisolated(nonsending) public func pipeline<each Value>(
        _ statements: repeat PQStatement<each Value>, file: String = #fileID, line: Int = #line
    ) async throws -> (repeat each Value) {
        var queries: [PQQuery] = []
        for statement in repeat each statements { queries.append(statement.query) }
        let results = try await pipeline(queries, file: file, line: line)
        var index = 0
        func read<V>(_ statement: PQStatement<V>) throws -> V {
            defer { index += 1 }
            return try statement.read(results[index])
        }
        return (repeat try read(each statements))
    }

    /// Largest SQL text a pipeline sends: the connection is in blocking mode, and a send larger
    /// than the socket's buffers could wait on a server that itself waits for us to read.
    static let pipelineTextLimit = 64 * 1024

    /// Runs `queries` in one round trip and returns their results in order. Outside a
    /// transaction block they run as one implicit transaction, as the protocol has it.
    ///
    /// Statements are prepared as `query` prepares them (on their second sight), the Parse
    /// sent in the same pipeline. When one fails the rest are skipped by the server and the
    /// first error is thrown, carrying its statement.
    public func pipeline(_ queries: [PQQuery], file: String = #fileID, line: Int = #line) throws -> [PQResult] {
        if queries.count < 2 || queries.reduce(0, { $0 + $1.sql.utf8.count }) > Self.pipelineTextLimit {
            return try queries.map { try query($0, file: file, line: line) }
        }
        let conn: OpaquePointer
        do {
            conn = try liveConnection()
        } catch var error as PQError {
            error.statement = queries[0].sql
            error.callSite = "\(file):\(line)"
            throw error
        }
        if let holding = queries.first(where: { $0.parameters.contains(where: \.holdsNUL) }) {
            var error = PQError(.usage, "a text parameter holds a NUL byte, which PostgreSQL text cannot store")
            error.statement = holding.sql
            error.callSite = "\(file):\(line)"
            throw error
        }
        var plans: [Plan] = []
        for query in queries {
            switch prepared.decide(query.sql) {
            case .unnamed: plans.append(Plan(name: nil))
            case .execute(let name): plans.append(Plan(name: name))
            case .prepare(let name, let evicting): plans.append(Plan(name: name, prepare: true, evicting: evicting))
            }
        }
        do {
            try send(queries, plans, on: conn)
            return try receive(queries, plans, on: conn)
        } catch var error as PQError {
            if error.statement == nil { error.statement = queries[0].sql }
            error.callSite = "\(file):\(line)"
            throw error
        }
    }

    /// How one statement of a pipeline is sent: under a prepared name or unnamed, its Parse
    /// first when it is prepared now, and before that the DEALLOCATE of the statement it
    /// evicts from the cache (in the pipeline too, not a round trip of its own).
    struct Plan {
        var name: String?
        var prepare = false
        var evicting: String?

        var slots: Int { 1 + (prepare ? 1 : 0) + (evicting == nil ? 0 : 1) }
    }

    private func send(_ queries: [PQQuery], _ plans: [Plan], on conn: OpaquePointer) throws {
        guard PQenterPipelineMode(conn) == 1 else {
            throw PQError(.usage, "pipeline mode refused: \(Self.errorMessage(conn))")
        }
        for (query, plan) in zip(queries, plans) {
            let count = Int32(query.parameters.count)
            let sent = ParameterBuffer(query.parameters).withPointers { types, values in
                if let evicting = plan.evicting, PQsendQueryParams(conn, "DEALLOCATE \(evicting)", 0, nil, nil, nil, nil, 0) != 1 { return false }
                if plan.prepare, let name = plan.name, PQsendPrepare(conn, name, query.sql, count, types) != 1 { return false }
                if let name = plan.name { return PQsendQueryPrepared(conn, name, count, values, nil, nil, 0) == 1 }
                return PQsendQueryParams(conn, query.sql, count, types, values, nil, nil, 0) == 1
            }
            guard sent else { throw lost(conn, "could not send a pipelined statement") }
        }
        guard PQpipelineSync(conn) == 1 else { throw lost(conn, "could not send a pipeline's sync") }
        countRoundTrip()
    }

    /// Reads every result up to the pipeline's sync (each statement's is followed by a NULL),
    /// leaves pipeline mode, and pairs the results with the statements.
    private func receive(_ queries: [PQQuery], _ plans: [Plan], on conn: OpaquePointer) throws -> [PQResult] {
        let expected = plans.reduce(0) { $0 + $1.slots }
        var slots: [PQResult?] = []
        var current: PQResult?
        while true {
            guard let raw = PQgetResult(conn) else {
                guard PQstatus(conn) == CONNECTION_OK, slots.count < expected else {
                    throw lost(conn, "the pipeline ended early")
                }
                slots.append(current)
                current = nil
                continue
            }
            if PQresultStatus(raw) == PGRES_PIPELINE_SYNC {
                PQclear(raw)
                break
            }
            current = PQResult(taking: raw)
        }
        guard PQexitPipelineMode(conn) == 1, slots.count == expected else {
            throw lost(conn, "the pipeline's results did not match its statements")
        }
        var results: [PQResult] = []
        var failure: PQError?
        var slot = 0
        for (query, plan) in zip(queries, plans) {
            if plan.evicting != nil {
                // A failed DEALLOCATE only leaves a statement unused on the server; it aborts the
                // pipeline, though, and the statements after it report that.
                if failure == nil, let error = slots[slot]?.failure { failure = error.with(statement: "DEALLOCATE") }
                slot += 1
            }
            if plan.prepare {
                if let prepareResult = slots[slot], let name = plan.name, prepareResult.succeeded {
                    prepared.prepared(query.sql, name: name)
                } else if failure == nil, let error = slots[slot]?.failure {
                    failure = error.with(statement: query.sql)
                }
                slot += 1
            }
            let result = slots[slot]
            slot += 1
            if let result, result.succeeded {
                results.append(result)
            } else if failure == nil, let error = result?.failure {
                if error.isStalePlan, plan.name != nil, let stale = prepared.forget(query.sql) {
                    deallocate(stale, on: conn)
                }
                failure = error.with(statement: query.sql)
            }
        }
        if let failure {
            if failure.isConnectionLoss || PQstatus(conn) != CONNECTION_OK { close() }
            throw failure
        }
        return results
    }

    /// A connection that broke mid-pipeline is closed, so that the pool replaces it.
    private func lost(_ conn: OpaquePointer, _ what: String) -> PQError {
        let error = PQError(.connection, "\(what): \(Self.errorMessage(conn))")
        close()
        return error
    }
}

extension PQResult {
    var succeeded: Bool {
        switch PQresultStatus(raw) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: true
        default: false
        }
    }

    /// The server's error, if this result is one (a statement skipped after an earlier
    /// failure is not: it says nothing of its own).
    var failure: PQError? {
        PQresultStatus(raw) == PGRES_FATAL_ERROR || PQresultStatus(raw) == PGRES_NONFATAL_ERROR ? PQError.fromResult(raw) : nil
    }
}

extension PQError {
    func with(statement: String) -> PQError {
        var error = self
        error.statement = statement
        return error
    }
}
