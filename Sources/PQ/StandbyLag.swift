/// How far behind the primary a standby is, worked out from samples of the primary's log
/// position: a standby that has replayed up to `R` holds every write the primary had made by
/// the latest sample whose position is at most `R`; its lag is the time since that sample.
///
/// Plain values, no I/O (the monitor in `PQStandbySet` feeds it): replay timestamps alone
/// would call an idle primary's standby late, and positions alone say nothing of time.
struct StandbyLag<Instant: InstantProtocol> {
    struct Sample {
        var at: Instant
        var position: PQWALPosition
    }

    /// Oldest first; positions strictly increasing.
    private(set) var samples: [Sample] = []
    /// How long samples are kept: a standby further behind than this is reported as this far.
    let window: Instant.Duration

    init(window: Instant.Duration) { self.window = window }

    /// The primary was at `position` at `at`.
    mutating func primary(at: Instant, position: PQWALPosition) {
        if let last = samples.last, position <= last.position {
            // Unchanged (or a position read out of order): the primary was still there now.
            samples[samples.count - 1].at = at
        } else {
            samples.append(Sample(at: at, position: position))
        }
        // Keep one sample older than the window, so that a standby that far behind has a bound.
        while samples.count > 2, samples[1].at.advanced(by: window) < at { samples.removeFirst() }
    }

    /// The last time at which the primary had nothing the standby has not replayed; nil when
    /// no sample says so (no sample yet, or the standby is further behind than the samples).
    func caughtUp(replayed: PQWALPosition) -> Instant? {
        samples.last { $0.position <= replayed }?.at
    }

    /// The standby's lag at `now`; nil when unknown. Past the samples, at least the window.
    func lag(replayed: PQWALPosition, now: Instant) -> Instant.Duration? {
        if let caughtUp = caughtUp(replayed: replayed) { return caughtUp.duration(to: now) }
        guard let oldest = samples.first else { return nil }
        return oldest.at.duration(to: now)
    }
}
