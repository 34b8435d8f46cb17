/// What a chart of a report shows, before any form draws it: the HTML form as SVG
/// (`ReportChart`), the Word form as a native chart with its data.
public struct ReportChartSpec: Sendable {
    enum Kind: Sendable {
        /// Counts per category, stacked (grades per year, per child).
        case stackedCounts
        /// Ratios per category as lines (commitment share, criterion trends).
        case ratioLines
        /// One ratio per category as a bar (children compared).
        case ratioBars
    }

    struct Series: Sendable {
        var name: String
        /// `#rrggbb`.
        var color: String
        var values: [Double?]
    }

    var kind: Kind
    var title: String
    var categories: [String]
    var series: [Series]

    /// The top of a ratio axis: 100 %, or less when every value is small, so that a trend
    /// near 10 % shows (round gridlines either way).
    var ratioCeiling: Double {
        min(1, ReportChart.niceCeiling(max(series.flatMap { $0.values.compactMap { $0 } }.max() ?? 0, 0.01) * 100) / 100)
    }

    static func stackedBars(title: String, categories: [String], series: [(name: String, color: String, values: [Int])]) -> ReportChartSpec {
        ReportChartSpec(kind: .stackedCounts, title: title, categories: categories,
                        series: series.map { Series(name: $0.name, color: $0.color, values: $0.values.map(Double.init)) })
    }

    static func lines(title: String, categories: [String], series: [Series]) -> ReportChartSpec {
        ReportChartSpec(kind: .ratioLines, title: title, categories: categories, series: series)
    }

    static func ratioBars(title: String, categories: [String], name: String, values: [Double?], color: String) -> ReportChartSpec {
        ReportChartSpec(kind: .ratioBars, title: title, categories: categories, series: [Series(name: name, color: color, values: values)])
    }
}
