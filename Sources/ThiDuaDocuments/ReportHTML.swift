import Foundation
import Mustache
import CivilDate
import ThiDua

/// Renders reports as printable HTML through the Mustache templates in `Templates/`.
public struct ReportHTML: Sendable {
    let library: MustacheLibrary

    /// The templates are part of the build; one that does not parse is a programming error.
    public static let shared = try! ReportHTML()

    init() throws {
        var library = MustacheLibrary()
        for (name, bytes) in [("document", PackageResources.document_mustache), ("chart", PackageResources.chart_mustache),
                              ("table", PackageResources.table_mustache)] {
            try library.register(String(decoding: bytes, as: UTF8.self), named: name)
        }
        self.library = library
    }

    /// `link`, where given, makes each count of a table a link to the list of its records
    /// (the web's report page; a printed or issued document has none).
    public func render(_ figures: FrozenFigures, frame: ReportDocumentView.Frame?, today: CalendarDate,
                       link: ((ReportDrill) -> String)? = nil) -> String {
        let organization = figures.organization
        var (summaryLine, sections) = switch figures {
        case .annual(let report): ReportSections.annual(report)
        case .summary(let report): ReportSections.summary(report)
        }
        if let link {
            for index in sections.indices { sections[index].tables = sections[index].tables.map { $0.linked(link) } }
        }
        let view = ReportDocumentView(organization: organization, summaryLine: summaryLine, sections: sections,
                                      frame: frame ?? .live(organization, today: today))
        return library.render(view, withTemplate: "document") ?? ""
    }
}
