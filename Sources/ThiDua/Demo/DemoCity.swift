import Foundation
import PQ

/// The size of generated data for benchmarks: Hải Phòng in 2020 had 124,934 members in
/// 1,261 grassroots organizations; `members(n)` keeps that shape for another size.
public struct CityScale: Sendable, Equatable {
    public var members: Int
    public var grassroots: Int
    /// Provinces of the city's shape: past one, the city is the first of them under a
    /// national root.
    public var provinces: Int

    public init(members: Int, grassroots: Int, provinces: Int = 1) {
        self.members = members
        self.grassroots = grassroots
        self.provinces = max(1, provinces)
    }

    public static let city = CityScale(members: 125_000, grassroots: 1_261)

    /// One city up to a city's size, then as many provinces as hold the members (eight for a
    /// million).
    public static func members(_ n: Int) -> CityScale {
        CityScale(members: n, grassroots: max(DemoDistrict.wards2016.count, Int((Double(n) * 1_261 / 125_000).rounded())),
                  provinces: (n + city.members - 1) / city.members)
    }
}

extension DemoDistrict {
    /// The city's other districts, urban (quận) first.
    static let otherDistricts = [
        ("quận", "Lê Chân"), ("quận", "Ngô Quyền"), ("quận", "Hải An"), ("quận", "Kiến An"), ("quận", "Dương Kinh"),
        ("quận", "Đồ Sơn"), ("huyện", "An Dương"), ("huyện", "An Lão"), ("huyện", "Kiến Thụy"), ("huyện", "Tiên Lãng"),
        ("huyện", "Vĩnh Bảo"), ("huyện", "Thủy Nguyên"), ("huyện", "Cát Hải"), ("huyện", "Bạch Long Vĩ"),
    ]
}

/// The rest of a city around the demo district, generated a part at a time so that a million
/// members take no more memory than a few thousand: each part is a run of grassroots
/// organizations (wards, communes, schools, firms) with their cells and members, written with
/// its yearly cycle and recognition before the next is made. Past one city's size the city is
/// the first province of a nation (`DemoNation`), and the parts go on into the next provinces.
///
/// Each part draws from its own seed, so the city is the same on every machine.
struct CityGrowth: IteratorProtocol {
    /// Grassroots organizations a part: about 4,000 members at the city's shape.
    static let partSize = 40

    let scale: CityScale
    let today: CalendarDate
    let seed: UInt64
    /// The nation's root, when there is more than one province.
    let nation: UUID?
    /// The city's other districts, written before the first part.
    let districts: [DemoDistrict.OrganizationRow]
    /// How many grassroots organizations are still to make, and how many members so far.
    private let total: Int
    private let grassrootsSoFar: Int
    private let perProvince: Int
    private var number = 0
    /// The part last made, counted from 1.
    private var part: UInt64 = 0
    private var members: Int
    private var card: Int
    /// The province being filled (0 the demo city), with its districts and their kind of place.
    private var province = 0
    private var provinceDistricts: [(row: DemoDistrict.OrganizationRow, kind: String, place: String)]

    init(to scale: CityScale, city: DemoDistrict.OrganizationRow, nation: UUID?, grassrootsSoFar: Int, membersSoFar: Int, cardsSoFar: Int,
         today: CalendarDate, seed: UInt64) {
        self.scale = scale
        self.today = today
        self.seed = seed
        self.nation = nation
        self.grassrootsSoFar = grassrootsSoFar
        total = max(0, scale.grassroots - grassrootsSoFar)
        perProvince = (scale.grassroots + scale.provinces - 1) / scale.provinces
        members = membersSoFar
        card = cardsSoFar
        var random = SeededRandom(seed: seed &+ 1_000_000)
        provinceDistricts = total == 0 ? [] : DemoDistrict.otherDistricts.enumerated().map { index, district in
            let id = UUID(random: &random)
            let row = DemoDistrict.OrganizationRow(
                id: id, code: String(format: "HP-D%02d", index + 2), kind: .district, name: "Đảng bộ \(district.0) \(district.1)",
                abbreviation: district.0 == "quận" ? "QU" : "HU", parentId: city.id, ancestors: city.ancestors + [id],
                validFrom: CalendarDate(year: 1961, month: 1, day: 1)!, validTo: nil, successorId: nil)
            return (row, district.0, district.1)
        }
        districts = provinceDistricts.map(\.row)
    }

