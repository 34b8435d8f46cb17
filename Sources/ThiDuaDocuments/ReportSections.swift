import Foundation
import ThiDua

/// The body of each report as a party document: numbered sections with a few sentences of
/// figures, the charts and the tables of `ReportTables`.
enum ReportSections {
    typealias Section = ReportModel.Section
    typealias Series = ReportChartSpec.Series

    static let gradeColors = ["#8e1b1b", "#d9534f", "#f0ad4e", "#555555", "#cfcfcf"]
    static let criterionColors = ["#8e1b1b", "#1f5fa8", "#2e7d32", "#b8860b", "#6a1b9a"]

    static func percent(_ ratio: Double?) -> String { ReportTable.Cell.ratio(ratio).printed }
    static func count(_ n: Int) -> String { ReportTable.Cell.grouped(n) }

    static func decision(_ decisionNumber: String?) -> String {
        decisionNumber.map { "Quyết định số \($0)" } ?? "bộ tiêu chí thi đua"
    }

    static func gradeSeries(_ figures: [KeyFigures]) -> [(name: String, color: String, values: [Int])] {
        Grade.allCases.enumerated().map { index, grade in
            (grade.rawValue, gradeColors[index], figures.map { $0.grades.count(grade) })
        } + [("Chưa xếp loại", gradeColors[4], figures.map(\.grades.ungraded))]
    }

    static func gradeSentence(_ g: GradeFigures, members: Int, lead: String = "Kết quả xếp loại") -> String {
        let parts = Grade.allCases.map { "\($0.rawValue) \(count(g.count($0))) (\(percent(Ratio.of(g.count($0), members))))" }
        return lead + ": " + parts.joined(separator: "; ") + "; chưa xếp loại \(count(g.ungraded)). "
            + "Tỷ lệ HTXSNV so với HTTNV là \(percent(g.quotaRatio)), giới hạn \(percent(g.quotaLimit))."
    }

    static func annual(_ report: AnnualReport, _ tables: ReportTables.Annual) -> (String, [Section]) {
        let y = report.figures.key, previous = report.previousYear?.key
        let summaryLine = "Kết quả thực hiện \(decision(report.decisionNumber)) năm \(report.year) của \(report.organization.name)"
        var general = Section(heading: "I. Tình hình chung")
        var sentence = "Năm \(report.year), \(report.organization.name) có \(count(y.roster.members)) đảng viên"
        if !report.children.isEmpty { sentence += " sinh hoạt tại \(report.children.count) đơn vị trực thuộc" }
        if let previous { sentence += " (năm \(report.year - 1): \(count(previous.roster.members)))" }
        general.blocks = [.paragraph(sentence + "."), .table(tables.general)]

        var commitments = Section(heading: "II. Đăng ký, thực hiện cam kết và kiểm điểm")
        commitments.blocks = [
            .paragraph("\(count(y.commitments.registered)) đảng viên đăng ký cam kết, \(count(y.commitments.acknowledged)) bản được chi bộ xác nhận "
                + "(\(percent(y.commitments.share)) số đảng viên), \(count(y.commitments.late)) bản đăng ký muộn. "
                + "\(count(y.selfAssessments.submitted)) đảng viên nộp bản tự kiểm điểm; \(count(y.reviews.held)) cuộc kiểm điểm được ghi nhận"
                + (y.reviews.reopened > 0 ? ", trong đó \(y.reviews.reopened) cuộc được mở lại." : ".")),
            .paragraph(gradeSentence(y.grades, members: y.roster.members)),
        ]
        var criteria = Section(heading: "III. Đánh giá theo từng tiêu chí")
        criteria.blocks = [.table(tables.criteria)]
        var recognition = Section(heading: "IV. Khen thưởng, nhân rộng điển hình, huy hiệu Đảng, tuyên truyền")
        recognition.blocks = [.paragraph(recognitionSentence(report.figures, period: "Trong năm"))]
            + tables.recognition.all.map(ReportModel.Block.table)
        var sections = [general, commitments, criteria, recognition]
        if !report.children.isEmpty {
            var children = Section(heading: "V. Kết quả theo đơn vị trực thuộc")
            let names = report.children.map { PartyHeading.place(name: $0.organization.name) }
            children.blocks = [
                .chart(.stackedBars(title: "Xếp loại đảng viên năm \(report.year) theo đơn vị", categories: names,
                                    series: gradeSeries(report.children.map(\.figures)))),
                .chart(.ratioBars(title: "Tỷ lệ cam kết được xác nhận năm \(report.year) theo đơn vị", categories: names,
                                  name: "Tỷ lệ xác nhận", values: report.children.map(\.figures.commitments.share), color: "#1f5fa8")),
                .table(ReportTables.printable(children: tables.children)),
            ]
            sections.append(children)
        }
        return (summaryLine, sections)
    }

