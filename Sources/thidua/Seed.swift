import ArgumentParser
import Foundation
import Logging
import PQ
import ThiDua

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load generated data: the demo district (--demo), optionally grown to --members N."
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "The Hồng Bàng demo district: 11 wards of 2016, the 2020 merger, ~6,000 members.")
    var demo = false

    @Option(help: "Grow the district with further wards until it has at least this many members.")
    var members: Int = 0

    @Option(help: "Seed of the generator (the same seed gives the same data).")
    var seed: UInt64 = 500

    func run() async throws {
        guard demo || members > 0 else { throw ValidationError("say what to load: --demo and/or --members N") }
        let logger = makeLogger(level: .info)
        try await withDatabase(database, logger: logger) { url in
            _ = try await migrate(url: url, logger: logger)
            let pool = PQPool(configuration: PQConfiguration(url: url), options: .init(minConnections: 1, maxConnections: 1), logger: logger)
            let started = ContinuousClock.now
            let loaded = try await DemoDistrict.load(into: pool, seed: seed, today: PartyCalendar.today(), atLeastMembers: members)
            await pool.drain()
            print(loaded ? "loaded in \(ContinuousClock.now - started)" : "the demo district is already there; nothing loaded")
        }
    }
}
