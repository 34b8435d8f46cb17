// Single-row primary-key selects through PQ, the same statement pgbench -S runs:
// `SELECT abalance FROM pgbench_accounts WHERE aid = :aid` with a random aid.
//
//   pq-bench URL SECONDS CONNECTIONS SCALE
//
// Runs on the database pgbench initialised: one connection (its statements in one lease, and
// issued from outside it), and CONNECTIONS concurrent callers through a pool of CONNECTIONS
// (a lease per statement, and a lease held for the run).
// Prints `name queries_per_second` lines for scripts/bench-pq to compare with pgbench.
import Foundation
import Logging
import PQ

let arguments = CommandLine.arguments
guard arguments.count == 5, let seconds = Double(arguments[2]), let connections = Int(arguments[3]), let scale = Int(arguments[4]) else {
    print("usage: pq-bench URL SECONDS CONNECTIONS SCALE")
    exit(2)
}
let configuration = PQConfiguration(url: arguments[1], applicationName: "pq-bench")
var logger = Logger(label: "pq-bench")
logger.logLevel = .warning
let accounts = 100_000 * scale

/// Runs queries until the deadline; returns how many completed.
nonisolated(nonsending) func hammer(deadline: ContinuousClock.Instant, _ run: nonisolated(nonsending) (Int) async throws -> Int) async throws -> Int {
    var generator = SystemRandomNumberGenerator()
    var count = 0
    var checksum = 0
    while ContinuousClock.now < deadline {
        checksum &+= try await run(Int.random(in: 1...accounts, using: &generator))
        count += 1
    }
    if checksum == Int.min { print("") } // keeps the decoded values observable
    return count
}

func statement(_ aid: Int) -> PQQuery { "SELECT abalance FROM pgbench_accounts WHERE aid = \(aid)" }

func perSecond(_ count: Int, since started: ContinuousClock.Instant) -> Int {
    let elapsed = ContinuousClock.now - started
    return Int(Double(count) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
}

// One connection, its statements inside one lease (`withConnection`: they run on the
// connection's thread), as a request's statements do.
try await PQConnection.withConnection(configuration, logger: logger) { connection in
    _ = try await hammer(deadline: .now + .seconds(1)) { try await connection.query(statement($0), prepare: true)[0].decode(Int.self, at: 0) }
    let started = ContinuousClock.now
    let count = try await hammer(deadline: started + .seconds(seconds)) {
        try await connection.query(statement($0), prepare: true)[0].decode(Int.self, at: 0)
    }
    print("pq_single \(perSecond(count, since: started))")
}

// One connection, each statement issued from a task outside its lease: two thread switches a
// statement (to the connection's thread and back).
do {
    let connection = try await PQConnection.connect(configuration, logger: logger)
    _ = try await hammer(deadline: .now + .seconds(1)) { try await connection.query(statement($0), prepare: true)[0].decode(Int.self, at: 0) }
    let started = ContinuousClock.now
    let count = try await hammer(deadline: started + .seconds(seconds)) {
        try await connection.query(statement($0), prepare: true)[0].decode(Int.self, at: 0)
    }
    print("pq_single_outside \(perSecond(count, since: started))")
    await connection.close()
}

// The pool, with as many concurrent callers as connections: a lease per statement (as an API
// request of one statement), and a lease held by each caller for the whole run.
for held in [false, true] {
    let pool = PQPool(configuration: configuration, options: .init(minConnections: connections, maxConnections: connections), logger: logger)
    let total = try await withThrowingTaskGroup(of: Int.self) { group in
        group.addTask { try await pool.run(); return 0 }
        try await Task.sleep(for: .milliseconds(300))
        let started = ContinuousClock.now
        let count = try await withThrowingTaskGroup(of: Int.self) { workers in
            for _ in 0..<connections {
                workers.addTask {
                    if held {
                        return try await pool.withConnection { connection in
                            try await hammer(deadline: started + .seconds(seconds)) {
                                try await connection.query(statement($0), prepare: true)[0].decode(Int.self, at: 0)
                            }
                        }
                    }
                    return try await hammer(deadline: started + .seconds(seconds)) {
                        try await pool.query(statement($0), prepare: true)[0].decode(Int.self, at: 0)
                    }
                }
            }
            var sum = 0
            for try await count in workers { sum += count }
            return sum
        }
        group.cancelAll()
        return perSecond(count, since: started)
    }
    print("\(held ? "pq_pool_held" : "pq_pool") \(total)")
}