    static func recognitionSentence(_ f: YearFigures, period: String) -> String {
        "\(period) có \(count(f.commendations.total)) lượt khen thưởng, \(count(f.exemplars.total)) gương điển hình được phát hiện, "
            + "\(count(f.badges.total)) huy hiệu Đảng được trao và \(count(f.activities.byChannel.total)) hoạt động tuyên truyền "
            + "với \(count(f.activities.participants)) lượt người tham gia."
    }

    static func summary(_ report: SummaryReport, _ tables: ReportTables.Summary) -> (String, [Section]) {
        let span = "\(report.from)–\(report.to)"
        let years = report.years.map(\.key)
        let categories = years.map { String($0.year) }
        let t = report.totals
        let summaryLine = "Tổng kết \(report.to - report.from) năm thực hiện \(decision(report.decisionNumber)) (\(span)) của \(report.organization.name)"

        var general = Section(heading: "I. Đặc điểm tình hình")
        var sentence = "Giai đoạn \(span), \(report.organization.name) có \(count(t.distinctMembers)) đảng viên tham gia sinh hoạt"
        if let last = years.last { sentence += " (năm \(last.year): \(count(last.roster.members)) đảng viên)" }
        if !report.children.isEmpty { sentence += " tại \(report.children.count) đơn vị trực thuộc" }
        general.blocks = [.paragraph(sentence + ".")]
        let closed = report.children.filter { $0.organization.validTo != nil }
        if !closed.isEmpty {
            general.blocks.append(.paragraph("Trong giai đoạn, " + closed.map { child in
                let to = child.organization.validTo!
                return "\(child.organization.name) kết thúc hoạt động ngày \(to.day)/\(to.month)/\(to.year)"
                    + (child.organization.successor.map { ", đảng viên chuyển về \($0.name)" } ?? "")
            }.joined(separator: "; ") + ". Số liệu mỗi năm tính đảng viên theo nơi sinh hoạt cuối năm đó, không trùng, không sót."))
        }
        general.blocks.append(.table(tables.years))

        var commitments = Section(heading: "II. Kết quả đăng ký, thực hiện cam kết")
        let best = years.max { ($0.commitments.share ?? 0) < ($1.commitments.share ?? 0) }
        commitments.blocks = [.paragraph("Cả giai đoạn có \(count(t.commitments.registered)) lượt đăng ký cam kết, "
            + "\(count(t.commitments.acknowledged)) lượt được chi bộ xác nhận (\(percent(t.commitments.share)) lượt đảng viên), "
            + "\(count(t.commitments.late)) lượt đăng ký muộn."
            + (best.map { " Năm cao nhất là \($0.year) với \(percent($0.commitments.share))." } ?? "")),
            .chart(.lines(title: "Tỷ lệ đảng viên có cam kết được xác nhận theo năm", categories: categories,
                          series: [Series(name: "Tỷ lệ xác nhận", color: "#8e1b1b", values: years.map(\.commitments.share))]))]

        var grades = Section(heading: "III. Kết quả kiểm điểm, đánh giá, xếp loại đảng viên")
        grades.blocks = [.paragraph(gradeSentence(t.grades, members: t.memberYears, lead: "Kết quả xếp loại cả giai đoạn (tính theo lượt đảng viên)")),
                         .chart(.stackedBars(title: "Xếp loại đảng viên theo năm", categories: categories, series: gradeSeries(years)))]

        var criteria = Section(heading: "IV. Kết quả theo từng tiêu chí")
        // Print shows the criterion × year matrix of the excellent share; the CSV has every level.
        criteria.blocks = [
            .paragraph("Tỷ lệ đảng viên tự đánh giá mức xuất sắc theo từng tiêu chí qua các năm:"),
            .chart(.lines(title: "Tỷ lệ mức xuất sắc theo tiêu chí", categories: categories,
                          series: report.criteria.enumerated().map { index, criterion in
                              Series(name: criterion.name, color: criterionColors[index % criterionColors.count],
                                     values: criterion.years.map(\.excellentShare))
                          })),
            .table(ReportTable(title: "Tỷ lệ mức xuất sắc theo tiêu chí và năm", columns: ["Tiêu chí"] + categories,
                               rows: report.criteria.map { criterion in [.text(criterion.name)] + criterion.years.map { .ratio($0.excellentShare) } },
                               sheet: "Tỷ lệ xuất sắc theo tiêu chí")),
        ]

        var children = Section(heading: "V. Kết quả theo đơn vị trực thuộc")
        let lastYear = report.children.compactMap { child in child.years.last.map { (child.organization.name, $0) } }
            .filter { $0.1.year == report.to }
        if !lastYear.isEmpty {
            children.blocks.append(.chart(.ratioBars(title: "Tỷ lệ cam kết được xác nhận năm \(report.to) theo đơn vị",
                                                     categories: lastYear.map { PartyHeading.place(name: $0.0) }, name: "Tỷ lệ xác nhận",
                                                     values: lastYear.map(\.1.commitments.share), color: "#1f5fa8")))
        }
        // Print shows child × year matrices of three figures; the CSV has every figure per child and year.
        if !report.children.isEmpty {
            children.blocks += [
                ReportTables.childMatrix(report, title: "Số đảng viên theo đơn vị và năm", sheet: "Đảng viên theo đơn vị",
                                         figure: .members) { .count($0.roster.members) },
                ReportTables.childMatrix(report, title: "Tỷ lệ cam kết được xác nhận theo đơn vị và năm",
                                         sheet: "Tỷ lệ xác nhận theo đơn vị") { .ratio($0.commitments.share) },
                ReportTables.childMatrix(report, title: "Số đảng viên hoàn thành xuất sắc nhiệm vụ theo đơn vị và năm",
                                         sheet: "HTXSNV theo đơn vị", figure: .grade(.excellent)) { .count($0.grades.htxsnv) },
            ].map(ReportModel.Block.table)
        }

        var recognition = Section(heading: "VI. Khen thưởng, nhân rộng điển hình, huy hiệu Đảng, tuyên truyền")
        let totalYear = YearFigures(key: years.last ?? years[0], criteria: [:], commendations: t.commendations, exemplars: t.exemplars,
                                    badges: t.badges, activities: t.activities)
        recognition.blocks = [.paragraph(recognitionSentence(totalYear, period: "Giai đoạn \(span)")), .table(tables.totals)]
            + tables.recognition.all.map(ReportModel.Block.table)

        var sections = [general, commitments, grades, criteria]
        if !report.children.isEmpty { sections.append(children) }
        sections.append(recognition)
        if !report.notes.isEmpty {
            sections.append(Section(heading: "Ghi chú", blocks: report.notes.map { .paragraph($0.text) }))
        }
        return (summaryLine, sections)
    }
}
