import Foundation
import PQ
import ThiDua

/// Generated records for the report tests, kept in memory as they are inserted so that the
/// test can count every report figure itself. A district of three wards (the third merged
/// into the second on 1 February 2020) with three cells each, members who transfer, leave
/// and join, commitments in every state (late and missing ones too), self-assessments,
/// grades, reviews, commendations, exemplars, badges and activities for 2016–2022.
struct ReportScenario {
    struct Org {
        var id = UUID()
        var code: String
        var kind: OrganizationKind
        var name: String
        var parent: UUID?
        var ancestors: [UUID]
        var validFrom: CalendarDate
        var validTo: CalendarDate?
        var successor: UUID?
    }

    struct Assignment {
        var cell: UUID
        var from: CalendarDate
        var to: CalendarDate?
    }

    struct Member {
        var id = UUID()
        var name: String
        var admitted: CalendarDate
        var status: MemberStatus
        var statusSince: CalendarDate?
        var assignments: [Assignment]
    }

    struct MemberYear: Hashable {
        var member: UUID
        var year: Int
    }

    struct Recognition {
        var member: UUID?
        var organization: UUID?
        var year: Int
        var code: String
    }

    static let years = 2016...2022
    static let criteria = ["GUONG_MAU", "CAU_THI", "TRACH_NHIEM", "NOI_DI_DOI_VOI_LAM"]
    static let mergerDay = CalendarDate(year: 2020, month: 2, day: 1)!

    var orgs: [Org] = []
    var members: [Member] = []
    var commitments: [MemberYear: (status: String, late: Bool)] = [:]
    var selfAssessments: [MemberYear: (status: String, levels: [String: String])] = [:]
    var grades: [MemberYear: String] = [:]
    var reviews: [(organization: UUID, year: Int, kind: String, reopened: Bool)] = []
    var commendations: [Recognition] = []
    var exemplars: [Recognition] = []
    var badges: [(member: UUID, years: Int, year: Int)] = []
    var activities: [(organization: UUID, year: Int, channel: String, participants: Int)] = []
    var quotaPercent: [Int: Double] = Dictionary(uniqueKeysWithValues: years.map { ($0, 20.0) })

    var district: Org { orgs[1] }
    var wards: [Org] { orgs.filter { $0.kind == .ward } }
    func cells(of ward: UUID) -> [Org] { orgs.filter { $0.parent == ward } }
    func org(_ id: UUID) -> Org { orgs.first { $0.id == id }! }

    static func date(_ year: Int, _ month: Int, _ day: Int) -> CalendarDate { CalendarDate(year: year, month: month, day: day)! }

