import Foundation
import CivilDate
import ThiDua

/// What `document.mustache` prints: the heading of Hướng dẫn 36-HD/VPTW, the sections with
/// their prose, charts and tables, the recipients and the signer block.
public struct ReportDocumentView {
    struct TableView {
        struct CellView {
            var text: String
            var numeric: Bool
            var drill: ReportDrill?
            /// Where the count's records are listed, on pages that link them.
            var href: String?
        }
        struct RowView { var cells: [CellView] }
        var title: String
        var columns: [String]
        var rows: [RowView]

        init(_ table: ReportTable) {
            title = table.title
            columns = table.columns
            rows = table.rows.map { RowView(cells: $0.map { CellView(text: $0.printed, numeric: $0.isNumeric, drill: $0.drill) }) }
        }

        /// The table with each count that knows its records linked through `link`.
        func linked(_ link: (ReportDrill) -> String) -> TableView {
            var table = self
            for r in table.rows.indices {
                for c in table.rows[r].cells.indices {
                    table.rows[r].cells[c].href = table.rows[r].cells[c].drill.map(link)
                }
            }
            return table
        }
    }

    struct Section {
        var heading: String
        var paragraphs: [String] = []
        var charts: [ReportChart] = []
        var tables: [TableView] = []
    }

    var documentTitle: String
    /// Set on a live report: it is a preview, not an issued document.
    var draft: String?
    var parentBody: String?
    var issuer: String
    var number: String
    var dateLine: String
    var summaryLine: String
    var sections: [Section]
    var recipients: [String]
    var signerLine: String
    var signerPosition: String?
    var signerName: String

    /// The heading and closing of a document: an issued one's, or a live report's defaults
    /// (blank number, today, the collective's signer line with no name).
    public struct Frame: Sendable {
        var number: String
        var date: CalendarDate
        var place: String
        var title: String?
        var signer: Signer?
        var recipients: [String]
        var draft: String?

        public static func issued(_ document: ReportDocument) -> Frame {
            Frame(number: document.number, date: document.issuedOn, place: document.place, title: document.title,
                  signer: document.signer, recipients: document.recipients, draft: nil)
        }

        public static func live(_ organization: ReportOrganization, today: CalendarDate) -> Frame {
            Frame(number: PartyHeading.number(sequence: nil, abbreviation: organization.abbreviation), date: today,
                  place: PartyHeading.place(name: organization.name), title: nil, signer: nil,
                  recipients: ["Lưu Văn phòng."],
                  draft: "Bản xem trước: số liệu tính đến ngày \(today.day)/\(today.month)/\(today.year), chưa ban hành.")
        }
    }

    init(organization: ReportOrganization, summaryLine: String, sections: [Section], frame: Frame) {
        documentTitle = "Báo cáo: " + summaryLine
        draft = frame.draft
        parentBody = PartyHeading.parentBody(organization.parent)
        issuer = PartyHeading.issuer(name: organization.name, kind: organization.kind)
        number = frame.number
        dateLine = PartyHeading.dateLine(place: frame.place, date: frame.date)
        self.summaryLine = frame.title ?? summaryLine
        self.sections = sections
        recipients = frame.recipients
        (signerLine, signerPosition, signerName) = PartyHeading.signerBlock(frame.signer, kind: organization.kind)
    }
}
