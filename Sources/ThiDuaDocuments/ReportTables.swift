import Foundation
import ThiDua

/// The tables of each report, one per section, in print order.
public enum ReportTables {
    typealias Cell = ReportTable.Cell

    /// The key figures as labelled rows: label, what the count counts (nil for a ratio), and
    /// the value of a year's figures.
    static var keyRows: [(String, ReportFigure?, (KeyFigures) -> Cell)] { [
        ("Đảng viên", .members, { .count($0.roster.members) }),
        ("Đăng ký cam kết", .registered, { .count($0.commitments.registered) }),
        ("Đã nộp bản cam kết", .submitted, { .count($0.commitments.submitted) }),
        ("Được chi bộ xác nhận", .acknowledged, { .count($0.commitments.acknowledged) }),
        ("Đăng ký muộn", .late, { .count($0.commitments.late) }),
        ("Tỷ lệ được xác nhận", nil, { .ratio($0.commitments.share) }),
        ("Nộp bản tự kiểm điểm", .selfAssessed, { .count($0.selfAssessments.submitted) }),
        ("Cuộc kiểm điểm", .reviews, { .count($0.reviews.held) }),
        ("Trong đó mở lại", .reopenedReviews, { .count($0.reviews.reopened) }),
        ("HTXSNV", .grade(.excellent), { .count($0.grades.htxsnv) }),
        ("HTTNV", .grade(.good), { .count($0.grades.httnv) }),
        ("HTNV", .grade(.completed), { .count($0.grades.htnv) }),
        ("KHTNV", .grade(.notCompleted), { .count($0.grades.khtnv) }),
        ("Chưa xếp loại", .ungraded, { .count($0.grades.ungraded) }),
        ("Tỷ lệ HTXSNV/HTTNV", nil, { .ratio($0.grades.quotaRatio) }),
    ] }

    /// The cell of a key row for `figures`, a count linked to its records of `organization` in `span`.
    static func keyCell(_ row: (String, ReportFigure?, (KeyFigures) -> Cell), _ figures: KeyFigures,
                        _ organization: UUID, _ span: ClosedRange<Int>) -> Cell {
        linked(row.2(figures), drill(organization, span, row.1))
    }

    /// A count linked to `drill`; any other cell as it is.
    static func linked(_ cell: Cell, _ drill: ReportDrill?) -> Cell {
        guard case .count(let n) = cell else { return cell }
        return .count(n, drill)
    }

    static func drill(_ organization: UUID, _ span: ClosedRange<Int>, _ figure: ReportFigure?) -> ReportDrill? {
        figure.map { ReportDrill(organizationId: organization, years: span, figure: $0) }
    }

    /// Every table of a report, as CSV writes them.
    public static func of(_ figures: FrozenFigures) -> [ReportTable] {
        switch figures {
        case .annual(let report): annual(report).all
        case .summary(let report): summary(report).all
        }
    }

    /// An annual report's tables, by name: its sections choose them so, never by position.
    struct Annual {
        var general: ReportTable
        var criteria: ReportTable
        var recognition: Recognition
        var children: ReportTable
        var all: [ReportTable] { [general, criteria] + recognition.all + [children] }
    }

    struct Summary {
        var years: ReportTable
        var trend: ReportTable
        var childYears: ReportTable
        var totals: ReportTable
        var recognition: Recognition
        var notes: ReportTable
        var all: [ReportTable] { [years, trend, childYears, totals] + recognition.all + [notes] }
    }

    struct Recognition {
        var commendations: ReportTable
        var exemplars: ReportTable
        var badges: ReportTable
        var activities: ReportTable
        var all: [ReportTable] { [commendations, exemplars, badges, activities] }
    }

    static func annual(_ report: AnnualReport) -> Annual {
        let year = report.figures, previous = report.previousYear
        var general = ReportTable(title: "Số liệu chung năm \(report.year)",
                                  columns: ["Chỉ tiêu", "Năm \(report.year)", "Năm \(report.year - 1)", "Tăng, giảm"], rows: [],
                                  sheet: "Số liệu chung")
        let id = report.organization.id, span = report.year...report.year
        for row in keyRows {
            let now = keyCell(row, year.key, id, span), before = previous.map { keyCell(row, $0.key, id, span.lowerBound - 1...span.lowerBound - 1) }
            var change = Cell.text("")
            if case .count(let a) = row.2(year.key), case .count(let b)? = previous.map({ row.2($0.key) }) { change = .change(a - b) }
            general.rows.append([.text(row.0), now, before ?? .text(""), change])
        }
        return Annual(general: general,
                      criteria: criteria(report.criterionNames, year.criteria, title: "Đánh giá theo tiêu chí năm \(report.year)",
                                         drill: { drill(id, span, $0) }),
                      recognition: recognition(year, title: "năm \(report.year)", drill: { drill(id, span, $0) }),
                      children: children(report.children.map { ($0.organization, $0.figures) }, title: "Các đơn vị trực thuộc năm \(report.year)"))
    }

