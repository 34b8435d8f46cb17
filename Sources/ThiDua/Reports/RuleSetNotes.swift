import Foundation

/// A change of grading rules between two consecutive years of a report's span: trends that
/// cross it compare years graded differently, so the report says so.
public struct RuleSetNote: Codable, Sendable, Equatable {
    public struct Change: Codable, Sendable, Equatable {
        public var field: String
        public var from: String
        public var to: String
    }

    /// The first year under the new rules.
    public var year: Int
    public var changes: [Change]
    /// The note as printed in the report.
    public var text: String
}

public enum RuleSetNotes {
    /// Notes for every year whose rules differ from the year before; `ruleSets` in year order.
    public static func between(_ ruleSets: [RuleSet]) -> [RuleSetNote] {
        zip(ruleSets, ruleSets.dropFirst()).compactMap { previous, current in
            var changes: [RuleSetNote.Change] = []
            var phrases: [String] = []
            if previous.gradingScheme != current.gradingScheme {
                changes.append(.init(field: "gradingScheme", from: previous.gradingScheme.rawValue, to: current.gradingScheme.rawValue))
                phrases.append("cách đánh giá đổi từ \(schemeName(previous.gradingScheme)) sang \(schemeName(current.gradingScheme))")
            }
            if previous.excellentQuotaPercent != current.excellentQuotaPercent {
                changes.append(.init(field: "excellentQuotaPercent", from: percent(previous.excellentQuotaPercent),
                                     to: percent(current.excellentQuotaPercent)))
                phrases.append("tỷ lệ hoàn thành xuất sắc tối đa đổi từ \(percent(previous.excellentQuotaPercent))% sang \(percent(current.excellentQuotaPercent))% số hoàn thành tốt")
            }
            if previous.frameworkCode != current.frameworkCode {
                changes.append(.init(field: "frameworkCode", from: previous.frameworkCode, to: current.frameworkCode))
                phrases.append("bộ tiêu chí đổi từ \(previous.frameworkCode) sang \(current.frameworkCode)")
            }
            let thresholds = { (r: RuleSet) in r.pointBands.map { "\($0.excellent)/\($0.good)/\($0.completed)" } ?? "-" }
            if current.gradingScheme == .points100, previous.gradingScheme == .points100, thresholds(previous) != thresholds(current) {
                changes.append(.init(field: "minPoints", from: thresholds(previous), to: thresholds(current)))
                phrases.append("ngưỡng điểm đổi từ \(thresholds(previous)) sang \(thresholds(current))")
            }
            guard !changes.isEmpty else { return nil }
            let text = "Từ năm \(current.year): " + phrases.joined(separator: "; ")
                + ". Số liệu trước và sau mốc này không so sánh trực tiếp được."
            return RuleSetNote(year: current.year, changes: changes, text: text)
        }
    }

    static func schemeName(_ scheme: GradingScheme) -> String {
        switch scheme {
        case .levels4: "4 mức"
        case .points100: "thang điểm 100"
        }
    }

    static func percent(_ value: Decimal) -> String {
        "\(value)"
    }
}
