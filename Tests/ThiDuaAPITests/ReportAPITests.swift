import Foundation
import Hummingbird
import HummingbirdTesting
import PQ
import Testing
import TestSupport
import ThiDua

@Suite struct ReportAPITests {
    @Test func reportsAnswerInJSONCSVAndHTML() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Nguyễn Thị Hương", card: "R-1", cell: tree.cellA1))
            let uri = "/api/v1/reports/annual?organizationId=\(tree.district)&year=2020"

            let json = try await client.call(.get, uri)
            #expect(json.status == .ok)
            #expect(json.headers[.contentType]?.hasPrefix("application/json") == true)
            #expect((json["roster"] as? [String: Any])?["members"] as? Int == 1)
            #expect((json["children"] as? [[String: Any]])?.count == 2)

            let csv = try await client.call(.get, uri, headers: [.accept: "text/csv"])
            #expect(csv.status == .ok)
            #expect(csv.headers[.contentType] == "text/csv; charset=utf-8")
            #expect(Array(csv.text.utf8.prefix(3)) == [0xEF, 0xBB, 0xBF], "a byte-order mark for Excel")
            #expect(csv.text.contains("Số liệu chung năm 2020\r\nChỉ tiêu,Năm 2020,Năm 2019,Tăng, giảm") == false)
            #expect(csv.text.contains("Số liệu chung năm 2020\r\nChỉ tiêu,Năm 2020,Năm 2019,\"Tăng, giảm\"\r\nĐảng viên,1,1,0\r\n"))
            #expect(csv.text.contains("HB-P1,Đảng bộ phường Hoàng Văn Thụ,1,0,0,0.00,0,0,0,0,0,1,"))

            let html = try await client.call(.get, uri + "&format=html", headers: [.accept: "application/json"])
            #expect(html.status == .ok)
            #expect(html.headers[.contentType] == "text/html; charset=utf-8")
            for part in ["ĐẢNG BỘ THÀNH PHỐ HẢI PHÒNG", "QUẬN ỦY HỒNG BÀNG", "ĐẢNG CỘNG SẢN VIỆT NAM", "BÁO CÁO", "T/M BAN THƯỜNG VỤ",
                         "Nơi nhận:", "<svg", "Bản xem trước"] {
                #expect(html.text.contains(part), "the HTML has \(part)")
            }
            #expect(!html.text.contains("{{"), "no template tag is left unrendered")