    static func summary(_ report: SummaryReport) -> Summary {
        let spanTitle = "\(report.from)–\(report.to)"
        let id = report.organization.id, span = report.from...report.to
        var years = ReportTable(title: "Số liệu theo năm \(spanTitle)", columns: ["Chỉ tiêu"] + report.years.map { String($0.key.year) } + ["Cộng"], rows: [],
                                sheet: "Số liệu theo năm", sumColumn: true)
        let totals = KeyFigures(year: 0, roster: RosterFigures(members: report.totals.memberYears), commitments: report.totals.commitments,
                                selfAssessments: report.totals.selfAssessments, reviews: report.totals.reviews, grades: report.totals.grades)
        for row in keyRows {
            years.rows.append([.text(row.0)] + report.years.map { keyCell(row, $0.key, id, $0.key.year...$0.key.year) }
                              + [keyCell(row, totals, id, span)])
        }
        let recognitionRows: [(String, ReportFigure, (YearFigures) -> Int)] = [
            ("Khen thưởng", .commendations(nil), { $0.commendations.total }), ("Gương điển hình phát hiện", .exemplars(nil), { $0.exemplars.total }),
            ("Huy hiệu Đảng trao tặng", .badges(years: nil), { $0.badges.total }),
            ("Hoạt động tuyên truyền", .activities(nil), { $0.activities.byChannel.total }),
        ]
        for (label, figure, value) in recognitionRows {
            years.rows.append([.text(label)] + report.years.map { .count(value($0), drill(id, $0.key.year...$0.key.year, figure)) }
                              + [.count(report.years.reduce(0) { $0 + value($1) }, drill(id, span, figure))])
        }
        var trend = ReportTable(title: "Xu hướng theo tiêu chí \(spanTitle)",
                                columns: ["Tiêu chí", "Năm"] + CriterionLevel.allCases.map(VietnameseLabels.level) + ["Tỷ lệ xuất sắc"], rows: [],
                                sheet: "Xu hướng theo tiêu chí")
        for criterion in report.criteria {
            for year in criterion.years {
                trend.rows.append([.text(criterion.name), .year(year.year)]
                                  + CriterionLevel.allCases.map { .count(year.levels[$0.rawValue]) } + [.ratio(year.excellentShare)])
            }
        }
        var childYears = ReportTable(title: "Các đơn vị trực thuộc theo năm \(spanTitle)", columns: childColumns(withYear: true), rows: [],
                                     sheet: "Đơn vị theo năm")
        for child in report.children {
            for figures in child.years { childYears.rows.append(childRow(child.organization, figures, withYear: true)) }
        }
        var totalsTable = ReportTable(title: "Tổng cộng \(spanTitle)", columns: ["Chỉ tiêu", "Giá trị"], sheet: "Tổng cộng", rows: [
            [.text("Số năm"), .count(report.totals.years)],
            [.text("Lượt đảng viên (cộng các năm)"), .count(report.totals.memberYears, drill(id, span, .members))],
            [.text("Số đảng viên khác nhau"), .count(report.totals.distinctMembers)],
        ])
        for row in keyRows.dropFirst() { totalsTable.rows.append([.text(row.0), keyCell(row, totals, id, span)]) }
        let totalYear = YearFigures(key: totals, criteria: [:], commendations: report.totals.commendations, exemplars: report.totals.exemplars,
                                    badges: report.totals.badges, activities: report.totals.activities)
        return Summary(years: years, trend: trend, childYears: childYears, totals: totalsTable,
                       recognition: recognition(totalYear, title: spanTitle, drill: { drill(id, span, $0) }),
                       notes: ReportTable(title: "Ghi chú", columns: ["Năm", "Nội dung"],
                                          rows: report.notes.map { [.year($0.year), .text($0.text)] }, sheet: "Ghi chú"))
    }

    /// One figure of every child in every year of a summary: the child × year matrix of print.
    static func childMatrix(_ report: SummaryReport, title: String, sheet: String, figure: ReportFigure? = nil,
                            value: (KeyFigures) -> Cell) -> ReportTable {
        let years = Array(report.from...report.to)
        return ReportTable(title: title, columns: ["Đơn vị"] + years.map(String.init), sheet: sheet, rows: report.children.map { child in
            var name = PartyHeading.place(name: child.organization.name)
            if let validTo = child.organization.validTo {
                name += " (đến \(validTo.day)/\(validTo.month)/\(validTo.year)"
                    + (child.organization.successor.map { ", hợp nhất vào \(PartyHeading.place(name: $0.name)))" } ?? ")")
            }
            return [.text(name)] + years.map { year in
                guard let figures = child.years.first(where: { $0.year == year }) else { return .text("") }
                return linked(value(figures), drill(child.organization.id, year...year, figure))
            }
        })
    }

