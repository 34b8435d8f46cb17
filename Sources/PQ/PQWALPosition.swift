/// A position in PostgreSQL's write-ahead log (`pg_lsn`): where a write ended on the primary,
/// how far a standby has replayed. Written as PostgreSQL writes it, `16/B374D848`.
public struct PQWALPosition: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let value: UInt64

    public init(_ value: UInt64) { self.value = value }

    /// Parses `X/Y` (two hexadecimal halves); nil for anything else, so that a position sent
    /// back by a client is either understood or ignored.
    public init?(_ text: some StringProtocol) {
        let halves = text.split(separator: "/", omittingEmptySubsequences: false)
        guard halves.count == 2, (1...8).contains(halves[0].count), (1...8).contains(halves[1].count),
              let high = UInt64(halves[0], radix: 16), let low = UInt64(halves[1], radix: 16) else { return nil }
        value = high << 32 | low
    }

    public var description: String {
        String(value >> 32, radix: 16, uppercase: true) + "/" + String(value & 0xFFFF_FFFF, radix: 16, uppercase: true)
    }

    public static func < (lhs: PQWALPosition, rhs: PQWALPosition) -> Bool { lhs.value < rhs.value }
}

extension PQWALPosition: PQDecodable {
    /// Reads a `pg_lsn` column (or its text).
    public static func decode(from cell: PQCell) throws -> PQWALPosition {
        guard let position = PQWALPosition(cell.string) else { throw cell.malformed(PQWALPosition.self) }
        return position
    }
}
