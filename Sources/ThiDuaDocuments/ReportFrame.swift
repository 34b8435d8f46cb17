import Foundation
import CivilDate
import ThiDua

/// The heading and closing of a document: an issued one's, or a live report's defaults
/// (blank number, today, the collective's signer line with no name).
public struct ReportFrame: Sendable {
    var number: String
    var date: CalendarDate
    var place: String
    var title: String?
    var signer: Signer?
    var recipients: [String]
    /// Set on a live report: it is a preview, not an issued document.
    var draft: String?
    /// When the document was issued; nil for a live report (its figures are as of now).
    var issuedAt: Date?

    public static func issued(_ document: ReportDocument) -> ReportFrame {
        ReportFrame(number: document.number, date: document.issuedOn, place: document.place, title: document.title,
                    signer: document.signer, recipients: document.recipients, draft: nil, issuedAt: document.createdAt)
    }

    public static func live(_ organization: ReportOrganization, today: CalendarDate) -> ReportFrame {
        ReportFrame(number: PartyHeading.number(sequence: nil, abbreviation: organization.abbreviation), date: today,
                    place: PartyHeading.place(name: organization.name, kind: organization.kind), title: nil, signer: nil,
                    recipients: ["Lưu Văn phòng."],
                    draft: "Bản xem trước: số liệu tính đến ngày \(ReportModel.date(today)), chưa ban hành.", issuedAt: nil)
    }
}
