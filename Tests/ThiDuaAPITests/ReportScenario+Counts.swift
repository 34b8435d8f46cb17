import Foundation
import PQ
import ThiDua

/// The test's own counts, made from the scenario in memory (not from the database).
extension ReportScenario {
    struct Key: Equatable, CustomStringConvertible {
        var members = 0, registered = 0, submitted = 0, acknowledged = 0, late = 0, selfAssessed = 0
        var grades = ["HTXSNV": 0, "HTTNV": 0, "HTNV": 0, "KHTNV": 0]
        var ungraded = 0, reviewsHeld = 0, reopened = 0

        var description: String {
            "members \(members) registered \(registered) submitted \(submitted) acknowledged \(acknowledged) late \(late) "
                + "selfAssessed \(selfAssessed) grades \(grades.sorted { $0.key < $1.key }) ungraded \(ungraded) reviews \(reviewsHeld)/\(reopened)"
        }
    }

    /// The cell a member belonged to on their roster day of `year` (31 December, or the day
    /// they left), if they were on that year's roster at all.
    func rosterCell(_ m: Member, _ year: Int) -> UUID? {
        let end = Self.date(year, 12, 31)
        guard m.admitted <= end else { return nil }
        var day = end
        if [.transferredOut, .removed, .deceased].contains(m.status), let since = m.statusSince, since <= end { day = since }
        guard day >= Self.date(year, 1, 1) else { return nil }
        return m.assignments.first { $0.from <= day && ($0.to.map { $0 > day } ?? true) }?.cell
    }

    func under(_ organization: UUID, _ root: UUID) -> Bool { org(organization).ancestors.contains(root) }

    func roster(_ root: UUID, _ year: Int) -> [Member] {
        members.filter { m in rosterCell(m, year).map { under($0, root) } ?? false }
    }

    func key(_ root: UUID, _ year: Int) -> Key {
        var k = Key()
        for m in roster(root, year) {
            let my = MemberYear(member: m.id, year: year)
            k.members += 1
            if let c = commitments[my] {
                k.registered += 1
                if ["SUBMITTED", "ACKNOWLEDGED", "CLOSED"].contains(c.status) { k.submitted += 1 }
                if ["ACKNOWLEDGED", "CLOSED"].contains(c.status) { k.acknowledged += 1 }
                if c.late { k.late += 1 }
            }
            if selfAssessments[my]?.status == "SUBMITTED" { k.selfAssessed += 1 }
            if let g = grades[my] { k.grades[g, default: 0] += 1 } else { k.ungraded += 1 }
        }
        for r in reviews where r.year == year && under(r.organization, root) {
            k.reviewsHeld += 1
            if r.reopened { k.reopened += 1 }
        }
        return k
    }

    func levels(_ root: UUID, _ year: Int) -> [String: [String: Int]] {
        var counts: [String: [String: Int]] = [:]
        for m in roster(root, year) {
            guard let sa = selfAssessments[MemberYear(member: m.id, year: year)], sa.status == "SUBMITTED" else { continue }
            for (criterion, level) in sa.levels { counts[criterion, default: [:]][level, default: 0] += 1 }
        }
        return counts
    }

    /// Where a recognition record counts: a member where their roster put them that year.
    func recipientUnder(_ member: UUID?, _ organization: UUID?, _ year: Int, _ root: UUID) -> Bool {
        if let member {
            return rosterCell(members.first { $0.id == member }!, year).map { under($0, root) } ?? false
        }
        return under(organization!, root)
    }

    func commendationCounts(_ root: UUID, _ year: Int) -> [String: Int] {
        var counts: [String: Int] = [:]
        for k in commendations where k.year == year && recipientUnder(k.member, k.organization, year, root) { counts[k.code, default: 0] += 1 }
        return counts
    }

    func exemplarCounts(_ root: UUID, _ year: Int) -> [String: Int] {
        var counts: [String: Int] = [:]
        for e in exemplars where e.year == year && recipientUnder(e.member, e.organization, year, root) { counts[e.code, default: 0] += 1 }
        return counts
    }

    func badgeCounts(_ root: UUID, _ year: Int) -> [String: Int] {
        var counts: [String: Int] = [:]
        for b in badges where b.year == year && recipientUnder(b.member, nil, year, root) { counts[String(b.years), default: 0] += 1 }
        return counts
    }

    func activityCounts(_ root: UUID, _ year: Int) -> (byChannel: [String: Int], participants: Int) {
        var counts: [String: Int] = [:], participants = 0
        for a in activities where a.year == year && under(a.organization, root) {
            counts[a.channel, default: 0] += 1
            participants += a.participants
        }
        return (counts, participants)
    }

    static func ratio(_ part: Int, _ whole: Int) -> Double? {
        whole == 0 ? nil : (Double(part) / Double(whole) * 10_000).rounded() / 10_000
    }
}