    /// The next part; nil once the city has its size.
    mutating func next() -> DemoDistrict? {
        guard number < total else { return nil }
        part += 1
        var random = SeededRandom(seed: seed &+ 1_000_000 &+ part, orderedIds: orderedIds(0))
        var organizations: [DemoDistrict.OrganizationRow] = []
        var partMembers: [DemoDistrict.MemberRow] = []
        var cells: [UUID] = []
        let units = ["Trường Trung học cơ sở", "Bệnh viện", "Công ty Cổ phần", "Ban Quản lý dự án", "Trung tâm Y tế"]
        for _ in 0..<min(Self.partSize, total - number) {
            number += 1
            let next = min(scale.provinces - 1, (grassrootsSoFar + number - 1) / perProvince)
            if next != province, let nation {
                organizations += enter(province: next, under: nation, random: &random)
            }
            let districtIndex = (number - 1) % provinceDistricts.count
            let (district, kind, place) = provinceDistricts[districtIndex]
            let isWard = number % 3 != 0
            let id = UUID(random: &random)
            let name = isWard ? "Đảng bộ \(kind == "quận" ? "phường" : "xã") \(place) \(number)" : "Đảng bộ \(random.pick(units)) \(place) \(number)"
            let code = district.code + String(format: "-G%05d", number)
            let ancestors = district.ancestors + [id]
            organizations.append(DemoDistrict.OrganizationRow(
                id: id, code: code, kind: isWard ? .ward : .grassroots, name: name, abbreviation: "ĐU", parentId: district.id,
                ancestors: ancestors, validFrom: DemoDistrict.founded, validTo: nil, successorId: nil))
            // Cells of 12–30 members until the organization reaches its share of the city.
            let target = (scale.members - members) / (total - number + 1)
            var cellNumber = 0, enrolled = 0
            repeat {
                cellNumber += 1
                let cellId = UUID(random: &random)
                cells.append(cellId)
                organizations.append(DemoDistrict.OrganizationRow(
                    id: cellId, code: "\(code)-CB\(cellNumber)", kind: .cell, name: "Chi bộ số \(cellNumber)", abbreviation: "CB",
                    parentId: id, ancestors: ancestors + [cellId], validFrom: DemoDistrict.founded, validTo: nil, successorId: nil))
                let size = min(Int.random(in: 12...30, using: &random), max(12, target - enrolled))
                for _ in 0..<size {
                    card += 1
                    partMembers.append(DemoDistrict.makeMember(card: card, cell: cellId, today: today, random: &random))
                }
                enrolled += size
            } while enrolled < target
            members += enrolled
        }
        DemoDistrict.transferAndHead(&partMembers, between: cells, random: &random)
        return DemoDistrict(organizations: organizations, predecessors: [], members: partMembers)
    }

    /// A further province's committee and its 15 districts, written with the part that
    /// starts it; the grassroots organizations that follow go to its districts.
    private mutating func enter(province index: Int, under nation: UUID, random: inout SeededRandom) -> [DemoDistrict.OrganizationRow] {
        let (kind, name, code) = DemoNation.province(index)
        let id = UUID(random: &random)
        let city = DemoDistrict.OrganizationRow(
            id: id, code: code, kind: .city, name: "Đảng bộ \(kind) \(name)", abbreviation: "TU", parentId: nation, ancestors: [nation, id],
            validFrom: CalendarDate(year: 1930, month: 2, day: 3)!, validTo: nil, successorId: nil)
        province = index
        provinceDistricts = (0..<DemoDistrict.otherDistricts.count + 1).map { number in
            let place = DemoNation.districtPlace(province: index, district: number)
            let districtId = UUID(random: &random)
            let row = DemoDistrict.OrganizationRow(
                id: districtId, code: code + String(format: "-D%02d", number + 1), kind: .district, name: "Đảng bộ huyện \(place)",
                abbreviation: "HU", parentId: id, ancestors: [nation, id, districtId],
                validFrom: CalendarDate(year: 1961, month: 1, day: 1)!, validTo: nil, successorId: nil)
            return (row, "huyện", place)
        }
        return [city] + provinceDistricts.map(\.row)
    }

    /// The seed of a part's cycle and recognition.
    func partSeed() -> UInt64 { seed &+ 2_000_000 &+ UInt64(number) }

    /// Where the ordered ids of the current part start for each of its generators (0 the
    /// organizations and members, 1 the cycle, 2 the recognition): 2^22 ids each, parts in
    /// order, as version 7 times from 1 January 2016.
    func orderedIds(_ generator: UInt64) -> UInt64 {
        1_451_606_400_000 + part << 24 + generator << 22
    }
}
