import Foundation
import PQ

/// The yearly cycle of the demo district for 2016–2022: commitments for most members (90–98 %
/// a year, a few late), self-assessments, cell meetings with proposals, ward decisions within
/// each year's 20 % quota, and the district's grades of its wards. Derived from the district
/// and a seed, so it is the same on every machine.
struct DemoCycle {
    static let years = 2016...2022
    static let criteria = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"]
    static let actions = [
        "GUONG_MAU": ["Gương mẫu chấp hành quy định nơi cư trú", "Đi đầu trong phong trào vệ sinh khu phố", "Nêu gương tiết kiệm, chống lãng phí"],
        "CAU_THI": ["Tham gia đầy đủ các lớp học nghị quyết", "Lắng nghe, tiếp thu ý kiến của nhân dân", "Tự học nâng cao trình độ tin học"],
        "TRACH_NHIEM": ["Hoàn thành nhiệm vụ được giao đúng hạn", "Giải quyết kiến nghị của tổ dân phố trong 7 ngày", "Tham gia trực phòng chống dịch"],
        "NOI_DI_DOI_VOI_LAM": ["Vận động gia đình thực hiện nếp sống văn minh", "Đóng góp xây dựng đường ngõ", "Thực hiện đúng cam kết đã đăng ký"],
    ]

    struct Rows {
        var commitments: [[any PQEncodable]] = []
        var items: [[any PQEncodable]] = []
        var selfAssessments: [[any PQEncodable]] = []
        var reviews: [[any PQEncodable]] = []
        var proposals: [[any PQEncodable]] = []
        var grades: [[any PQEncodable]] = []
        var organizationGrades: [[any PQEncodable]] = []
        /// The decided HTXSNV grades, for the recognition that follows them.
        var excellent: [(member: UUID, year: Int, ward: UUID)] = []
    }

