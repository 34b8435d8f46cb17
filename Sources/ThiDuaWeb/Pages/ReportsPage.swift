import Foundation
import HTTPTypes
import Hummingbird
import ThiDua
import ThiDuaDocuments
import ThiDuaHTTP

/// `/reports`: choose an organization and a span ("Tổ chức đảng", "Từ năm", "Đến năm"), "Xem
/// báo cáo": the printable report the API renders, framed in the page, and "Tải CSV". One
/// year is the annual report; more, the summary over them.
struct ReportsPage {
    let store: ReportStore
    let organizations: OrganizationStore
    let ruleSets: RuleSetStore
    let renderer: PageRenderer

    /// The report asked for by a query, or the messages that say what is missing.
    struct Request {
        var organizationId: UUID
        var from: Int
        var to: Int

        var query: String { "organizationId=\(organizationId.uuidString.lowercased())&from=\(from)&to=\(to)" }

        static func read(_ query: [String: String], check: inout FormCheck) -> Request? {
            let organization = query["organizationId"].flatMap(UUID.init(uuidString:))
            if organization == nil { check.fail("organizationId", "Chọn tổ chức đảng cần báo cáo.") }
            let from = check.integer(query["from"], "from", 2000...2100, required: "Chọn năm bắt đầu.")
            let to = check.integer(query["to"], "to", 2000...2100, required: "Chọn năm kết thúc.")
            if let from, let to, to < from { check.fail("to", "Năm kết thúc không được trước năm bắt đầu.") }
            if let from, let to, to - from >= ReportStore.maximumSpan {
                check.fail("to", "Một báo cáo tổng kết gồm tối đa \(ReportStore.maximumSpan) năm.")
            }
            guard check.isEmpty, let organization, let from, let to else { return nil }
            return Request(organizationId: organization, from: from, to: to)
        }
    }

    static func parameters(_ request: Hummingbird.Request) -> [String: String] {
        var values: [String: String] = [:]
        for (key, value) in request.uri.queryParameters { values[String(key)] = String(value) }
        return values
    }

    /// The live figures asked for: one year's report, or the summary of a span, with their freshness.
    static func figures(_ asked: Request, _ caller: Caller, _ store: ReportStore) async throws -> Dated<FrozenFigures> {
        let scope = AccessScope.of(caller, write: .issueReports)
        if asked.from == asked.to {
            let dated = try await store.annual(organizationId: asked.organizationId, year: asked.from, scope: scope)
            return Dated(.annual(dated.report), asOf: dated.dataAsOf)
        }
        let dated = try await store.summary(organizationId: asked.organizationId, from: asked.from, to: asked.to, scope: scope)
        return Dated(.summary(dated.report), asOf: dated.dataAsOf)
    }

    /// The "Tổ chức đảng" options, written directly: a city's administrator chooses among
    /// 1,300 organizations, and through Mustache their options took most of the page's time.
    static func options(_ organizations: [Organization], selected: UUID?) -> String {
        var out = ""
        out.reserveCapacity(organizations.count * 110)
        for organization in organizations {
            out += "<option value=\"\(organization.id.uuidString.lowercased())\"\(organization.id == selected ? " selected" : "")>"
            HTML.append(organization.name, to: &out)
            out += " (\(OrganizationPage.kindName(organization.kind)))</option>"
        }
        return out
    }

    /// The report as a file to save (`?format=csv`, `docx` or `xlsx`); nil for any other
    /// format, which is the printable page.
    static func file(_ figures: FrozenFigures, frame: ReportFrame?, format: String?, name: String, asOf: Date? = nil) throws -> Response? {
        guard let format = format.flatMap(ReportFormat.init(rawValue:)), format.isAttachment,
              let renderer = ReportRendering.renderer(format) else { return nil }
        let model = ReportModel(figures, frame: frame, today: PartyCalendar.today(), now: asOf ?? Date())
        var headers: HTTPFields = [.contentType: format.mediaType, .cacheControl: "no-store",
                                   .contentDisposition: ReportFileName.contentDisposition(model.fileName, ascii: name, format: format)]
        if let asOf { headers[DataAsOf.headerName] = DataAsOf.text(asOf) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: try renderer.render(model))))
    }

    /// The printable document, for the frame of a page of this site only.
    static func framed(_ html: String, asOf: Date? = nil) -> Response {
        var headers: HTTPFields = [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                   HTTPField.Name("Content-Security-Policy")!: "frame-ancestors 'self'", HTTPField.Name("X-Frame-Options")!: "SAMEORIGIN"]
        if let asOf { headers[DataAsOf.headerName] = DataAsOf.text(asOf) }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    func register(on web: WebRouter) {
        web.page("/reports") { visit, caller in
            guard caller.has(.readRegistry) else { throw DomainError.notFound("page") }
            let query = Self.parameters(visit.request)
            var check = FormCheck()
            let asked = query.isEmpty ? nil : Request.read(query, check: &check)
            let choices = try await organizations.choices(scope: .of(caller, write: .readRegistry))
            let years = try await ruleSets.years().sorted()
            let current = HomePage.currentYear(years.reversed())
            var view: [String: Any] = [
                "organizationOptions": Self.options(choices, selected: query["organizationId"].flatMap(UUID.init(uuidString:))),
                "fromYears": years.map { ["value": String($0), "selected": String($0) == (query["from"] ?? String(years.first ?? current))] },
                "toYears": years.map { ["value": String($0), "selected": String($0) == (query["to"] ?? String(current))] },
                "organizationError": check.message(for: "organizationId") ?? false,
                "fromError": check.message(for: "from") ?? false, "toError": check.message(for: "to") ?? false,
                "report": false,
            ]
            if let asked {
                // The frame computes the figures; the page only needs the organization (outside
                // the reach it is the 404 page), not the report a second time.
                let organization = try await organizations.get(asked.organizationId, scope: .of(caller, write: .issueReports))
                view["report"] = ["src": "/reports/document?\(asked.query)", "csv": "/reports/document?\(asked.query)&format=csv",
                                  "xlsx": "/reports/document?\(asked.query)&format=xlsx", "docx": "/reports/document?\(asked.query)&format=docx",
                                  "issue": caller.has(.issueReports) ? "/reports/issue?\(asked.query)" : false,
                                  "documents": "/organizations/\(asked.organizationId.uuidString.lowercased())/documents",
                                  "title": "Báo cáo của \(organization.name), \(asked.from == asked.to ? "năm \(asked.from)" : "\(asked.from)–\(asked.to)")"]
            }
            return renderer.render(Page(template: "reports", title: "Báo cáo", status: check.isEmpty ? .ok : .unprocessableContent,
                                        view: view, errors: check.errors), frame: visit.frame)
        }
        web.page("/reports/document") { visit, caller in
            guard caller.has(.readRegistry) else { throw DomainError.notFound("page") }
            let query = Self.parameters(visit.request)
            var check = FormCheck()
            guard let asked = Request.read(query, check: &check) else { throw DomainError.notFound("report") }
            let dated = try await Self.figures(asked, caller, store)
            let figures = dated.report
            let name = "\(asked.from == asked.to ? "bao-cao" : "tong-ket")-\(figures.organization.code)-\(asked.from)\(asked.from == asked.to ? "" : "-\(asked.to)")"
            if let file = try Self.file(figures, frame: nil, format: query["format"], name: name, asOf: dated.dataAsOf) { return file }
            return Self.framed(ReportHTML.shared.render(figures, frame: nil, today: PartyCalendar.today(), now: dated.dataAsOf,
                                                        link: ReportRecordsPage.href), asOf: dated.dataAsOf)
        }
    }
}
