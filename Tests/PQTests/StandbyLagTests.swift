@testable import PQ
import Testing

/// The lag rules with plain values: positions and instants, no server.
@Suite struct StandbyLagTests {
    let start = ContinuousClock.now
    func at(_ milliseconds: Int) -> ContinuousClock.Instant { start + .milliseconds(milliseconds) }
    func lsn(_ value: UInt64) -> PQWALPosition { PQWALPosition(value) }

    @Test func aPositionReadsAndWritesAsPostgreSQLWritesIt() {
        #expect(PQWALPosition("16/B374D848")?.value == 0x16_B374_D848)
        #expect(PQWALPosition("0/0")?.value == 0)
        #expect(PQWALPosition(0x16_B374_D848).description == "16/B374D848")
        #expect(PQWALPosition("1/0")! > PQWALPosition("0/FFFFFFFF")!)
        for bad in ["", "16", "16/", "/1", "1/2/3", "G/1", "123456789/0", " 1/2", "-1/2"] {
            #expect(PQWALPosition(bad) == nil, "\(bad)")
        }
    }

    @Test func noSampleMeansUnknown() {
        let lag = StandbyLag<ContinuousClock.Instant>(window: .seconds(10))
        #expect(lag.lag(replayed: lsn(5), now: at(0)) == nil)
    }

    @Test func aStandbyThatHasReplayedEverythingHasNoLagEvenWhenThePrimaryIsIdle() {
        var lag = StandbyLag<ContinuousClock.Instant>(window: .seconds(10))
        lag.primary(at: at(0), position: lsn(100))
        // The primary writes nothing for a minute: its standby is not a minute behind.
        lag.primary(at: at(60_000), position: lsn(100))
        #expect(lag.lag(replayed: lsn(100), now: at(60_000)) == .zero)
        #expect(lag.samples.count == 1)
    }

    @Test func theLagRunsFromTheFirstWriteTheStandbyHasNotReplayed() {
        var lag = StandbyLag<ContinuousClock.Instant>(window: .seconds(10))
        lag.primary(at: at(0), position: lsn(100))
        lag.primary(at: at(200), position: lsn(150))
        lag.primary(at: at(400), position: lsn(150))
        lag.primary(at: at(600), position: lsn(180))
        // Replayed up to 150: it had everything the primary had at 400 ms.
        #expect(lag.lag(replayed: lsn(150), now: at(700)) == .milliseconds(300))
        #expect(lag.lag(replayed: lsn(120), now: at(700)) == .milliseconds(700))
        // Ahead of the last sample (a write after it, already replayed): caught up then.
        #expect(lag.lag(replayed: lsn(200), now: at(700)) == .milliseconds(100))
    }

    @Test func aStandbyBehindEverySampleIsAtLeastTheWindowBehind() {
        var lag = StandbyLag<ContinuousClock.Instant>(window: .seconds(2))
        for step in 0...50 { lag.primary(at: at(step * 200), position: lsn(UInt64(100 + step))) }
        // Samples older than the window are dropped but one, which bounds the lag from below.
        #expect(lag.samples.count <= 12)
        let behind = lag.lag(replayed: lsn(50), now: at(10_000))!
        #expect(behind > .seconds(2))
    }

    @Test func aPositionReadOutOfOrderDoesNotGoBack() {
        var lag = StandbyLag<ContinuousClock.Instant>(window: .seconds(10))
        lag.primary(at: at(0), position: lsn(100))
        lag.primary(at: at(100), position: lsn(90))
        #expect(lag.samples.map(\.position) == [lsn(100)])
        #expect(lag.lag(replayed: lsn(100), now: at(100)) == .zero)
    }
}