    static func generate(_ district: DemoDistrict, seed: UInt64, orderedIds: UInt64? = nil) -> Rows {
        var random = SeededRandom(seed: seed &+ 2016, orderedIds: orderedIds)
        var rows = Rows()
        let organizations = Dictionary(uniqueKeysWithValues: district.organizations.map { ($0.id, $0) })
        for year in years {
            let yearEnd = CalendarDate(year: year, month: 12, day: 31)!
            let deadline = year == 2016 ? CalendarDate(year: 2016, month: 6, day: 30)! : CalendarDate(year: year, month: 1, day: 31)!
            let registering = Double.random(in: 0.90...0.98, using: &random)
            // The roster: each member admitted by the year's end, in the cell of 31 December.
            var rosterOfCell: [UUID: [UUID]] = [:]
            for member in district.members where member.fields.admittedOn <= yearEnd {
                guard let cell = member.assignments.last(where: { $0.from <= yearEnd })?.cell else { continue }
                rosterOfCell[cell, default: []].append(member.id)
            }
            var proposalsOfWard: [UUID: [(member: UUID, grade: Grade)]] = [:]
            for (cell, members) in rosterOfCell.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                for member in members where random.chance(registering) {
                    let id = UUID(random: &random)
                    let late = random.chance(0.04)
                    let submitted = late ? CalendarDate(daysSinceEpoch: deadline.daysSinceEpoch + Int.random(in: 1...40, using: &random))
                                         : CalendarDate(daysSinceEpoch: deadline.daysSinceEpoch - Int.random(in: 1...25, using: &random))
                    let submittedAt = Date(timeIntervalSince1970: Double(submitted.daysSinceEpoch) * 86_400 + 9 * 3600)
                    rows.commitments.append([id, member, Int32(year), "CLOSED", "QD500", Int32(1), late, submittedAt,
                                             submittedAt.addingTimeInterval(3 * 86_400)])
                    for (position, criterion) in criteria.enumerated() {
                        rows.items.append([UUID(random: &random), id, Int32(position), criterion, random.pick(actions[criterion]!), Optional<String>.none])
                    }
                    let levels = try? JSONB(criteria.map { CriterionAssessment(criterion: $0, level: random.chance(0.8) ? .good : random.pick([.excellent, .average]), points: nil, note: nil) })
                    rows.selfAssessments.append([member, Int32(year), "SUBMITTED", true, levels, random.pick(["HTTNV", "HTTNV", "HTTNV", "HTXSNV", "HTNV"])])
                }
                // The cell meeting proposes a grade for every member of its roster.
                let review = UUID(random: &random)
                let eligible = members.count
                let attendees = max(0, eligible - Int.random(in: 0...max(0, eligible / 6), using: &random))
                rows.reviews.append([review, cell, Int32(year), "CELL", CalendarDate(year: year, month: 12, day: Int.random(in: 5...15, using: &random))!,
                                     Optional<String>.none, Optional<String>.none, Int32(attendees), Int32(eligible), Optional<String>.none,
                                     Optional<String>.none, Optional<CalendarDate>.none])
                let ward = organizations[cell]!.parentId!
                for member in members {
                    let roll = Double.random(in: 0..<1, using: &random)
                    let grade: Grade = roll < 0.13 ? .excellent : roll < 0.83 ? .good : roll < 0.97 ? .completed : .notCompleted
                    rows.proposals.append([review, member, grade.rawValue, Optional<String>.none, Int32(attendees), Int32(0), Int32(0)])
                    proposalsOfWard[ward, default: []].append((member, grade))
                }
            }
            // Each ward decides within the quota: excellent proposals beyond it become HTTNV.
            for (ward, proposals) in proposalsOfWard.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
                let decided = CalendarDate(year: year, month: 12, day: Int.random(in: 20...28, using: &random))!
                let number = "\(Int.random(in: 10...99, using: &random))-QĐ/ĐU"
                // Excellent proposals beyond the quota become HTTNV, which raises the HTTNV count:
                // keep the most that the final grades allow.
                let good = proposals.filter { $0.grade == .good }.count
                let proposedExcellent = proposals.filter { $0.grade == .excellent }.count
                var allowed = proposedExcellent
                while allowed > Quota.maximumExcellent(good: good + proposedExcellent - allowed, percent: 20) { allowed -= 1 }
                var excellent = 0
                for proposal in proposals {
                    var grade = proposal.grade
                    var reason: String? = nil
                    if grade == .excellent {
                        if excellent < allowed { excellent += 1 } else { grade = .good; reason = "Vượt tỷ lệ hoàn thành xuất sắc nhiệm vụ" }
                    }
                    rows.grades.append([proposal.member, Int32(year), ward, grade.rawValue, reason, number, decided])
                    if grade == .excellent { rows.excellent.append((proposal.member, year, ward)) }
                }
                rows.reviews.append([UUID(random: &random), ward, Int32(year), "WARD", decided, Optional<String>.none, Optional<String>.none,
                                     Optional<Int32>.none, Optional<Int32>.none, Optional<String>.none, number, decided])
                rows.organizationGrades.append([ward, Int32(year), random.chance(0.3) ? "HTXSNV" : "HTTNV", organizations[ward]!.parentId!])
            }
            let districtDay = CalendarDate(year: year + 1, month: 1, day: 15)!
            for district in district.organizations where district.kind == .district {
                rows.reviews.append([UUID(random: &random), district.id, Int32(year), "DISTRICT", districtDay, Optional<String>.none,
                                     Optional<String>.none, Optional<Int32>.none, Optional<Int32>.none, Optional<String>.none,
                                     "\(Int.random(in: 100...999, using: &random))-QĐ/\(district.abbreviation)", districtDay])
            }
        }
        return rows
    }

    /// Writes the cycle with COPY on the demo load's transaction.
    static func load(_ rows: Rows, on connection: PQConnection) async throws {
        try await connection.copyIn(unsafeSQL: """
            COPY commitment (id, member_id, year, status, framework_code, framework_version, late, submitted_at, acknowledged_at) FROM STDIN
            """, rows: rows.commitments)
        try await connection.copyIn(unsafeSQL: "COPY commitment_item (id, commitment_id, position, criterion, action, target) FROM STDIN",
                                    rows: rows.items)
        try await connection.copyIn(unsafeSQL: "COPY self_assessment (member_id, year, status, locked, criteria, proposed_grade) FROM STDIN",
                                    rows: rows.selfAssessments)
        try await connection.copyIn(unsafeSQL: """
            COPY review (id, organization_id, year, kind, held_on, chair, secretary, attendees, eligible, minutes, decision_number, decided_on) FROM STDIN
            """, rows: rows.reviews)
        try await connection.copyIn(unsafeSQL: """
            COPY grade_proposal (review_id, member_id, proposed_grade, comment, votes_for, votes_against, votes_abstain) FROM STDIN
            """, rows: rows.proposals)
        try await connection.copyIn(unsafeSQL: """
            COPY member_grade (member_id, year, organization_id, grade, reason, decision_number, decided_on) FROM STDIN
            """, rows: rows.grades)
        try await connection.copyIn(unsafeSQL: "COPY organization_grade (organization_id, year, grade, graded_by) FROM STDIN",
                                    rows: rows.organizationGrades)
    }
}

extension UUID {
    /// A version-4 UUID from a seeded generator, so generated data has stable ids (version 7,
    /// ordered, when the generator says so).
    init(random: inout SeededRandom) {
        var bytes = (0..<16).map { _ in UInt8.random(in: 0...255, using: &random) }
        if let time = random.orderedIds {
            random.orderedIds = time + 1
            for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: time >> (40 - 8 * index)) }
            bytes[6] = (bytes[6] & 0x0f) | 0x70
            bytes[8] = (bytes[8] & 0x3f) | 0x80
            self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                             bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
            return
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        self.init(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                         bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}
