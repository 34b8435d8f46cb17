import Foundation
import Hummingbird
import ThiDua
import ThiDuaDocuments

/// `/organizations/{id}/figures?figure=grade.HTXSNV&from=2021&to=2021`: the records one count
/// of the web report counts (the report links every count to it), filtered the same way, in
/// pages of `ReportRecordStore.pageSize`, with the count in the heading.
struct ReportRecordsPage {
    let store: ReportRecordStore
    let renderer: PageRenderer

    /// The link of a report's count.
    static func href(_ drill: ReportDrill) -> String {
        "/organizations/\(drill.organizationId.uuidString.lowercased())/figures?figure=\(drill.figure.code)"
            + "&from=\(drill.years.lowerBound)&to=\(drill.years.upperBound)"
    }

    /// What the records are, after their count: "đảng viên xếp loại Hoàn thành xuất sắc nhiệm vụ".
    static func phrase(_ figure: ReportFigure, criterionName: String?) -> String {
        switch figure {
        case .members: "đảng viên trong danh sách"
        case .registered: "đảng viên đăng ký cam kết"
        case .submitted: "đảng viên đã nộp bản cam kết"
        case .acknowledged: "đảng viên được chi bộ xác nhận cam kết"
        case .late: "đảng viên đăng ký cam kết muộn"
        case .selfAssessed: "đảng viên nộp bản tự kiểm điểm"
        case .grade(let grade): "đảng viên xếp loại \(VietnameseLabels.grade(grade))"
        case .ungraded: "đảng viên chưa xếp loại"
        case .criterion(_, let level):
            "đảng viên tự đánh giá tiêu chí “\(criterionName ?? "")”" + (level.map { " mức \(VietnameseLabels.level($0))" } ?? "")
        case .reviews: "cuộc kiểm điểm"
        case .reopenedReviews: "cuộc kiểm điểm được mở lại"
        case .commendations(let form): "lượt khen thưởng" + (form.map { " hình thức \(VietnameseLabels.form($0))" } ?? "")
        case .exemplars(let stage): "gương điển hình" + (stage.map { " (\(VietnameseLabels.stage($0)))" } ?? "")
        case .badges(let years): years.map { "Huy hiệu \($0) năm tuổi Đảng" } ?? "huy hiệu Đảng"
        case .activities(let channel): "hoạt động tuyên truyền" + (channel.map { " (\(VietnameseLabels.channel($0)))" } ?? "")
        }
    }

    /// What the third column says of a record.
    static func detail(_ record: ReportRecord, _ figure: ReportFigure) -> String {
        switch figure {
        case .grade, .ungraded: record.grade.map(VietnameseLabels.grade) ?? "Chưa xếp loại"
        case _ where figure.countsMembers:
            VietnameseLabels.commitment(record.commitment) + (record.grade.map { " · \(VietnameseLabels.grade($0))" } ?? "")
        case .commendations:
            [record.code.flatMap(CommendationForm.init(rawValue:)).map(VietnameseLabels.form), record.reference.map { "Quyết định số \($0)" }]
                .compactMap { $0 }.joined(separator: " · ")
        case .exemplars:
            [record.code.flatMap(ExemplarStage.init(rawValue:)).map(VietnameseLabels.stage), record.reference].compactMap { $0 }.joined(separator: " · ")
        case .badges:
            (record.code.map { "Huy hiệu \($0) năm tuổi Đảng" } ?? "") + (record.reference.map { " · Quyết định số \($0)" } ?? "")
        case .activities:
            (record.code.flatMap(ActivityChannel.init(rawValue:)).map(VietnameseLabels.channel) ?? "")
                + (record.reference.flatMap(Int.init).map { " · \(Format.number($0)) người tham gia" } ?? "")
        default: record.reference.map { "Quyết định số \($0)" } ?? ""
        }
    }

    static func nameHeading(_ figure: ReportFigure) -> String {
        switch figure {
        case .badges: "Đảng viên"
        case .activities: "Nội dung"
        case _ where figure.countsMembers: "Đảng viên"
        default: "Tên"
        }
    }

    static func detailHeading(_ figure: ReportFigure) -> String {
        switch figure {
        case .grade, .ungraded: "Xếp loại"
        case _ where figure.countsMembers: "Cam kết · xếp loại"
        case .reviews, .reopenedReviews: "Quyết định"
        case .activities: "Hình thức"
        default: "Chi tiết"
        }
    }

    func register(on web: WebRouter) {
        web.page("/organizations/:id/figures") { visit, caller in
            guard caller.has(.readRegistry), let id = visit.context.parameters.get("id").flatMap(UUID.init(uuidString:)) else {
                throw DomainError.notFound("page")
            }
            let query = ReportsPage.parameters(visit.request)
            guard let figure = query["figure"].flatMap(ReportFigure.init(code:)),
                  let from = query["from"].flatMap(Int.init), let to = query["to"].flatMap(Int.init),
                  (2000...2100).contains(from), (from...2100).contains(to), to - from < ReportStore.maximumSpan else {
                throw DomainError.notFound("list")
            }
            let page = query["page"].map { Int($0) ?? 0 } ?? 1
            guard (1...100_000).contains(page) else { throw DomainError.notFound("page") }
            let scope = AccessScope.of(caller, write: .issueReports)
            let drill = ReportDrill(organizationId: id, years: from...to, figure: figure)
            let found = try await store.list(drill, page: page, scope: scope)
            let span = from == to ? "năm \(from)" : "\(from)–\(to)"
            // Over several years a member counts once a year: member-years, "lượt".
            var phrase = Self.phrase(figure, criterionName: found.criterionName)
            if from != to && figure.countsMembers { phrase = "lượt " + phrase }
            let title = "\(Format.number(found.total)) \(phrase) \(span)"
            let pages = (found.total + ReportRecordStore.pageSize - 1) / ReportRecordStore.pageSize
            let records: [[String: Any]] = found.records.map { record in
                let href: Any = record.memberId.map { "/members/\($0.uuidString.lowercased())" } ?? false
                return ["name": record.name, "href": href, "year": String(record.year), "place": record.place,
                        "day": record.day.map(Format.date) ?? "", "detail": Self.detail(record, figure)]
            }
            let reportQuery = "organizationId=\(id.uuidString.lowercased())&from=\(from)&to=\(to)"
            let view: [String: Any] = [
                "organizationName": found.organization.name, "records": records, "hasRecords": !records.isEmpty,
                "manyYears": from != to, "members": figure.countsMembers, "detailHeading": Self.detailHeading(figure),
                "placeHeading": figure.countsMembers ? "Chi bộ" : "Tổ chức",
                "nameHeading": Self.nameHeading(figure),
                "report": "/reports?\(reportQuery)",
                "pageLine": pages > 1 ? "Trang \(page) / \(pages)" : false,
                "previous": page > 1 ? Self.href(drill) + "&page=\(page - 1)" : false,
                "next": page < pages ? Self.href(drill) + "&page=\(page + 1)" : false,
            ]
            return renderer.render(Page(template: "report_records", title: title, view: view), frame: visit.frame)
        }
    }
}