    static func criteria(_ names: [CriterionName], _ levels: [String: Tally], title: String,
                         drill: (ReportFigure) -> ReportDrill?) -> ReportTable {
        ReportTable(title: title, columns: ["Tiêu chí"] + CriterionLevel.allCases.map(VietnameseLabels.level) + ["Cộng"],
                    sheet: "Theo tiêu chí", sumColumn: true, rows: names.map { name in
                        let tally = levels[name.code] ?? Tally(CriterionLevel.self)
                        return [.text(name.name)] + CriterionLevel.allCases.map { .count(tally[$0.rawValue], drill(.criterion(name.code, $0))) }
                            + [.count(tally.total, drill(.criterion(name.code, nil)))]
                    })
    }

    static func recognition(_ figures: YearFigures, title: String, drill: (ReportFigure) -> ReportDrill?) -> Recognition {
        let forms = CommendationForm.allCases.count, stages = ExemplarStage.allCases.count, channels = ActivityChannel.allCases.count
        let badgeTiers = figures.badges.byYears.compactMap { Int($0.key) }.count
        return Recognition(
            commendations: ReportTable(title: "Khen thưởng \(title)", columns: ["Hình thức", "Số lượng"], sheet: "Khen thưởng", sumRows: [forms],
                        rows: CommendationForm.allCases.map {
                            [.text(VietnameseLabels.form($0)), .count(figures.commendations[$0.rawValue], drill(.commendations($0)))]
                        } + [[.text("Cộng"), .count(figures.commendations.total, drill(.commendations(nil)))]]),
            exemplars: ReportTable(title: "Gương điển hình \(title)", columns: ["Giai đoạn", "Số lượng"], sheet: "Điển hình", sumRows: [stages],
                        rows: ExemplarStage.allCases.map {
                            [.text(VietnameseLabels.stage($0)), .count(figures.exemplars[$0.rawValue], drill(.exemplars($0)))]
                        } + [[.text("Cộng"), .count(figures.exemplars.total, drill(.exemplars(nil)))]]),
            badges: ReportTable(title: "Huy hiệu Đảng \(title)", columns: ["Loại huy hiệu", "Số lượng"], sheet: "Huy hiệu Đảng", sumRows: [badgeTiers],
                        rows: figures.badges.byYears.compactMap { key, value in Int(key).map { ($0, value) } }.sorted { $0.0 < $1.0 }.map {
                            [.text("Huy hiệu \($0.0) năm tuổi Đảng"), .count($0.1, drill(.badges(years: $0.0)))]
                        } + [[.text("Cộng"), .count(figures.badges.total, drill(.badges(years: nil)))]]),
            activities: ReportTable(title: "Tuyên truyền \(title)", columns: ["Hình thức", "Số hoạt động"], sheet: "Tuyên truyền", sumRows: [channels],
                        rows: ActivityChannel.allCases.map {
                            [.text(VietnameseLabels.channel($0)), .count(figures.activities.byChannel[$0.rawValue], drill(.activities($0)))]
                        } + [[.text("Cộng"), .count(figures.activities.byChannel.total, drill(.activities(nil)))],
                               [.text("Lượt người tham gia"), .count(figures.activities.participants)]]))
    }

    static func children(_ rows: [(ReportOrganization, KeyFigures)], title: String) -> ReportTable {
        ReportTable(title: title, columns: childColumns(withYear: false), rows: rows.map { childRow($0.0, $0.1, withYear: false) },
                    sheet: "Đơn vị trực thuộc")
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
        func count(_ n: Int, _ figure: ReportFigure) -> Cell { .count(n, drill(organization.id, f.year...f.year, figure)) }
        return [.text(organization.code), .text(organization.name)] + (withYear ? [.year(f.year)] : [])
            + [count(f.roster.members, .members), count(f.commitments.registered, .registered), count(f.commitments.acknowledged, .acknowledged),
               .ratio(f.commitments.share), count(f.selfAssessments.submitted, .selfAssessed), count(f.grades.htxsnv, .grade(.excellent)),
               count(f.grades.httnv, .grade(.good)), count(f.grades.htnv, .grade(.completed)), count(f.grades.khtnv, .grade(.notCompleted)),
               count(f.grades.ungraded, .ungraded), .text(note)]
    }
}
