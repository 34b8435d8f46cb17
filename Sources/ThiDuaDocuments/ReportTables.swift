import Foundation
import ThiDua

/// The tables of each report, one per section, in print order.
public enum ReportTables {
    typealias Cell = ReportTable.Cell

    /// The key figures as labelled rows: (label, value of a year's figures).
    static var keyRows: [(String, (KeyFigures) -> Cell)] { [
        ("Đảng viên", { .count($0.roster.members) }),
        ("Đăng ký cam kết", { .count($0.commitments.registered) }),
        ("Đã nộp bản cam kết", { .count($0.commitments.submitted) }),
        ("Được chi bộ xác nhận", { .count($0.commitments.acknowledged) }),
        ("Đăng ký muộn", { .count($0.commitments.late) }),
        ("Tỷ lệ được xác nhận", { .ratio($0.commitments.share) }),
        ("Nộp bản tự kiểm điểm", { .count($0.selfAssessments.submitted) }),
        ("Cuộc kiểm điểm", { .count($0.reviews.held) }),
        ("Trong đó mở lại", { .count($0.reviews.reopened) }),
        ("HTXSNV", { .count($0.grades.htxsnv) }),
        ("HTTNV", { .count($0.grades.httnv) }),
        ("HTNV", { .count($0.grades.htnv) }),
        ("KHTNV", { .count($0.grades.khtnv) }),
        ("Chưa xếp loại", { .count($0.grades.ungraded) }),
        ("Tỷ lệ HTXSNV/HTTNV", { .ratio($0.grades.quotaRatio) }),
    ] }

    public static func of(_ figures: FrozenFigures) -> [ReportTable] {
        switch figures {
        case .annual(let report): annual(report)
        case .summary(let report): summary(report)
        }
    }

    static func annual(_ report: AnnualReport) -> [ReportTable] {
        let year = report.figures, previous = report.previousYear
        var general = ReportTable(title: "Số liệu chung năm \(report.year)",
                                  columns: ["Chỉ tiêu", "Năm \(report.year)", "Năm \(report.year - 1)", "Tăng, giảm"], rows: [])
        for (label, value) in keyRows {
            let now = value(year.key), before = previous.map { value($0.key) }
            var change = Cell.text("")
            if case .count(let a) = now, case .count(let b)? = before { change = .change(a - b) }
            general.rows.append([.text(label), now, before ?? .text(""), change])
        }
        var tables = [general, criteria(report.criterionNames, year.criteria, title: "Đánh giá theo tiêu chí năm \(report.year)")]
        tables += recognition(year, title: "năm \(report.year)")
        tables.append(children(report.children.map { ($0.organization, $0.figures) }, title: "Các đơn vị trực thuộc năm \(report.year)"))
        return tables
    }

    static func summary(_ report: SummaryReport) -> [ReportTable] {
        let span = "\(report.from)–\(report.to)"
        var years = ReportTable(title: "Số liệu theo năm \(span)", columns: ["Chỉ tiêu"] + report.years.map { String($0.key.year) } + ["Cộng"], rows: [])
        let totals = KeyFigures(year: 0, roster: RosterFigures(members: report.totals.memberYears), commitments: report.totals.commitments,
                                selfAssessments: report.totals.selfAssessments, reviews: report.totals.reviews, grades: report.totals.grades)
        for (label, value) in keyRows {
            years.rows.append([.text(label)] + report.years.map { value($0.key) } + [value(totals)])
        }
        let recognitionRows: [(String, (YearFigures) -> Int)] = [
            ("Khen thưởng", { $0.commendations.total }), ("Gương điển hình phát hiện", { $0.exemplars.total }),
            ("Huy hiệu Đảng trao tặng", { $0.badges.total }), ("Hoạt động tuyên truyền", { $0.activities.byChannel.total }),
        ]
        for (label, value) in recognitionRows {
            years.rows.append([.text(label)] + report.years.map { .count(value($0)) } + [.count(report.years.reduce(0) { $0 + value($1) })])
        }
        var trend = ReportTable(title: "Xu hướng theo tiêu chí \(span)",
                                columns: ["Tiêu chí", "Năm"] + CriterionLevel.allCases.map(VietnameseLabels.level) + ["Tỷ lệ xuất sắc"], rows: [])
        for criterion in report.criteria {
            for year in criterion.years {
                trend.rows.append([.text(criterion.name), .text(String(year.year))]
                                  + CriterionLevel.allCases.map { .count(year.levels[$0.rawValue]) } + [.ratio(year.excellentShare)])
            }
        }
        var childYears = ReportTable(title: "Các đơn vị trực thuộc theo năm \(span)", columns: childColumns(withYear: true), rows: [])
        for child in report.children {
            for figures in child.years { childYears.rows.append(childRow(child.organization, figures, withYear: true)) }
        }
        var totalsTable = ReportTable(title: "Tổng cộng \(span)", columns: ["Chỉ tiêu", "Giá trị"], rows: [
            [.text("Số năm"), .count(report.totals.years)],
            [.text("Lượt đảng viên (cộng các năm)"), .count(report.totals.memberYears)],
            [.text("Số đảng viên khác nhau"), .count(report.totals.distinctMembers)],
        ])
        for (label, value) in keyRows.dropFirst() { totalsTable.rows.append([.text(label), value(totals)]) }
        let totalYear = YearFigures(key: totals, criteria: [:], commendations: report.totals.commendations, exemplars: report.totals.exemplars,
                                    badges: report.totals.badges, activities: report.totals.activities)
        var tables = [years, trend, childYears, totalsTable] + recognition(totalYear, title: span)
        tables.append(ReportTable(title: "Ghi chú", columns: ["Năm", "Nội dung"],
                                  rows: report.notes.map { [.text(String($0.year)), .text($0.text)] }))
        return tables
    }

