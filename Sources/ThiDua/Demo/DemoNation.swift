import Foundation
import PQ

/// The nation above the provinces, for loads past one city's size: the party's root, then
/// provinces of the demo city's shape (15 districts, about 1,261 grassroots organizations and
/// 125,000 members each), Hải Phòng with the demo district first.
enum DemoNation {
    /// The root, drawn from its own seed so that adding it leaves the city's ids as they were.
    static func root(seed: UInt64) -> DemoDistrict.OrganizationRow {
        var random = SeededRandom(seed: seed &+ 3_000_000)
        let id = UUID(random: &random)
        return DemoDistrict.OrganizationRow(
            id: id, code: "VN", kind: .nation, name: "Đảng Cộng sản Việt Nam", abbreviation: "TW", parentId: nil, ancestors: [id],
            validFrom: CalendarDate(year: 1930, month: 2, day: 3)!, validTo: nil, successorId: nil)
    }

    /// The demo city's rows under the nation: the city's parent is the root and every
    /// organization's ancestors start with it.
    static func place(_ district: DemoDistrict, under root: DemoDistrict.OrganizationRow) -> DemoDistrict {
        var placed = district
        placed.organizations = district.organizations.map { row in
            var row = row
            row.ancestors.insert(root.id, at: 0)
            if row.parentId == nil { row.parentId = root.id }
            return row
        }
        return placed
    }

    /// Provinces after Hải Phòng: the centrally-run cities, then provinces; past the list a
    /// number tells the copies apart.
    static func province(_ index: Int) -> (kind: String, name: String, code: String) {
        let (kind, name, code) = provinces[(index - 1) % provinces.count]
        let round = (index - 1) / provinces.count
        return round == 0 ? (kind, name, code) : (kind, "\(name) \(round + 1)", "\(code)\(round + 1)")
    }

    /// A province's districts: place names drawn in turn from a common list.
    static func districtPlace(province index: Int, district: Int) -> String {
        districtPlaces[(index * 14 + district) % districtPlaces.count]
    }

    private static let provinces: [(String, String, String)] = [
        ("thành phố", "Hà Nội", "HN"), ("thành phố", "Hồ Chí Minh", "HCM"), ("thành phố", "Đà Nẵng", "DNG"), ("thành phố", "Cần Thơ", "CT"),
        ("tỉnh", "Quảng Ninh", "QNI"), ("tỉnh", "Thanh Hóa", "TH"), ("tỉnh", "Nghệ An", "NA"), ("tỉnh", "Thái Bình", "TB"),
        ("tỉnh", "Nam Định", "NDI"), ("tỉnh", "Hải Dương", "HD"), ("tỉnh", "Hưng Yên", "HY"), ("tỉnh", "Bắc Ninh", "BN"),
        ("tỉnh", "Bắc Giang", "BG"), ("tỉnh", "Phú Thọ", "PT"), ("tỉnh", "Vĩnh Phúc", "VP"), ("tỉnh", "Thái Nguyên", "TN"),
        ("tỉnh", "Ninh Bình", "NB"), ("tỉnh", "Hà Nam", "HNA"), ("tỉnh", "Hà Tĩnh", "HT"), ("tỉnh", "Quảng Bình", "QB"),
        ("tỉnh", "Quảng Trị", "QT"), ("tỉnh", "Thừa Thiên Huế", "TTH"), ("tỉnh", "Quảng Nam", "QNA"), ("tỉnh", "Quảng Ngãi", "QNG"),
        ("tỉnh", "Bình Định", "BDI"), ("tỉnh", "Phú Yên", "PY"), ("tỉnh", "Khánh Hòa", "KH"), ("tỉnh", "Đắk Lắk", "DLK"),
        ("tỉnh", "Lâm Đồng", "LDO"), ("tỉnh", "Đồng Nai", "DNA"), ("tỉnh", "Bình Dương", "BD"), ("tỉnh", "Long An", "LA"),
        ("tỉnh", "Tiền Giang", "TG"), ("tỉnh", "Bến Tre", "BT"), ("tỉnh", "An Giang", "AG"), ("tỉnh", "Kiên Giang", "KG"),
        ("tỉnh", "Đồng Tháp", "DTH"), ("tỉnh", "Cà Mau", "CM"), ("tỉnh", "Lào Cai", "LC"), ("tỉnh", "Sơn La", "SL"),
    ]

    private static let districtPlaces = [
        "Đông Hưng", "Tiền Hải", "Kiến Xương", "Vũ Thư", "Quỳnh Phụ", "Hưng Hà", "Thái Thụy", "Gia Lộc", "Tứ Kỳ", "Thanh Miện",
        "Ninh Giang", "Cẩm Giàng", "Bình Giang", "Kim Thành", "Nam Sách", "Yên Mỹ", "Văn Lâm", "Khoái Châu", "Ân Thi", "Phù Cừ",
        "Tiên Lữ", "Kim Động", "Lý Nhân", "Thanh Liêm", "Bình Lục", "Kim Bảng", "Ý Yên", "Vụ Bản", "Nghĩa Hưng", "Hải Hậu",
        "Giao Thủy", "Xuân Trường", "Trực Ninh", "Nam Trực", "Mỹ Lộc", "Gia Viễn", "Yên Khánh", "Kim Sơn", "Nho Quan", "Yên Mô",
        "Quảng Xương", "Hoằng Hóa", "Hậu Lộc", "Nga Sơn", "Thiệu Hóa", "Yên Định", "Vĩnh Lộc", "Thọ Xuân", "Nông Cống", "Tĩnh Gia",
        "Diễn Châu", "Quỳnh Lưu", "Yên Thành", "Đô Lương", "Thanh Chương", "Nam Đàn", "Hưng Nguyên", "Nghi Lộc", "Anh Sơn",
    ]
}
