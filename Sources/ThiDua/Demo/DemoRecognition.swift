import Foundation
import PQ

/// Recognition and outreach of the demo district, 2016–2022, following the rules the API
/// enforces: commendations on excellent years and five-year streaks, exemplars in every stage
/// (the commended ones tied to their commendation), badges awarded on each occasion to the
/// members due (up to November 2021, so that 2022's occasions have candidates), and a few
/// hundred outreach activities over every channel.
struct DemoRecognition {
    struct Rows {
        var commendations: [[any PQEncodable]] = []
        var exemplars: [[any PQEncodable]] = []
        var badges: [[any PQEncodable]] = []
        var activities: [[any PQEncodable]] = []
    }

    static func generate(_ district: DemoDistrict, excellent: [(member: UUID, year: Int, ward: UUID)], seed: UInt64,
                         orderedIds: UInt64? = nil) -> Rows {
        var random = SeededRandom(seed: seed &+ 500_000, orderedIds: orderedIds)
        var rows = Rows()
        // Each member's excellent years were decided by a ward; the ward's district commends.
        // (A part of a city being grown holds its grassroots organizations, not their district.)
        let parentOf = Dictionary(uniqueKeysWithValues: district.organizations.map { ($0.id, $0.parentId) })
        var districtOf: [UUID: UUID] = [:]
        for grade in excellent { districtOf[grade.member] = parentOf[grade.ward]!! }
        let districts = Set(districtOf.values)
        func commend(member: UUID?, organization: UUID?, year: Int, form: String, issuer: UUID, basis: String, title: String) -> UUID {
            let id = UUID(random: &random)
            let decided = CalendarDate(year: year + 1, month: 1, day: Int.random(in: 10...28, using: &random))!
            rows.commendations.append([id, member, organization, Int32(year), form, issuer, basis, [String](), title,
                                       "\(Int.random(in: 1...99, using: &random))-QĐ/\(districts.contains(issuer) ? "QU" : "ĐU")", decided, Optional<String>.none])
            return id
        }

        // Commendations: a third of each year's excellent members by their ward; every
        // five-year streak by the district.
        var excellentYears: [UUID: Set<Int>] = [:]
        for grade in excellent { excellentYears[grade.member, default: []].insert(grade.year) }
        for grade in excellent where random.chance(0.33) {
            _ = commend(member: grade.member, organization: nil, year: grade.year, form: "GIAY_KHEN", issuer: grade.ward,
                        basis: "EXCELLENT_YEAR", title: "Đảng viên hoàn thành xuất sắc nhiệm vụ năm \(grade.year)")
        }
        for (member, years) in excellentYears.sorted(by: { $0.key.uuidString < $1.key.uuidString }) {
            for end in 2020...2022 where ((end - 4)...end).allSatisfy(years.contains) {
                _ = commend(member: member, organization: nil, year: end, form: "BANG_KHEN", issuer: districtOf[member]!,
                            basis: "EXCELLENT_5_YEARS", title: "Đảng viên 5 năm liền hoàn thành xuất sắc nhiệm vụ")
            }
        }

        // Exemplars: three in every stage, from members who were excellent at least once.
        let people = excellentYears.keys.sorted { $0.uuidString < $1.uuidString }
        let stages: [[ExemplarStage]] = [[.discovered], [.discovered, .nurtured], [.discovered, .nurtured, .proposed],
                                         [.discovered, .nurtured, .proposed, .commended], [.discovered, .rejected]]
        for (index, path) in stages.flatMap({ Array(repeating: $0, count: 3) }).enumerated() where index < people.count {
            let member = people[index * 7 % people.count]
            let year = 2017 + index % 6
            let criterion = DemoCycle.criteria[index % 4]
            var commendation: UUID? = nil
            if path.last == .commended {
                commendation = commend(member: member, organization: nil, year: year, form: "GIAY_KHEN", issuer: districtOf[member]!,
                                       basis: "EXEMPLAR", title: "Gương điển hình làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh")
            }
            let history = path.enumerated().map { step, stage in
                ExemplarStep(stage: stage, at: Date(timeIntervalSince1970: Double(CalendarDate(year: year, month: 2 + step * 2, day: 1)!.daysSinceEpoch) * 86_400), note: nil)
            }
            rows.exemplars.append([UUID(random: &random), member, Optional<UUID>.none, [criterion], "Gương điển hình: \(criterion)",
                                   Optional<String>.none, CalendarDate(year: year, month: 2, day: 1)!, path.last!.rawValue, commendation,
                                   try? JSONB(history)])
        }

        // Badges on every occasion from 2016 to November 2021, to every member then due.
        var held: [UUID: Set<Int>] = [:]
        for year in 2016...2021 {
            for (month, day) in [(2, 3), (5, 19), (9, 2), (11, 7)] {
                let occasion = CalendarDate(year: year, month: month, day: day)!
                for member in district.members where member.fields.status != .probationary {
                    if let due = BadgeRules.due(admittedOn: member.fields.admittedOn, interruptions: member.fields.interruptions,
                                                held: held[member.id, default: []], occasion: occasion) {
                        held[member.id, default: []].insert(due.years)
                        rows.badges.append([UUID(random: &random), member.id, Int32(due.years), occasion,
                                            "\(Int.random(in: 100...999, using: &random))-QĐ/TU"])
                    }
                }
            }
        }

        // Outreach: five or six activities a ward a year, over every channel.
        let topics = ["Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh", "Quyết định 500-QĐ/QU về bốn tiêu chí",
                      "Gương người tốt, việc tốt trong khu dân cư", "Quy định 08-QĐi/TW về trách nhiệm nêu gương", "Phòng chống dịch COVID-19"]
        for ward in district.organizations where ward.kind == .ward {
            for year in 2016...2022 where ward.validTo.map({ $0.year >= year }) ?? true {
                for _ in 0..<Int.random(in: 5...6, using: &random) {
                    let day = CalendarDate(daysSinceEpoch: CalendarDate(year: year, month: 1, day: 1)!.daysSinceEpoch + Int.random(in: 0...364, using: &random))
                    if let closed = ward.validTo, day > closed { continue }
                    rows.activities.append([UUID(random: &random), ward.id, day, random.pick(ActivityChannel.allCases).rawValue,
                                            random.pick(topics), Int32(Int.random(in: 20...300, using: &random)), Optional<String>.none])
                }
            }
        }
        return rows
    }

    static func load(_ rows: Rows, on connection: PQConnection) async throws {
        try await connection.copyIn(unsafeSQL: """
            COPY commendation (id, member_id, organization_id, year, form, issuer_organization_id, basis, criteria, title, decision_number,
                               decided_on, citation) FROM STDIN
            """, rows: rows.commendations)
        try await connection.copyIn(unsafeSQL: """
            COPY exemplar (id, member_id, organization_id, criteria, title, description, discovered_on, stage, commendation_id, history) FROM STDIN
            """, rows: rows.exemplars)
        try await connection.copyIn(unsafeSQL: "COPY badge_award (id, member_id, years, occasion_on, decision_number) FROM STDIN", rows: rows.badges)
        try await connection.copyIn(unsafeSQL: """
            COPY activity (id, organization_id, held_on, channel, topic, participants, note) FROM STDIN
            """, rows: rows.activities)
    }
}
