import Foundation
import PQ

/// What a signed-in person's home page is built from: their name, each grant with the
/// organization (and member) it is about, and the years that have rules.
public struct Home: Sendable {
    public struct Place: Sendable {
        public var grant: Grant
        public var organization: Organization?
        public var memberName: String?
        public var memberCellName: String?
    }

    public var fullName: String
    public var places: [Place]
    /// Years with a rule set, newest first.
    public var years: [Int]
}

public struct HomeStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    public func load(_ caller: Caller) async throws -> Home {
        try await pool.withConnection { connection in
            let fullName = try await connection.query("SELECT full_name FROM app_user WHERE id = \(caller.userId)").first?.decode(String.self, at: 0)
            var places: [Home.Place] = []
            for grant in caller.grants {
                var place = Home.Place(grant: grant)
                if let id = grant.organizationId { place.organization = try? await OrganizationStore.get(id, on: connection) }
                if let memberId = grant.memberId, let row = try await connection.query("""
                    SELECT m.full_name, o.name FROM member m JOIN organization o ON o.id = m.organization_id WHERE m.id = \(memberId)
                    """).first {
                    (place.memberName, place.memberCellName) = try row.decode((String?, String?).self)
                }
                places.append(place)
            }
            let years = try await connection.query("SELECT year::int8 FROM rule_set ORDER BY year DESC").column(Int.self)
            return Home(fullName: fullName ?? caller.username, places: places, years: years)
        }
    }
}
