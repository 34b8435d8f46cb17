/// Name parts in their usual proportions (common family names repeat in the list).
enum VietnameseNames {
    static let family = ["Nguyễn", "Nguyễn", "Nguyễn", "Nguyễn", "Trần", "Trần", "Lê", "Lê", "Phạm", "Phạm", "Hoàng",
                         "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đào", "Đoàn", "Vương", "Trịnh", "Mai",
                         "Tô", "Lương", "Đinh", "Phan", "Cao"]
    static let maleMiddle = ["Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Thanh", "Xuân", "Ngọc", "Công", "Mạnh",
                             "Đình", "Trọng", "Tiến", "Hồng", "Anh"]
    static let femaleMiddle = ["Thị", "Thị", "Thị", "Thu", "Ngọc", "Thanh", "Minh", "Hồng", "Thuý", "Kim", "Phương", "Bích",
                               "Diệu", "Hải", "Lan"]
    static let maleGiven = ["An", "Bình", "Cường", "Dũng", "Đạt", "Đông", "Giang", "Hải", "Hiếu", "Hoà", "Hùng", "Huy",
                            "Khánh", "Khoa", "Kiên", "Lâm", "Long", "Luân", "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quân",
                            "Quang", "Sơn", "Tài", "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh"]
    static let femaleGiven = ["Anh", "Ánh", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Huệ",
                              "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh",
                              "Tâm", "Thảo", "Thu", "Thủy", "Trang", "Tuyết", "Vân", "Yến"]

    static func make(_ gender: Gender, _ random: inout SeededRandom) -> String {
        switch gender {
        case .male: "\(random.pick(family)) \(random.pick(maleMiddle)) \(random.pick(maleGiven))"
        case .female: "\(random.pick(family)) \(random.pick(femaleMiddle)) \(random.pick(femaleGiven))"
        }
    }
}
