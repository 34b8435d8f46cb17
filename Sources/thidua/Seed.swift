import ArgumentParser
import Foundation
import Logging
import PQ
import Synchronization
import ThiDua

struct Seed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load generated data: the demo district (--demo), grown to --members N, or a whole city (--scale city | N).",
        discussion: """
            --scale city: Hải Phòng's size in 2020, about 125,000 members in 1,261 grassroots organizations over 15 districts \
            (Hồng Bàng, with its 2020 merger, among them), each with the yearly cycle and recognition of 2016–2022. \
            --scale N: the same shape with about N members; past 125,000 the city is the first of as many provinces of its \
            shape as hold them (eight for 1000000), under a national organization (NATION, code VN).
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Flag(help: "The Hồng Bàng demo district: 11 wards of 2016, the 2020 merger, ~6,000 members.")
    var demo = false

    @Option(help: "Grow the district with further wards until it has at least this many members.")
    var members: Int = 0

    @Option(help: "A whole city: 'city' (~125,000 members, 1,261 grassroots organizations) or a number of members.")
    var scale: String?

    @Option(help: "Seed of the generator (the same seed gives the same data).")
    var seed: UInt64 = 500

    func run() async throws {
        guard demo || members > 0 || scale != nil else { throw ValidationError("say what to load: --demo, --members N or --scale city|N") }
        let cityScale: CityScale? = try scale.map { text in
            if text == "city" { return .city }
            guard let n = Int(text), n > 0 else { throw ValidationError("--scale takes 'city' or a number of members") }
            return .members(n)
        }
        let logger = makeLogger(level: .info)
        try await withDatabase(database, logger: logger) { url in
            _ = try await migrate(url: url, logger: logger)
            let pool = PQPool(configuration: PQConfiguration(url: url), options: .init(minConnections: 1, maxConnections: 1), logger: logger)
            let started = ContinuousClock.now
            // A line on standard error every 100,000 members, for loads that take minutes.
            let reported = Mutex(0)
            let loaded = try await DemoDistrict.load(into: pool, seed: seed, today: PartyCalendar.today(), atLeastMembers: members,
                                                    scale: cityScale) { written in
                guard reported.withLock({ last in
                    defer { last = max(last, written / 100_000) }
                    return written / 100_000 > last
                }) else { return }
                FileHandle.standardError.write(Data("members written: \(written) after \(ContinuousClock.now - started)\n".utf8))
            }
            await pool.drain()
            print(loaded ? "loaded in \(ContinuousClock.now - started)" : "the demo district is already there; nothing loaded")
        }
    }
}
