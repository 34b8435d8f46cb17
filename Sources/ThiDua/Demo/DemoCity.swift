import Foundation
import PQ

/// The size of generated data for benchmarks: Hải Phòng in 2020 had 124,934 members in
/// 1,261 grassroots organizations; `members(n)` keeps that shape for another size.
public struct CityScale: Sendable, Equatable {
    public var members: Int
    public var grassroots: Int

    public init(members: Int, grassroots: Int) {
        self.members = members
        self.grassroots = grassroots
    }

    public static let city = CityScale(members: 125_000, grassroots: 1_261)

    public static func members(_ n: Int) -> CityScale {
        CityScale(members: n, grassroots: max(DemoDistrict.wards2016.count, Int((Double(n) * 1_261 / 125_000).rounded())))
    }
}

extension DemoDistrict {
    /// The city's other districts, urban (quận) first.
    static let otherDistricts = [
        ("quận", "Lê Chân"), ("quận", "Ngô Quyền"), ("quận", "Hải An"), ("quận", "Kiến An"), ("quận", "Dương Kinh"),
        ("quận", "Đồ Sơn"), ("huyện", "An Dương"), ("huyện", "An Lão"), ("huyện", "Kiến Thụy"), ("huyện", "Tiên Lãng"),
        ("huyện", "Vĩnh Bảo"), ("huyện", "Thủy Nguyên"), ("huyện", "Cát Hải"), ("huyện", "Bạch Long Vĩ"),
    ]

    /// Adds the city's other districts with grassroots organizations (wards, communes, schools,
    /// firms) and their members until the city reaches `scale`.
    mutating func grow(to scale: CityScale, cityId: UUID, today: CalendarDate, card: inout Int, random: inout SeededRandom) {
        let grassrootsSoFar = organizations.filter { $0.kind == .ward || $0.kind == .grassroots }.count
        let remaining = scale.grassroots - grassrootsSoFar
        guard remaining > 0 else { return }
        var districts: [UUID] = []
        for (index, (kind, place)) in Self.otherDistricts.enumerated() {
            let id = UUID(random: &random)
            districts.append(id)
            organizations.append(OrganizationRow(
                id: id, code: String(format: "HP-D%02d", index + 2), kind: .district, name: "Đảng bộ \(kind) \(place)",
                abbreviation: kind == "quận" ? "QU" : "HU", parentId: cityId, ancestors: [cityId, id],
                validFrom: CalendarDate(year: 1961, month: 1, day: 1)!, validTo: nil, successorId: nil))
        }
        let units = ["Trường Trung học cơ sở", "Bệnh viện", "Công ty Cổ phần", "Ban Quản lý dự án", "Trung tâm Y tế"]
        for number in 1...remaining {
            let districtIndex = (number - 1) % districts.count
            let districtId = districts[districtIndex]
            let (kind, place) = Self.otherDistricts[districtIndex]
            let isWard = number % 3 != 0
            let id = UUID(random: &random)
            let name = isWard ? "Đảng bộ \(kind == "quận" ? "phường" : "xã") \(place) \(number)" : "Đảng bộ \(random.pick(units)) \(place) \(number)"
            let code = String(format: "HP-D%02d-G%04d", districtIndex + 2, number)
            organizations.append(OrganizationRow(
                id: id, code: code, kind: isWard ? .ward : .grassroots, name: name, abbreviation: "ĐU", parentId: districtId,
                ancestors: [cityId, districtId, id], validFrom: Self.founded, validTo: nil, successorId: nil))
            // Cells of 12–30 members until the organization reaches its share of the city.
            let target = (scale.members - members.count) / (remaining - number + 1)
            var cellNumber = 0, enrolled = 0
            repeat {
                cellNumber += 1
                let cellId = UUID(random: &random)
                organizations.append(OrganizationRow(
                    id: cellId, code: "\(code)-CB\(cellNumber)", kind: .cell, name: "Chi bộ số \(cellNumber)", abbreviation: "CB",
                    parentId: id, ancestors: [cityId, districtId, id, cellId], validFrom: Self.founded, validTo: nil, successorId: nil))
                let size = min(Int.random(in: 12...30, using: &random), max(12, target - enrolled))
                for _ in 0..<size {
                    card += 1
                    members.append(Self.makeMember(card: card, cell: cellId, today: today, random: &random))
                }
                enrolled += size
            } while enrolled < target
        }
    }
}
