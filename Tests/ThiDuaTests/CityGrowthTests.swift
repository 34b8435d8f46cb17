import Foundation
import PQ
@testable import ThiDua
import Testing

/// The city grown a part at a time: its shape, its determinism, and ordered ids.
@Suite struct CityGrowthTests {
    let today = CalendarDate("2026-11-25")!

    func grow(_ members: Int) -> [DemoDistrict] {
        let base = DemoDistrict.generate(today: today)
        var growth = CityGrowth(to: .members(members), cityId: base.organizations[0].id, grassrootsSoFar: 11,
                                membersSoFar: base.members.count, cardsSoFar: base.members.count, today: today, seed: 500)
        var parts: [DemoDistrict] = []
        while let part = growth.next() { parts.append(part) }
        return parts
    }

    @Test func partsReachTheSizeAskedForWithUniqueOrderedIds() {
        let parts = grow(40_000)
        let members = parts.flatMap(\.members)
        let base = DemoDistrict.generate(today: today).members.count
        let grassroots = CityScale.members(40_000).grassroots - 11
        #expect(parts.count == (grassroots + CityGrowth.partSize - 1) / CityGrowth.partSize, "40 grassroots organizations a part")
        #expect(parts.flatMap(\.organizations).filter { $0.kind != .cell }.count == grassroots)
        #expect(abs(members.count + base - 40_000) < 200, "\(members.count + base)")
        #expect(Set(members.map(\.id)).count == members.count)
        #expect(Set(members.map(\.fields.partyCardNumber)).count == members.count)
        // Version 7, in the order drawn, parts after one another: inserts land at an index's right edge.
        let ids = members.map(\.id.uuidString)
        #expect(ids == ids.sorted(), "member ids grow across parts")
        #expect(members.allSatisfy { $0.id.uuidString.dropFirst(14).first == "7" })
        let organizations = parts.flatMap(\.organizations).map(\.id.uuidString)
        #expect(organizations == organizations.sorted())
        // Every member sits in a cell of its own part.
        for part in parts {
            let cells = Set(part.organizations.filter { $0.kind == .cell }.map(\.id))
            #expect(part.members.allSatisfy { member in member.assignments.allSatisfy { cells.contains($0.cell) } })
        }
    }

    @Test func theSameSeedGrowsTheSameCity() {
        let first = grow(20_000), second = grow(20_000)
        #expect(first.flatMap(\.members).map(\.id) == second.flatMap(\.members).map(\.id))
        #expect(first.flatMap(\.members).map(\.fields.fullName) == second.flatMap(\.members).map(\.fields.fullName))
    }

    @Test func theDemoDistrictKeepsRandomIds() {
        let members = DemoDistrict.generate(today: today).members
        #expect(members.allSatisfy { $0.id.uuidString.dropFirst(14).first == "4" })
    }
}
