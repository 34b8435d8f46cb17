import Foundation
import ThiDua

/// The member rows of a ward's decision page, written as HTML directly: a city ward has 1,600
/// members, and through Mustache their rows (a dictionary per member, a context lookup per
/// tag, escaping of every value) took half of the page's time. The markup is the one the
/// template had; names and reasons are escaped, ids and codes are the page's own.
struct WardDecisionRows {
    struct Row {
        var entry: WardYear.Entry
        var grade: String?
        var reason: String
        var showReason: Bool
        var reasonError: String?
    }

    static let gradeOptions: [(code: String, label: String)] = WardDecisionPage.grades.map { ($0.rawValue, VietnameseLabels.grade($0)) }

    /// The form's rows: name, the cell's proposal, "Xếp loại" preset, "Lý do" shown where needed.
    static func form(_ rows: [Row]) -> String {
        var out = ""
        out.reserveCapacity(rows.count * 1_300)
        for row in rows {
            let id = WardDecisionPage.key(row.entry.memberId)
            out += "<div class=\"member-row\" role=\"group\" aria-labelledby=\"name-\(id)\">\n<h3 id=\"name-\(id)\">"
            HTML.append(row.entry.fullName, to: &out)
            out += "</h3>\n<p class=\"muted\">Chi bộ đề xuất: "
            out += row.entry.proposal.map(VietnameseLabels.grade) ?? "chưa có đề xuất"
            out += "</p>\n<div class=\"field\">\n<label for=\"grade-\(id)\">Xếp loại</label>\n"
            out += "<select id=\"grade-\(id)\" name=\"grades.\(id).grade\" data-grade data-proposal=\"\(row.entry.proposal?.rawValue ?? "")\" data-reason=\"reason-\(id)\">\n"
            out += "<option value=\"\">— Chưa xếp loại —</option>"
            for option in gradeOptions {
                out += "<option value=\"\(option.code)\"\(option.code == row.grade ? " selected" : "")>\(option.label)</option>"
            }
            out += "\n</select>\n</div>\n"
            out += "<div class=\"field\(row.reasonError != nil ? " invalid" : "")\" data-reason-box=\"reason-\(id)\"\(row.showReason ? "" : " hidden")>\n"
            out += "<label for=\"reason-\(id)\">Lý do</label>\n"
            if let error = row.reasonError {
                out += "<p class=\"field-error\" id=\"reason-\(id)-error\">"
                HTML.append(error, to: &out)
                out += "</p>\n"
            }
            out += "<textarea id=\"reason-\(id)\" name=\"grades.\(id).reason\" rows=\"2\""
            if row.reasonError != nil { out += " aria-invalid=\"true\" aria-describedby=\"reason-\(id)-error\"" }
            out += ">"
            HTML.append(row.reason, to: &out)
            out += "</textarea>\n</div>\n</div>\n"
        }
        return out
    }

    /// The decided year's table rows: name, proposal, grade, reason.
    static func table(_ rows: [Row]) -> String {
        var out = ""
        out.reserveCapacity(rows.count * 200)
        for row in rows {
            out += "<tr><th scope=\"row\">"
            HTML.append(row.entry.fullName, to: &out)
            out += "</th><td>\(row.entry.proposal.map(VietnameseLabels.grade) ?? "chưa có đề xuất")</td><td>"
            out += row.grade.flatMap(Grade.init(rawValue:)).map(VietnameseLabels.grade) ?? "Chưa xếp loại"
            out += "</td><td>"
            HTML.append(row.reason, to: &out)
            out += "</td></tr>"
        }
        return out
    }
}
