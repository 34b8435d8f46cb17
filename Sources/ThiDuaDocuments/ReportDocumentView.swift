import Foundation
import ThiDua

/// What `document.mustache` prints of a `ReportModel`: its charts drawn as SVG shapes and its
/// cells printed as Vietnamese numbers.
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
        var paragraphs: [String]
        var charts: [ReportChart]
        var tables: [TableView]
    }

    var heading: ReportModel.Heading
    var sections: [Section]

    /// The view of `model`; `link`, where given, links each count to its records.
    init(_ model: ReportModel, link: ((ReportDrill) -> String)?) {
        heading = model.heading
        sections = model.sections.map { section in
            Section(heading: section.heading, paragraphs: section.paragraphs, charts: section.charts.map(ReportChart.init),
                    tables: section.tables.map { table in link.map { TableView(table).linked($0) } ?? TableView(table) })
        }
    }
}
