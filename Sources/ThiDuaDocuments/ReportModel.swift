import Foundation
import CivilDate
import ThiDua

/// A report as a party document, before any form prints it: the heading of Hướng dẫn
/// 36-HD/VPTW, numbered sections of prose, charts and tables, the recipients and the signer,
/// and every table in full with where its figures come from. HTML, CSV, DOCX and XLSX are
/// each one renderer of this one model.
public struct ReportModel: Sendable {
    public enum Block: Sendable {
        case paragraph(String)
        case chart(ReportChartSpec)
        case table(ReportTable)
    }

    public struct Section: Sendable {
        var heading: String
        var blocks: [Block] = []

        var paragraphs: [String] { blocks.compactMap { if case .paragraph(let text) = $0 { text } else { nil } } }
        var charts: [ReportChartSpec] { blocks.compactMap { if case .chart(let chart) = $0 { chart } else { nil } } }
        var tables: [ReportTable] { blocks.compactMap { if case .table(let table) = $0 { table } else { nil } } }
    }

    /// One line of the workbook's first sheet: what the figures are and where they are from.
    public struct Fact: Sendable {
        var label: String
        var value: String
    }

    /// The words around the body: the heading block, the title, the recipients and the signer.
    public struct Heading: Sendable {
        var documentTitle: String
        /// Set on a live report: it is a preview, not an issued document.
        var draft: String?
        var parentBody: String?
        var issuer: String
        var number: String
        var dateLine: String
        var summaryLine: String
        var recipients: [String]
        var signerLine: String
        var signerPosition: String?
        var signerName: String
    }

    var heading: Heading
    var sections: [Section]
    /// Every table of the report with every figure (the CSV's and the workbook's sheets);
    /// print shows a chosen few of them.
    var dataTables: [ReportTable]
    var facts: [Fact]
    /// The file's name without extension, in Vietnamese ("Báo cáo tổng kết 2016–2022 Hồng Bàng").
    public var fileName: String
    /// When the figures were read (a live report) or issued: the files' own timestamps.
    var stamp: Date

    public init(_ figures: FrozenFigures, frame: ReportFrame?, today: CalendarDate, now: Date = Date()) {
        let organization = figures.organization
        let frame = frame ?? .live(organization, today: today)
        // The tables are built once: the sections print some of them, the files hold them all.
        let summaryLine: String, sections: [Section]
        switch figures {
        case .annual(let report):
            let tables = ReportTables.annual(report)
            (summaryLine, sections) = ReportSections.annual(report, tables)
            dataTables = tables.all
        case .summary(let report):
            let tables = ReportTables.summary(report)
            (summaryLine, sections) = ReportSections.summary(report, tables)
            dataTables = tables.all
        }
        let signer = PartyHeading.signerBlock(frame.signer, kind: organization.kind)
        heading = Heading(documentTitle: "Báo cáo: " + summaryLine, draft: frame.draft, parentBody: PartyHeading.parentBody(organization.parent),
                          issuer: PartyHeading.issuer(name: organization.name, kind: organization.kind), number: frame.number,
                          dateLine: PartyHeading.dateLine(place: frame.place, date: frame.date), summaryLine: frame.title ?? summaryLine,
                          recipients: frame.recipients, signerLine: signer.line, signerPosition: signer.position, signerName: signer.name)
        self.sections = sections
        stamp = frame.issuedAt ?? now
        facts = Self.facts(figures, frame: frame, now: now)
        let place = PartyHeading.place(name: organization.name)
        fileName = switch figures {
        case .annual(let report): "Báo cáo năm \(report.year) \(place)"
        case .summary(let report): "Báo cáo tổng kết \(report.from)-\(report.to) \(place)"
        }
        if frame.issuedAt != nil { fileName += " số \(frame.number.replacingOccurrences(of: "/", with: "-"))" }
    }

    static func facts(_ figures: FrozenFigures, frame: ReportFrame, now: Date) -> [Fact] {
        let organization = figures.organization
        var facts = [Fact(label: "Đơn vị", value: organization.name), Fact(label: "Mã đơn vị", value: organization.code)]
        switch figures {
        case .annual(let report):
            facts.append(Fact(label: "Năm", value: String(report.year)))
            facts.append(Fact(label: "Căn cứ", value: ReportSections.decision(report.decisionNumber)))
            facts.append(Fact(label: "Bộ quy tắc năm \(report.year)", value: ruleSet(report.ruleSet)))
        case .summary(let report):
            facts.append(Fact(label: "Giai đoạn", value: "\(report.from)–\(report.to)"))
            facts.append(Fact(label: "Căn cứ", value: ReportSections.decision(report.decisionNumber)))
            for rules in report.ruleSets { facts.append(Fact(label: "Bộ quy tắc năm \(rules.year)", value: ruleSet(rules))) }
        }
        if let issuedAt = frame.issuedAt {
            facts.append(Fact(label: "Văn bản", value: "Số \(frame.number), ban hành ngày \(date(frame.date))"))
            facts.append(Fact(label: "Số liệu chốt lúc", value: time(issuedAt)))
        } else {
            facts.append(Fact(label: "Văn bản", value: "Bản xem trước, chưa ban hành"))
            facts.append(Fact(label: "Số liệu tính đến", value: time(now)))
        }
        return facts
    }

    /// "Khung TC-500, chấm điểm 100, HTXSNV tối đa 20% số HTTNV, hạn cam kết 31/03/2022, phiên bản 2".
    static func ruleSet(_ rules: RuleSet) -> String {
        let scheme = switch rules.gradingScheme {
        case .levels4: "xếp loại 4 mức"
        case .points100: "chấm điểm 100"
        }
        let quota = NSDecimalNumber(decimal: rules.excellentQuotaPercent).stringValue.replacingOccurrences(of: ".", with: ",")
        return "khung \(rules.frameworkCode), \(scheme), HTXSNV tối đa \(quota)% số HTTNV, "
            + "hạn đăng ký cam kết \(date(rules.commitmentDeadline)), phiên bản \(rules.version)"
    }

    /// dd/mm/yyyy.
    static func date(_ date: CalendarDate) -> String {
        String(format: "%02d/%02d/%04d", date.day, date.month, date.year)
    }

    /// dd/mm/yyyy HH:mm in Vietnam's time (UTC+7, no daylight saving).
    static func time(_ instant: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 7 * 3600)!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: instant)
        return String(format: "%02d/%02d/%04d %02d:%02d", c.day ?? 0, c.month ?? 0, c.year ?? 0, c.hour ?? 0, c.minute ?? 0) + " (giờ Việt Nam)"
    }
}
