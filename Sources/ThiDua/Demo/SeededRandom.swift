/// SplitMix64: a small deterministic generator, so the same seed gives the same district on
/// every machine and every run.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    /// When set, the ids drawn (`UUID(random:)`) are ordered: version 7 UUIDs whose time field
    /// counts up from this. A million-member load inserts them at the right edge of each
    /// index instead of on random pages all over it.
    var orderedIds: UInt64?

    public init(seed: UInt64, orderedIds: UInt64? = nil) {
        state = seed
        self.orderedIds = orderedIds
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    public mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &self)]
    }

    /// True with probability `p`.
    public mutating func chance(_ p: Double) -> Bool {
        Double.random(in: 0..<1, using: &self) < p
    }
}
