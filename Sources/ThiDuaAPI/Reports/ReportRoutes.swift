import Foundation
import Hummingbird
import ThiDuaDocuments
import ThiDuaHTTP
import PQ
import ThiDua

/// `/api/v1/reports/annual` and `/api/v1/reports/summary`: live reports in JSON, CSV or HTML.
struct ReportRoutes {
    let store: ReportStore

    func register(on router: RouteCollection<AppRequestContext>) {
        let reports = SecureRouter(router: router, prefix: "/api/v1/reports")
        reports.get("/annual", .capability(.readRegistry)) { request, _, caller in
            let query = QueryInput(request: request)
            let format = try ReportFormat.of(request)
            var v = Validator()
            let organizationId = try query.uuid("organizationId")
            if organizationId == nil { v.fail("organizationId", "is required") }
            let year = try query.year("year")
            if year == nil { v.fail("year", "is required: a year from 2000 to 2100") }
            try v.finish()
            let report = try await store.annual(organizationId: organizationId!, year: year!, scope: .of(try caller.required, write: .issueReports))
            return ReportResponse(format: format, figures: .annual(report.report), json: report, document: nil,
                                  filename: "bao-cao-\(report.report.organization.code)-\(report.report.year)", dataAsOf: report.dataAsOf)
        }
        reports.get("/summary", .capability(.readRegistry)) { request, _, caller in
            let query = QueryInput(request: request)
            let format = try ReportFormat.of(request)
            var v = Validator()
            let organizationId = try query.uuid("organizationId")
            if organizationId == nil { v.fail("organizationId", "is required") }
            let from = try query.year("from"), to = try query.year("to")
            if from == nil { v.fail("from", "is required: a year from 2000 to 2100") }
            if to == nil { v.fail("to", "is required: a year from 2000 to 2100") }
            if let from, let to, to < from { v.fail("to", "must not be before from") }
            if let from, let to, to - from >= ReportStore.maximumSpan { v.fail("to", "a summary covers at most \(ReportStore.maximumSpan) years") }
            try v.finish()
            let report = try await store.summary(organizationId: organizationId!, from: from!, to: to!,
                                                 scope: .of(try caller.required, write: .issueReports))
            return ReportResponse(format: format, figures: .summary(report.report), json: report, document: nil,
                                  filename: "tong-ket-\(report.report.organization.code)-\(report.report.from)-\(report.report.to)",
                                  dataAsOf: report.dataAsOf)
        }
    }
}
