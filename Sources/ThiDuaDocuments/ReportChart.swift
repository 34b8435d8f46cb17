import Foundation

/// A chart as the `chart` template draws it: shapes with their coordinates worked out here,
/// so the template stays a plain list of SVG elements.
struct ReportChart {
    struct Rect { var x, y, width, height: String; var fill: String; var tip: String }
    struct Polyline { var points: String; var stroke: String }
    struct Dot { var cx, cy: String; var fill: String; var tip: String }
    struct Label { var x, y: String; var text: String; var anchor: String; var transform: String? }
    struct Rule { var x1, y1, x2, y2: String; var stroke: String }
    struct LegendItem { var x, y, textX, textY: String; var fill: String; var text: String }

    var title: String
    var width = 660.0
    var height = 270.0
    var rects: [Rect] = []
    var polylines: [Polyline] = []
    var dots: [Dot] = []
    var labels: [Label] = []
    var rules: [Rule] = []
    var legend: [LegendItem] = []

    // The plot area inside the chart.
    static let left = 56.0, right = 12.0, top = 16.0, bottom = 62.0

    var plotWidth: Double { width - Self.left - Self.right }
    var plotHeight: Double { height - Self.top - Self.bottom }

    /// The SVG shapes of `spec`.
    init(_ spec: ReportChartSpec) {
        switch spec.kind {
        case .stackedCounts:
            self = Self.stackedBars(title: spec.title, categories: spec.categories,
                                    series: spec.series.map { ($0.name, $0.color, $0.values.map { Int($0 ?? 0) }) })
        case .ratioLines: self = Self.lines(title: spec.title, categories: spec.categories, series: spec.series, top: spec.ratioCeiling)
        case .ratioBars:
            self = Self.ratioBars(title: spec.title, categories: spec.categories, values: spec.series.first?.values ?? [],
                                  color: spec.series.first?.color ?? "#1f5fa8")
        }
    }

    init(title: String) { self.title = title }

    /// Counts per category, one stacked bar each (grades per year, per child).
    static func stackedBars(title: String, categories: [String], series: [(name: String, color: String, values: [Int])]) -> ReportChart {
        var chart = ReportChart(title: title)
        let totals = categories.indices.map { i in series.reduce(0) { $0 + $1.values[i] } }
        let maximum = niceCeiling(Double(totals.max() ?? 0))
        chart.axis(maximum: maximum, format: { ReportTable.Cell.grouped(Int($0)) })
        let slot = chart.plotWidth / Double(max(categories.count, 1))
        for (i, category) in categories.enumerated() {
            var base = 0.0
            let x = left + slot * Double(i) + slot * 0.18
            for s in series where s.values[i] > 0 {
                let value = Double(s.values[i])
                let y0 = chart.y(base, maximum), y1 = chart.y(base + value, maximum)
                chart.rects.append(Rect(x: f(x), y: f(y1), width: f(slot * 0.64), height: f(y0 - y1), fill: s.color,
                                        tip: "\(category): \(s.name) \(s.values[i])"))
                base += value
            }
            chart.categoryLabel(category, x: left + slot * (Double(i) + 0.5), tilted: categories.count > 8)
        }
        chart.addLegend(series.map { ($0.name, $0.color) })
        return chart
    }

    /// Ratios per category as lines on a 0–100 % scale (commitment share, criterion trends).
    static func lines(title: String, categories: [String], series: [ReportChartSpec.Series], top: Double) -> ReportChart {
        var chart = ReportChart(title: title)
        chart.axis(maximum: top, format: { "\(Int(($0 * 100).rounded()))%" })
        let slot = chart.plotWidth / Double(max(categories.count, 1))
        for s in series {
            var points: [String] = []
            for (i, value) in s.values.enumerated() {
                guard let value else { continue }
                let x = left + slot * (Double(i) + 0.5), y = chart.y(value, top)
                points.append("\(f(x)),\(f(y))")
                chart.dots.append(Dot(cx: f(x), cy: f(y), fill: s.color,
                                      tip: "\(categories[i]): \(s.name) \(ReportTable.Cell.ratio(value).printed)"))
            }
            chart.polylines.append(Polyline(points: points.joined(separator: " "), stroke: s.color))
        }
        for (i, category) in categories.enumerated() {
            chart.categoryLabel(category, x: left + slot * (Double(i) + 0.5), tilted: categories.count > 8)
        }
        if series.count > 1 { chart.addLegend(series.map { ($0.name, $0.color) }) }
        return chart
    }

    /// One ratio per category as a bar on a 0–100 % scale (children compared).
    static func ratioBars(title: String, categories: [String], values: [Double?], color: String) -> ReportChart {
        var chart = ReportChart(title: title)
        chart.axis(maximum: 1, format: { "\(Int(($0 * 100).rounded()))%" })
        let slot = chart.plotWidth / Double(max(categories.count, 1))
        for (i, category) in categories.enumerated() {
            if let value = values[i] {
                let y = chart.y(value, 1)
                chart.rects.append(Rect(x: f(left + slot * Double(i) + slot * 0.2), y: f(y), width: f(slot * 0.6),
                                        height: f(chart.y(0, 1) - y), fill: color,
                                        tip: "\(category): \(ReportTable.Cell.ratio(value).printed)"))
            }
            chart.categoryLabel(category, x: left + slot * (Double(i) + 0.5), tilted: categories.count > 8)
        }
        return chart
    }

    private func y(_ value: Double, _ maximum: Double) -> Double {
        Self.top + plotHeight * (1 - (maximum > 0 ? value / maximum : 0))
    }

    private mutating func axis(maximum: Double, format: (Double) -> String) {
        for step in 0...4 {
            let value = maximum * Double(step) / 4
            let y = self.y(value, maximum)
            rules.append(Rule(x1: Self.f(Self.left), y1: Self.f(y), x2: Self.f(width - Self.right), y2: Self.f(y),
                              stroke: step == 0 ? "#333" : "#ddd"))
            labels.append(Label(x: Self.f(Self.left - 6), y: Self.f(y + 4), text: format(value), anchor: "end", transform: nil))
        }
    }

    private mutating func categoryLabel(_ text: String, x: Double, tilted: Bool) {
        let short = text.count > 24 ? String(text.prefix(23)) + "…" : text
        let y = Self.top + plotHeight + 16
        labels.append(Label(x: Self.f(x), y: Self.f(y), text: short, anchor: tilted ? "end" : "middle",
                            transform: tilted ? "rotate(-30 \(Self.f(x)) \(Self.f(y)))" : nil))
    }

    private mutating func addLegend(_ items: [(String, String)]) {
        let y = height - 14
        var x = Self.left
        for (name, color) in items {
            legend.append(LegendItem(x: Self.f(x), y: Self.f(y - 9), textX: Self.f(x + 14), textY: Self.f(y), fill: color, text: name))
            x += 24 + Double(name.count) * 6.2
        }
    }

    /// 1, 2 or 5 times a power of ten, at least `value`: round gridlines.
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 4 }
        let power = pow(10, floor(log10(value)))
        for step in [1.0, 2, 2.5, 5, 10] where step * power >= value { return step * power }
        return 10 * power
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }
}
