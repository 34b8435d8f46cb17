import Foundation
import Mustache
import CivilDate
import ThiDua

/// Renders reports as printable HTML through the Mustache templates in `Templates/`.
public struct ReportHTML: ReportRenderer {
    let library: MustacheLibrary
    /// Where given, each count of a table links to the list of its records (the web's report
    /// page; a printed or issued document has none).
    var link: (@Sendable (ReportDrill) -> String)?

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

    /// This renderer with each count linked through `link`.
    public func linking(_ link: @escaping @Sendable (ReportDrill) -> String) -> ReportHTML {
        var copy = self
        copy.link = link
        return copy
    }

    public func render(_ model: ReportModel) -> [UInt8] { Array(text(model).utf8) }

    public func text(_ model: ReportModel) -> String {
        library.render(ReportDocumentView(model, link: link), withTemplate: "document") ?? ""
    }

    public func render(_ figures: FrozenFigures, frame: ReportFrame?, today: CalendarDate, now: Date = Date(),
                       link: (@Sendable (ReportDrill) -> String)? = nil) -> String {
        var renderer = self
        renderer.link = link
        return renderer.text(ReportModel(figures, frame: frame, today: today, now: now))
    }
}
