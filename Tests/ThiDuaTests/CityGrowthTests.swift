import Foundation
import PQ
@testable import ThiDua
import Testing

/// The city grown a part at a time: its shape, its determinism, and ordered ids.
@Suite struct CityGrowthTests {
    let today = CalendarDate("2026-11-25")!

    func grow(_ members: Int) -> [DemoDistrict] {
        grow(.members(members), nation: nil).parts
    }

    func grow(_ scale: CityScale, nation: DemoDistrict.OrganizationRow?) -> (city: DemoDistrict, growth: CityGrowth, parts: [DemoDistrict]) {
        var base = DemoDistrict.generate(today: today)
        if let nation { base = DemoNation.place(base, under: nation) }
        var growth = CityGrowth(to: scale, city: base.organizations[0], nation: nation?.id, grassrootsSoFar: 11,
                                membersSoFar: base.members.count, cardsSoFar: base.members.count, today: today, seed: 500)
        let start = growth
        var parts: [DemoDistrict] = []
        while let part = growth.next() { parts.append(part) }
        return (base, start, parts)
    }

    /// Past a city's size the city is the first province of a nation, and the others have its shape.
    @Test func provincesUnderTheNation() {
        let nation = DemoNation.root(seed: 500)
        let (city, growth, parts) = grow(CityScale(members: 30_000, grassroots: 300, provinces: 3), nation: nation)
        let hp = city.organizations[0]
        #expect(hp.code == "HP" && hp.parentId == nation.id && hp.ancestors.first == nation.id)
        #expect(city.organizations.allSatisfy { $0.ancestors.first == nation.id && $0.ancestors.last == $0.id })
        let grown = growth.districts + parts.flatMap(\.organizations)
        let provinces = grown.filter { $0.kind == .city }
        #expect(provinces.map(\.code) == ["HN", "HCM"])
        #expect(provinces.map(\.name) == ["Đảng bộ thành phố Hà Nội", "Đảng bộ thành phố Hồ Chí Minh"])
        #expect(provinces.allSatisfy { $0.parentId == nation.id && $0.ancestors == [nation.id, $0.id] })
        #expect(Set(grown.map(\.code)).count == grown.count, "codes are unique")
        // Every row hangs under its parent's ancestors, the nation first.
        let byId = Dictionary(uniqueKeysWithValues: ([nation] + city.organizations + grown).map { ($0.id, $0) })
        #expect(grown.allSatisfy { row in row.parentId.flatMap { byId[$0] }.map { row.ancestors == $0.ancestors + [row.id] } ?? false })
        // A province's share of grassroots organizations, Hải Phòng's counting the demo district's 11.
        let grassroots = grown.filter { $0.kind == .ward || $0.kind == .grassroots }
        let perProvince = Dictionary(grouping: grassroots, by: { $0.ancestors[1] }).mapValues(\.count)
        #expect(perProvince == [hp.id: 89, provinces[0].id: 100, provinces[1].id: 100])
        #expect(grown.filter { $0.kind == .district }.count == 14 + 2 * 15)
        let members = parts.flatMap(\.members)
        #expect(abs(members.count + city.members.count - 30_000) < 200)
        #expect(Set(members.map(\.fields.partyCardNumber)).count == members.count)
    }

    @Test func aMillionIsEightProvinces() {
        #expect(CityScale.members(1_000_000).provinces == 8)
        #expect(CityScale.members(125_000).provinces == 1)
        #expect(CityScale.city.provinces == 1)
        #expect(CityScale.members(5_000).provinces == 1)
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
