import Foundation
import PQ

/// Accounts to try each role on the demo district, all with one password: a party member,
/// the secretary of that member's cell, the ward's secretary, and district staff and a viewer.
public enum DemoAccounts {
    public struct Created: Sendable {
        public var username: String
        public var role: Role
        public var about: String
    }

    /// Creates the accounts when none of them exists yet; returns what it created.
    public static func create(accounts: AccountStore, pool: PQPool, password: String) async throws -> [Created] {
        guard try await pool.query("SELECT count(*)::int8 FROM app_user WHERE username = 'dangvien'")[0].decode(Int.self, at: 0) == 0 else { return [] }
        // The first cell of the first ward by name, and its first member in Vietnamese order,
        // among those still in the party.
        guard let row = try await pool.query("""
            SELECT m.id, m.full_name, c.id, c.name, w.id, w.name, d.id, d.name
            FROM organization d
            JOIN organization w ON w.parent_id = d.id AND w.kind = 'WARD' AND w.valid_to IS NULL
            JOIN organization c ON c.parent_id = w.id AND c.kind = 'CELL' AND c.valid_to IS NULL
            JOIN member m ON m.organization_id = c.id AND m.status IN ('OFFICIAL', 'PROBATIONARY')
            WHERE d.kind = 'DISTRICT' AND d.code = 'HP-HB'
            ORDER BY w.name COLLATE vietnamese, c.name COLLATE vietnamese, m.given_name COLLATE vietnamese, m.full_name COLLATE vietnamese
            LIMIT 1
            """).first else { return [] }
        let (memberId, memberName, cellId, cellName, wardId, wardName, districtId, districtName) =
            try row.decode((UUID, String, UUID, String, UUID, String, UUID, String).self)
        let plan: [(String, String, Role, UUID?, UUID?, String)] = [
            ("dangvien", memberName, .member, cellId, memberId, "\(memberName), \(cellName)"),
            ("bithu", "Bí thư \(cellName)", .secretary, cellId, nil, cellName),
            ("phuong", "Bí thư \(wardName)", .secretary, wardId, nil, wardName),
            ("quan", "Cán bộ \(districtName)", .staff, districtId, nil, districtName),
            ("xem", "Người xem \(districtName)", .viewer, districtId, nil, districtName),
        ]
        var created: [Created] = []
        for (username, fullName, role, organizationId, member, about) in plan {
            let account = try await accounts.create(username: username, password: password, fullName: fullName, scope: .system, context: WriteContext())
            _ = try await accounts.grant(account.id, role: role, organizationId: organizationId, memberId: member, scope: .system, context: WriteContext())
            created.append(Created(username: username, role: role, about: about))
        }
        return created
    }
}
