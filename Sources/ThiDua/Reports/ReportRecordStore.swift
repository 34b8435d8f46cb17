import Foundation
import PQ

/// One record a report's count counts: a member-year of a roster, a commendation, an
/// exemplar, a badge, an activity or a review.
public struct ReportRecord: Sendable, Equatable {
    public var year: Int
    /// The member's or the organization's name, or the activity's topic.
    public var name: String
    public var memberId: UUID?
    /// The member's cell that year, or the organization that holds the record.
    public var place: String
    /// The member's commitment status and grade of the year (member-years only).
    public var commitment: CommitmentStatus?
    public var grade: Grade?
    /// The form, stage, tier or channel of a recognition record.
    public var code: String?
    public var day: CalendarDate?
    /// A decision number, a title, the participants of an activity.
    public var reference: String?
}

public struct ReportRecordPage: Sendable {
    public var organization: Organization
    public var records: [ReportRecord]
    /// Every record the figure counts, of which `records` is one page.
    public var total: Int
    /// The criterion's name in the span's latest framework, for a criterion's figure.
    public var criterionName: String?
}

/// The records behind a count of a report, read from the same facts the report's counts are
/// kept from (`report_member_year`, and the recognition, activity and review tables counted
/// by the same rules as `ReportQueries`), so that a list has exactly as many rows as its figure.
public struct ReportRecordStore: Sendable {
    let pool: PQPool

    public init(pool: PQPool) {
        self.pool = pool
    }

    public static let pageSize = 500

    public func list(_ drill: ReportDrill, page: Int, scope: AccessScope) async throws -> ReportRecordPage {
        try await pool.withConnection { connection in
            guard try await OrganizationStore.isWithin(drill.organizationId, scope.read, on: connection) else {
                throw DomainError.notFound("organization")
            }
            let organization = try await OrganizationStore.get(drill.organizationId, on: connection)
            let offset = Int32(clamping: max(page - 1, 0) * Self.pageSize)
            var query = Self.records(drill)
            query.append("""

                SELECT x.year::int8, x.name, x.member_id, x.place, x.status, x.grade, x.code, x.day, x.reference, count(*) OVER ()
                FROM records x
                ORDER BY x.year, x.sort COLLATE vietnamese, x.name COLLATE vietnamese, x.id
                LIMIT \(Int32(Self.pageSize)) OFFSET \(offset)
                """)
            var total = 0
            let records = try await connection.query(query).rows.map { row in
                let (year, name, memberId, place, status, grade, code, day, reference, count) =
                    try row.decode((Int, String, UUID?, String, String?, String?, String?, CalendarDate?, String?, Int).self)
                total = count
                return ReportRecord(year: year, name: name, memberId: memberId, place: place,
                                    commitment: status.flatMap(CommitmentStatus.init(rawValue:)), grade: grade.flatMap(Grade.init(rawValue:)),
                                    code: code, day: day, reference: reference)
            }
            if records.isEmpty && page > 1 { throw DomainError.notFound("page") }
            var criterionName: String?
            if case .criterion(let code, _) = drill.figure {
                criterionName = try await SpanRules.load(drill.years, on: connection).criterionNames.first { $0.code == code }?.name
            }
            return ReportRecordPage(organization: organization, records: records, total: total, criterionName: criterionName)
        }
    }