    static func make(seed: UInt64) -> ReportScenario {
        var random = SeededRandom(seed: seed)
        var s = ReportScenario()
        let city = Org(code: "T", kind: .city, name: "Đảng bộ thành phố Thử", parent: nil, ancestors: [], validFrom: date(1930, 2, 3))
        s.orgs.append(city)
        s.orgs[0].ancestors = [s.orgs[0].id]
        var district = Org(code: "T-D", kind: .district, name: "Đảng bộ quận Thử", parent: city.id, ancestors: [], validFrom: date(1961, 1, 1))
        district.ancestors = [city.id, district.id]
        s.orgs.append(district)
        for w in 1...3 {
            var ward = Org(code: "T-D-W\(w)", kind: .ward, name: "Đảng bộ phường Số \(w)", parent: district.id, ancestors: [],
                           validFrom: date(2016, 1, 1), validTo: w == 3 ? date(2020, 1, 31) : nil)
            ward.ancestors = district.ancestors + [ward.id]
            s.orgs.append(ward)
            for c in 1...3 {
                var cell = Org(code: "T-D-W\(w)-C\(c)", kind: .cell, name: "Chi bộ \(w).\(c)", parent: ward.id, ancestors: [],
                               validFrom: date(2016, 1, 1), validTo: ward.validTo)
                cell.ancestors = ward.ancestors + [cell.id]
                s.orgs.append(cell)
            }
        }
        let wards = s.wards
        s.orgs[s.orgs.firstIndex { $0.id == wards[2].id }!].successor = wards[1].id
        let openCells = s.cells(of: wards[0].id) + s.cells(of: wards[1].id)

        for index in 0..<150 {
            let wardIndex = index % 3
            let cell = random.pick(s.cells(of: wards[wardIndex].id)).id
            let admitted = date(Int.random(in: 1980...2021, using: &random), Int.random(in: 1...12, using: &random), Int.random(in: 1...28, using: &random))
            var member = Member(name: "Đảng viên \(index)", admitted: admitted, status: .official, statusSince: nil,
                                assignments: [Assignment(cell: cell, from: admitted)])
            // The merged ward's members move to the successor on the merger day.
            if wardIndex == 2 {
                let successorCell = random.pick(s.cells(of: wards[1].id)).id
                if admitted < mergerDay {
                    member.assignments[0].to = mergerDay
                    member.assignments.append(Assignment(cell: successorCell, from: mergerDay))
                } else {
                    member.assignments = [Assignment(cell: successorCell, from: admitted)]
                }
            }
            // Transfers between open wards, some in mid-year.
            if random.chance(0.15) {
                let day = date(Int.random(in: 2017...2022, using: &random), Int.random(in: 1...12, using: &random), 15)
                if day > member.assignments.last!.from {
                    let target = random.pick(openCells).id
                    if target != member.assignments.last!.cell {
                        member.assignments[member.assignments.count - 1].to = day
                        member.assignments.append(Assignment(cell: target, from: day))
                    }
                }
            }
            // Some leave: moved out of the district, or died.
            if random.chance(0.08) {
                let since = date(Int.random(in: 2017...2022, using: &random), Int.random(in: 1...12, using: &random), 10)
                if since > member.assignments.last!.from {
                    member.status = random.chance(0.5) ? .transferredOut : .deceased
                    member.statusSince = since
                }
            }
            s.members.append(member)
        }

        let statuses = ["DRAFT", "SUBMITTED", "ACKNOWLEDGED", "RETURNED", "CLOSED", "CLOSED", "CLOSED"]
        let levels = ["XUAT_SAC", "TOT", "TOT", "TRUNG_BINH", "KEM"]
        let gradeCodes = ["HTXSNV", "HTTNV", "HTTNV", "HTTNV", "HTNV", "KHTNV"]
        for member in s.members {
            for year in years where member.admitted.year <= year {
                let key = MemberYear(member: member.id, year: year)
                // Missing commitments too; records outside the roster year are ignored by reports.
                if random.chance(0.85) { s.commitments[key] = (random.pick(statuses), random.chance(0.1)) }
                if random.chance(0.8) {
                    var chosen: [String: String] = [:]
                    for criterion in criteria where random.chance(0.9) { chosen[criterion] = random.pick(levels) }
                    s.selfAssessments[key] = (random.chance(0.8) ? "SUBMITTED" : "DRAFT", chosen)
                }
                if random.chance(0.9) { s.grades[key] = random.pick(gradeCodes) }
            }
        }
        for org in s.orgs where org.kind == .cell || org.kind == .ward {
            for year in years where org.validFrom.year <= year && (org.validTo.map { $0.year >= year } ?? true) {
                s.reviews.append((org.id, year, org.kind == .cell ? "CELL" : "WARD", false))
            }
        }
        let forms = CommendationForm.allCases.map(\.rawValue)
        var usedCommendations = Set<String>()
        for _ in 0..<60 {
            let year = Int.random(in: years, using: &random)
            let form = random.pick(forms)
            if random.chance(0.8) {
                let member = random.pick(s.members).id
                guard usedCommendations.insert("\(member)\(year)\(form)").inserted else { continue }
                s.commendations.append(Recognition(member: member, organization: nil, year: year, code: form))
            } else {
                let org = random.pick(s.orgs.filter { $0.kind != .city }).id
                guard usedCommendations.insert("\(org)\(year)\(form)").inserted else { continue }
                s.commendations.append(Recognition(member: nil, organization: org, year: year, code: form))
            }
        }
        for _ in 0..<30 {
            let year = Int.random(in: years, using: &random)
            let stage = random.pick(["DISCOVERED", "NURTURED", "PROPOSED", "REJECTED"])
            if random.chance(0.7) {
                s.exemplars.append(Recognition(member: random.pick(s.members).id, organization: nil, year: year, code: stage))
            } else {
                s.exemplars.append(Recognition(member: nil, organization: random.pick(s.orgs.filter { $0.kind == .cell }).id, year: year, code: stage))
            }
        }
        var badged = Set<UUID>()
        for _ in 0..<25 {
            let member = random.pick(s.members)
            guard badged.insert(member.id).inserted else { continue }
            s.badges.append((member.id, random.pick([30, 40, 45, 50]), Int.random(in: years, using: &random)))
        }
        for _ in 0..<80 {
            let org = random.pick(s.orgs.filter { $0.kind != .city })
            s.activities.append((org.id, Int.random(in: years, using: &random), random.pick(ActivityChannel.allCases).rawValue,
                                 Int.random(in: 0...200, using: &random)))
        }
        return s
    }
}