    /// One figure of every child in every year of a summary: the child × year matrix of print.
    static func childMatrix(_ report: SummaryReport, title: String, value: (KeyFigures) -> Cell) -> ReportTable {
        let years = Array(report.from...report.to)
        return ReportTable(title: title, columns: ["Đơn vị"] + years.map(String.init), rows: report.children.map { child in
            var name = PartyHeading.place(name: child.organization.name)
            if let validTo = child.organization.validTo {
                name += " (đến \(validTo.day)/\(validTo.month)/\(validTo.year)"
                    + (child.organization.successor.map { ", hợp nhất vào \(PartyHeading.place(name: $0.name)))" } ?? ")")
            }
            return [.text(name)] + years.map { year in child.years.first { $0.year == year }.map(value) ?? .text("") }
        })
    }

    static func criteria(_ names: [CriterionName], _ levels: [String: Tally], title: String) -> ReportTable {
        ReportTable(title: title, columns: ["Tiêu chí"] + CriterionLevel.allCases.map(VietnameseLabels.level) + ["Cộng"],
                    rows: names.map { name in
                        let tally = levels[name.code] ?? Tally(CriterionLevel.self)
                        return [.text(name.name)] + CriterionLevel.allCases.map { .count(tally[$0.rawValue]) } + [.count(tally.total)]
                    })
    }

    static func recognition(_ figures: YearFigures, title: String) -> [ReportTable] {
        [
            ReportTable(title: "Khen thưởng \(title)", columns: ["Hình thức", "Số lượng"],
                        rows: CommendationForm.allCases.map { [.text(VietnameseLabels.form($0)), .count(figures.commendations[$0.rawValue])] }
                            + [[.text("Cộng"), .count(figures.commendations.total)]]),
            ReportTable(title: "Gương điển hình \(title)", columns: ["Giai đoạn", "Số lượng"],
                        rows: ExemplarStage.allCases.map { [.text(VietnameseLabels.stage($0)), .count(figures.exemplars[$0.rawValue])] }
                            + [[.text("Cộng"), .count(figures.exemplars.total)]]),
            ReportTable(title: "Huy hiệu Đảng \(title)", columns: ["Loại huy hiệu", "Số lượng"],
                        rows: figures.badges.byYears.sorted { Int($0.key)! < Int($1.key)! }.map { [.text("Huy hiệu \($0.key) năm tuổi Đảng"), .count($0.value)] }
                            + [[.text("Cộng"), .count(figures.badges.total)]]),
            ReportTable(title: "Tuyên truyền \(title)", columns: ["Hình thức", "Số hoạt động"],
                        rows: ActivityChannel.allCases.map { [.text(VietnameseLabels.channel($0)), .count(figures.activities.byChannel[$0.rawValue])] }
                            + [[.text("Cộng"), .count(figures.activities.byChannel.total)],
                               [.text("Lượt người tham gia"), .count(figures.activities.participants)]]),
        ]
    }

    static func children(_ rows: [(ReportOrganization, KeyFigures)], title: String) -> ReportTable {
        ReportTable(title: title, columns: childColumns(withYear: false), rows: rows.map { childRow($0.0, $0.1, withYear: false) })
    }

    /// The children table as print shows it: place names without codes, and no empty note
    /// column; the CSV keeps both.
    static func printable(children table: ReportTable) -> ReportTable {
        let notesEmpty = table.rows.allSatisfy { $0.last?.csv.isEmpty ?? true }
        var printed = table
        printed.columns = Array(table.columns.dropFirst().dropLast(notesEmpty ? 1 : 0))
        printed.rows = table.rows.map { row in
            var cells = Array(row.dropFirst().dropLast(notesEmpty ? 1 : 0))
            if case .text(let name) = cells[0] { cells[0] = .text(PartyHeading.place(name: name)) }
            return cells
        }
        return printed
    }

    static func childColumns(withYear: Bool) -> [String] {
        ["Mã", "Đơn vị"] + (withYear ? ["Năm"] : []) + ["Đảng viên", "Đăng ký", "Xác nhận", "Tỷ lệ xác nhận", "Tự kiểm điểm",
                                                     "HTXSNV", "HTTNV", "HTNV", "KHTNV", "Chưa xếp loại", "Ghi chú"]
    }

    static func childRow(_ organization: ReportOrganization, _ f: KeyFigures, withYear: Bool) -> [Cell] {
        var note = ""
        if let validTo = organization.validTo {
            note = "Giải thể \(validTo.day)/\(validTo.month)/\(validTo.year)"
            if let successor = organization.successor { note += ", hợp nhất vào \(successor.name)" }
        }
        return [.text(organization.code), .text(organization.name)] + (withYear ? [.text(String(f.year))] : [])
            + [.count(f.roster.members), .count(f.commitments.registered), .count(f.commitments.acknowledged), .ratio(f.commitments.share),
               .count(f.selfAssessments.submitted), .count(f.grades.htxsnv), .count(f.grades.httnv), .count(f.grades.htnv),
               .count(f.grades.khtnv), .count(f.grades.ungraded), .text(note)]
    }
}