    /// `WITH records AS (...)`: year, name, member_id, place, status, grade, code, day,
    /// reference, sort (the name's sort key) and id of every record the figure counts.
    static func records(_ drill: ReportDrill) -> PQQuery {
        let root = drill.organizationId
        let from = Int32(drill.years.lowerBound), to = Int32(drill.years.upperBound)
        // Members' records count in the cell they were on the roster of that year, as the
        // report tables place them.
        let memberYears: PQQuery = "report_member_year f JOIN organization c ON c.id = f.cell_id JOIN member m ON m.id = f.member_id"
        let inSpan: PQQuery = "c.ancestors @> ARRAY[\(root)] AND f.year BETWEEN \(from) AND \(to)"
        let inner: PQQuery
        switch drill.figure {
        case .members, .registered, .submitted, .acknowledged, .late, .selfAssessed, .grade, .ungraded, .criterion:
            inner = """
                SELECT f.year, m.full_name AS name, m.id AS member_id, c.name AS place, k.status, f.grade, NULL::text AS code,
                       NULL::date AS day, NULL::text AS reference, m.given_name AS sort, m.id
                FROM \(memberYears)
                LEFT JOIN commitment k ON k.member_id = f.member_id AND k.year = f.year
                WHERE \(inSpan) AND \(memberCondition(drill.figure))
                """
        case .commendations(let form):
            let formFilter: PQQuery = form.map { "AND k.form = \($0.rawValue)" } ?? ""
            inner = """
                SELECT f.year, m.full_name, m.id, c.name, NULL, NULL, k.form, k.decided_on, k.decision_number, m.given_name, k.id
                FROM \(memberYears) JOIN commendation k ON k.member_id = f.member_id AND k.year = f.year \(formFilter)
                WHERE \(inSpan)
                UNION ALL
                SELECT k.year, o.name, NULL, o.name, NULL, NULL, k.form, k.decided_on, k.decision_number, o.name, k.id
                FROM commendation k JOIN organization o ON o.id = k.organization_id
                WHERE o.ancestors @> ARRAY[\(root)] AND k.year BETWEEN \(from) AND \(to) \(formFilter)
                """
        case .exemplars(let stage):
            let stageFilter: PQQuery = stage.map { "AND x.stage = \($0.rawValue)" } ?? ""
            inner = """
                SELECT f.year, m.full_name, m.id, c.name, NULL, NULL, x.stage, x.discovered_on, x.title, m.given_name, x.id
                FROM \(memberYears) JOIN exemplar x ON x.member_id = f.member_id
                  AND x.discovered_on BETWEEN make_date(f.year, 1, 1) AND make_date(f.year, 12, 31) \(stageFilter)
                WHERE \(inSpan)
                UNION ALL
                SELECT extract(year FROM x.discovered_on)::int, o.name, NULL, o.name, NULL, NULL, x.stage, x.discovered_on, x.title, o.name, x.id
                FROM exemplar x JOIN organization o ON o.id = x.organization_id
                WHERE o.ancestors @> ARRAY[\(root)] AND x.discovered_on BETWEEN make_date(\(from), 1, 1) AND make_date(\(to), 12, 31) \(stageFilter)
                """
        case .badges(let years):
            let tierFilter: PQQuery = years.map { "AND b.years = \(Int32($0))" } ?? ""
            inner = """
                SELECT f.year, m.full_name, m.id, c.name, NULL, NULL, b.years::text, b.occasion_on, b.decision_number, m.given_name, b.id
                FROM \(memberYears) JOIN badge_award b ON b.member_id = f.member_id
                  AND b.occasion_on BETWEEN make_date(f.year, 1, 1) AND make_date(f.year, 12, 31) \(tierFilter)
                WHERE \(inSpan)
                """
        case .activities(let channel):
            let channelFilter: PQQuery = channel.map { "AND a.channel = \($0.rawValue)" } ?? ""
            inner = """
                SELECT extract(year FROM a.held_on)::int, a.topic, NULL, o.name, NULL, NULL, a.channel, a.held_on,
                       a.participants::text, a.topic, a.id
                FROM activity a JOIN organization o ON o.id = a.organization_id
                WHERE o.ancestors @> ARRAY[\(root)] AND a.held_on BETWEEN make_date(\(from), 1, 1) AND make_date(\(to), 12, 31) \(channelFilter)
                """
        case .reviews, .reopenedReviews:
            let reopened: PQQuery = drill.figure == .reopenedReviews ? "AND v.reopened_at IS NOT NULL" : ""
            inner = """
                SELECT v.year, o.name, NULL, o.name, NULL, NULL, v.kind, v.held_on, v.decision_number, o.name, v.id
                FROM review v JOIN organization o ON o.id = v.organization_id
                WHERE o.ancestors @> ARRAY[\(root)] AND v.year BETWEEN \(from) AND \(to) \(reopened)
                """
        }
        var query: PQQuery = "WITH records (year, name, member_id, place, status, grade, code, day, reference, sort, id) AS ("
        query.append(inner)
        query.append(")")
        return query
    }

    /// Which member-years of `report_member_year f` a figure counts.
    static func memberCondition(_ figure: ReportFigure) -> PQQuery {
        switch figure {
        case .registered: "f.registered"
        case .submitted: "f.submitted"
        case .acknowledged: "f.acknowledged"
        case .late: "f.late"
        case .selfAssessed: "f.self_assessed"
        case .grade(let grade): "f.grade = \(grade.rawValue)"
        case .ungraded: "f.grade IS NULL"
        case .criterion(let code, let level?): "f.tallies @> ARRAY[\("criterion:\(code)|\(level.rawValue)")]"
        case .criterion(let code, nil): "EXISTS (SELECT 1 FROM unnest(f.tallies) t WHERE starts_with(t, \("criterion:\(code)|")))"
        default: "true"
        }
    }
}
