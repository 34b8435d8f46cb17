import Foundation
import ThiDua

/// An import's row errors in the words of the page: the column by its Vietnamese heading and
/// what to put right. The checks are the API's (`MemberImport`), whose messages are English.
enum ImportMessages {
    static let columns: [String: String] = [
        "fullName": "Họ và tên (fullName)", "gender": "Giới tính (gender)", "birthDate": "Ngày sinh (birthDate)",
        "partyCardNumber": "Số thẻ (partyCardNumber)", "admittedOn": "Ngày vào Đảng (admittedOn)",
        "officialOn": "Ngày chính thức (officialOn)", "category": "Đối tượng (category)", "position": "Chức vụ (position)",
        "isHead": "Người đứng đầu (isHead)", "cellCode": "Mã chi bộ (cellCode)", "": "Cả dòng",
    ]

    static func column(_ name: String) -> String { columns[name] ?? name }

    static func message(_ error: ImportError) -> String {
        let text = error.message
        if text == "is required" { return "Bỏ trống; cần điền." }
        if text.hasPrefix("must be at most") { return "Quá dài: \(text.replacingOccurrences(of: "must be at most ", with: "tối đa ").replacingOccurrences(of: "characters", with: "ký tự"))." }
        if text.hasPrefix("must be a real date") { return "Không phải ngày có thật, viết theo dạng năm-tháng-ngày (YYYY-MM-DD), ví dụ 1995-05-19." }
        if text.hasPrefix("must be true or false") { return "Ghi true hoặc false." }
        if text.hasPrefix("must be ") { return "Giá trị không có trong danh mục; dùng một trong: \(text.dropFirst("must be ".count))." }
        if text.hasPrefix("must not contain") || text.hasPrefix("must be on one line") || text.contains("control character") {
            return "Có ký tự điều khiển; bỏ chúng đi."
        }
        if text.hasPrefix("repeats line") { return "Số thẻ trùng với dòng \(text.dropFirst("repeats line ".count)) của tệp." }
        if text == "already belongs to a member" { return "Số thẻ này đã là của một đảng viên." }
        if text == "no organization has this code" { return "Không có chi bộ nào mang mã này trong phạm vi của bạn." }
        if text.hasPrefix("is a ") { return "Mã này không phải của một chi bộ." }
        if text.hasPrefix("the cell closed on") { return "Chi bộ đã kết thúc hoạt động trước ngày vào Đảng." }
        if text.hasPrefix("has ") && text.contains("fields") { return "Số cột của dòng khác với dòng tiêu đề." }
        if text.hasPrefix("missing column") { return "Thiếu cột trong dòng tiêu đề: \(text.dropFirst("missing column(s): ".count))." }
        if text.hasPrefix("the file is empty") { return "Tệp trống; dòng đầu phải là tiêu đề \(MemberImport.columns.joined(separator: ","))." }
        switch error.column {
        case "officialOn": return "Ngày chính thức không được trước ngày vào Đảng."
        case "birthDate": return "Ngày sinh phải trước ngày vào Đảng và không sau hôm nay."
        case "admittedOn": return "Ngày vào Đảng không được sau hôm nay."
        default: return "Giá trị không hợp lệ (\(text))."
        }
    }
}