            let summary = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(tree.wardA)&from=2016&to=2022",
                                                headers: [.accept: "text/html;q=0.9, text/csv"])
            #expect(summary.headers[.contentType] == "text/html; charset=utf-8")
            #expect(summary.text.contains("Tổng kết 6 năm thực hiện Quyết định số 500-QĐ/QU (2016–2022)"))
        }
    }

    @Test func reportsAnswerAsWordAndExcelFilesNamedInVietnamese() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Nguyễn Thị Hương", card: "R-1", cell: tree.cellA1))
            let word = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            let excel = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            let annual = "/api/v1/reports/annual?organizationId=\(tree.district)&year=2020"
            let summary = "/api/v1/reports/summary?organizationId=\(tree.district)&from=2016&to=2022"
            for (uri, headers, type, part, name) in [
                (annual + "&format=docx", HTTPFields(), word, "word/document.xml", "bao-cao-HB-2020.docx"),
                (annual, [.accept: word], word, "word/charts/chart1.xml", "bao-cao-HB-2020.docx"),
                (summary + "&format=xlsx", HTTPFields(), excel, "xl/worksheets/sheet2.xml", "tong-ket-HB-2016-2022.xlsx"),
                (summary, [.accept: "\(excel);q=0.9, text/plain"], excel, "xl/sharedStrings.xml", "tong-ket-HB-2016-2022.xlsx"),
            ] as [(String, HTTPFields, String, String, String)] {
                let answer = try await client.call(.get, uri, headers: headers)
                #expect(answer.status == .ok, "\(uri)")
                #expect(answer.headers[.contentType] == type, "\(uri)")
                #expect(answer.headers[.vary] == "Accept")
                #expect(answer.text.hasPrefix("PK\u{03}\u{04}"), "a zip package")
                #expect(answer.text.contains("[Content_Types].xml") && answer.text.contains(part), "\(uri) holds \(part)")
                let disposition = answer.headers[.contentDisposition] ?? ""
                #expect(disposition.hasPrefix("attachment; filename=\"\(name)\"; filename*=UTF-8''B%C3%A1o%20c%C3%A1o%20"), "\(disposition)")
                #expect(disposition.contains("H%E1%BB%93ng%20B%C3%A0ng."), "the Vietnamese name in UTF-8: \(disposition)")
            }
        }
    }

    @Test func badReportRequestsNameTheField() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            let cases: [(String, String)] = [
                ("/api/v1/reports/annual?year=2020", "organizationId"),
                ("/api/v1/reports/annual?organizationId=\(tree.wardA)", "year"),
                ("/api/v1/reports/annual?organizationId=\(tree.wardA)&year=2010", "year"),
                ("/api/v1/reports/annual?organizationId=\(tree.wardA)&year=2020&format=pdf", "format"),
                ("/api/v1/reports/summary?organizationId=\(tree.wardA)&from=2022&to=2016", "to"),
                ("/api/v1/reports/summary?organizationId=\(tree.wardA)&from=2010&to=2016", "from"),
                ("/api/v1/reports/summary?organizationId=nope&from=2016&to=2022", "organizationId"),
            ]
            for (uri, field) in cases {
                let answer = try await client.call(.get, uri)
                #expect(answer.status == .unprocessableContent, "\(uri): \(answer.text)")
                #expect(answer.headers[.contentType] == "application/problem+json", "\(uri)")
                #expect(answer.errorFields.contains(field), "\(uri) names \(field): \(answer.text)")
            }
            let format = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(tree.wardA)&year=2020&format=pdf")
            #expect(format.text.contains("must be one of json, csv, html, docx, xlsx"), "\(format.text)")
            let unknown = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(UUID())&year=2020")
            #expect(unknown.status == .notFound)
        }
    }

    @Test func issuedDocumentsAreNumberedPerIssuerAndYearAndKeepTheirFigures() async throws {
        try await withTestApp { client, _ in
            let tree = try await TreeFixture.make(client)
            _ = try await client.call(.patch, "/api/v1/organizations/\(tree.district)", json: ["abbreviation": "QU"])
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Trần Văn Bình", card: "D-1", cell: tree.cellA1))
            func issue(_ extra: [String: Any]) async throws -> JSONAnswer {
                var body: [String: Any] = [
                    "kind": "FINAL", "organizationId": tree.district, "from": 2016, "to": 2022,
                    "title": "Tổng kết 6 năm thực hiện Quyết định số 500-QĐ/QU", "place": "Hồng Bàng", "issuedOn": "2022-06-20",
                    "signer": ["mode": "T/M", "title": "Ban Thường vụ", "position": "Bí thư", "name": "Lê Văn Thành"],
                    "recipients": ["Ban Thường vụ Thành ủy (để báo cáo)", "Các đảng bộ phường", "Lưu Văn phòng Quận ủy"],
                ]
                body.merge(extra) { $1 }
                return try await client.call(.post, "/api/v1/report-documents", json: body)
            }
            let first = try await issue([:])
            #expect(first.status == .created, "\(first.text)")
            #expect(first["number"] as? String == "1-BC/QU")
            #expect(first.headers[.location] == "/api/v1/report-documents/\(first["id"] as? String ?? "")")
            let second = try await issue(["kind": "ANNUAL", "year": 2021, "from": NSNull(), "to": NSNull()])
            #expect(second["number"] as? String == "2-BC/QU", "\(second.text)")
            #expect((second["figures"] as? [String: Any])?["kind"] as? String == "ANNUAL")
            let nextYear = try await issue(["issuedOn": "2023-01-05"])
            #expect(nextYear["number"] as? String == "1-BC/QU", "numbers start again each year")

            // Later records do not change what was issued.
            _ = try await client.call(.post, "/api/v1/members", json: memberBody("Phạm Thị Lan", card: "D-2", cell: tree.cellB1))
            let live = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(tree.district)&from=2016&to=2022")
            #expect((live["totals"] as? [String: Any])?["distinctMembers"] as? Int == 2)
            let id = first["id"] as? String ?? ""
            let stored = try await client.call(.get, "/api/v1/report-documents/\(id)")
            #expect(stored.status == .ok)
            #expect(((stored["figures"] as? [String: Any])?["totals"] as? [String: Any])?["distinctMembers"] as? Int == 1)
            #expect(stored.text == first.text, "the document reads back exactly as issued")

            let html = try await client.call(.get, "/api/v1/report-documents/\(id)", headers: [.accept: "text/html"])
            for part in ["Số 1-BC/QU", "Hồng Bàng, ngày 20 tháng 6 năm 2022", "QUẬN ỦY HỒNG BÀNG", "T/M BAN THƯỜNG VỤ", "BÍ THƯ",
                         "Lê Văn Thành", "Ban Thường vụ Thành ủy (để báo cáo)", "Tổng kết 6 năm thực hiện Quyết định số 500-QĐ/QU"] {
                #expect(html.text.contains(part), "the issued HTML has \(part)")
            }
            #expect(!html.text.contains("Bản xem trước"))
            for (format, part) in [("docx", "word/document.xml"), ("xlsx", "xl/workbook.xml")] {
                let file = try await client.call(.get, "/api/v1/report-documents/\(id)?format=\(format)")
                #expect(file.status == .ok && file.text.contains(part), "the issued document as \(format)")
                #expect(file.headers[.contentDisposition]?.hasPrefix("attachment; filename=\"bao-cao-so-1-2022.\(format)\"") == true)
                #expect(file.headers[.contentDisposition]?.hasSuffix("%20s%E1%BB%91%201-BC-QU.\(format)") == true, "\(file.headers[.contentDisposition] ?? "")")
            }

            let bad = try await issue(["kind": "ANNUAL", "signer": ["mode": "X", "title": "", "name": "A"], "recipients": [] as [String]])
            #expect(bad.status == .unprocessableContent)
            #expect(Set(bad.errorFields).isSuperset(of: ["to", "signer.mode", "signer.title", "recipients"]), "\(bad.text)")
            let audit = try await client.call(.get, "/api/v1/audit-events?entityType=report_document&entityId=\(id)")
            #expect(audit.items.first?["action"] as? String == "report_document.issued")
        }
    }

    /// From 2025 a self-assessment gives points; reports count them as levels by the rule
    /// set's thresholds, and a summary across 2025 notes the change of scheme.
    @Test func pointsBecomeLevelsAndTheChangeOfSchemeIsNoted() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            let created = try await client.call(.post, "/api/v1/members", json: memberBody("Đỗ Thị Mai", card: "P-1", cell: tree.cellA1))
            let member = try #require(created["id"] as? String)
            try await PQConnection.withConnection(database, logger: TestDatabase.logger) { c in
                try await c.query("""
                    INSERT INTO self_assessment (member_id, year, status, criteria)
                    VALUES (\(UUID(uuidString: member)!), 2025, 'SUBMITTED',
                            '[{"criterion": "GUONG_MAU", "points": 90}, {"criterion": "CAU_THI", "points": 89},
                              {"criterion": "TRACH_NHIEM", "points": 50}, {"criterion": "NOI_DI_DOI_VOI_LAM", "points": 49}]')
                    """)
            }
            let annual = try await client.call(.get, "/api/v1/reports/annual?organizationId=\(tree.wardA)&year=2025")
            let criteria = annual["criteria"] as? [String: [String: Int]] ?? [:]
            #expect(criteria["GUONG_MAU"]?["XUAT_SAC"] == 1)
            #expect(criteria["CAU_THI"]?["TOT"] == 1)
            #expect(criteria["TRACH_NHIEM"]?["TRUNG_BINH"] == 1)
            #expect(criteria["NOI_DI_DOI_VOI_LAM"]?["KEM"] == 1)
            #expect((annual["selfAssessments"] as? [String: Any])?["submitted"] as? Int == 1)

            let summary = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(tree.wardA)&from=2023&to=2026")
            let notes = summary["notes"] as? [[String: Any]] ?? []
            #expect(notes.compactMap { $0["year"] as? Int } == [2025])
            #expect((notes.first?["changes"] as? [[String: Any]])?.first?["to"] as? String == "POINTS_100")
            let html = try await client.call(.get, "/api/v1/reports/summary?organizationId=\(tree.wardA)&from=2023&to=2026&format=html")
            #expect(html.text.contains("Từ năm 2025: cách đánh giá đổi từ 4 mức sang thang điểm 100"))
        }
    }
}
