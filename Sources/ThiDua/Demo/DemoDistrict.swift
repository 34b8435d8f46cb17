import Foundation
import PQ

/// The demo district: Hồng Bàng under Hải Phòng, its 11 wards of 2016 and the 2020 merger
/// (Quang Trung into Hoàng Văn Thụ, Phạm Hồng Thái into Phan Bội Châu, from 1 February 2020),
/// 20–40 cells a ward and about 6,000 members, all derived from a seed.
///
/// Generation is a plain function (`DemoDistrict.generate`); `DemoDistrict.load` writes it.
/// Later features add their yearly records on top of these members.
public struct DemoDistrict: Sendable {
    public struct OrganizationRow: Sendable {
        public var id: UUID
        public var code: String
        public var kind: OrganizationKind
        public var name: String
        public var abbreviation: String
        public var parentId: UUID?
        public var ancestors: [UUID]
        public var validFrom: CalendarDate
        public var validTo: CalendarDate?
        public var successorId: UUID?
    }

    public struct MemberRow: Sendable {
        public var id: UUID
        public var fields: MemberFields
        /// Cells over time: (cell, from); each ends where the next begins.
        public var assignments: [(cell: UUID, from: CalendarDate)]
    }

    public var organizations: [OrganizationRow]
    public var predecessors: [(organization: UUID, predecessor: UUID)]
    public var members: [MemberRow]

    public static let wards2016 = ["Quán Toan", "Hùng Vương", "Sở Dầu", "Thượng Lý", "Hạ Lý", "Minh Khai", "Trại Chuối",
                                   "Hoàng Văn Thụ", "Phan Bội Châu", "Quang Trung", "Phạm Hồng Thái"]
    /// Closed ward → the ward that took it over.
    public static let merger2020 = ["Quang Trung": "Hoàng Văn Thụ", "Phạm Hồng Thái": "Phan Bội Châu"]
    public static let mergerDay = CalendarDate(year: 2020, month: 2, day: 1)!
    static let founded = CalendarDate(year: 2016, month: 1, day: 1)!

    /// The district; with `atLeastMembers` above its ~6,000, further wards ("Phường mở rộng N")
    /// are added until the roster reaches that size (for benchmarks at city scale).
    public static func generate(seed: UInt64 = 500, today: CalendarDate, atLeastMembers: Int = 0) -> DemoDistrict {
        var random = SeededRandom(seed: seed)
        var organizations: [OrganizationRow] = []
        var predecessors: [(UUID, UUID)] = []
        // Ids from the seed too, so two loads of the same seed are identical.
        func id() -> UUID { UUID(random: &random) }
        let cityId = id()
        organizations.append(OrganizationRow(id: cityId, code: "HP", kind: .city, name: "Đảng bộ thành phố Hải Phòng",
                                             abbreviation: "TU", parentId: nil, ancestors: [cityId], validFrom: CalendarDate(year: 1930, month: 2, day: 3)!,
                                             validTo: nil, successorId: nil))
        let districtId = id()
        organizations.append(OrganizationRow(id: districtId, code: "HP-HB", kind: .district, name: "Đảng bộ quận Hồng Bàng",
                                             abbreviation: "QU", parentId: cityId, ancestors: [cityId, districtId],
                                             validFrom: CalendarDate(year: 1961, month: 1, day: 1)!, validTo: nil, successorId: nil))
        var wardIds: [String: UUID] = [:]
        var cellsOfWard: [String: [UUID]] = [:]
        var wards: [String] = []
        var members: [MemberRow] = []
        var card = 0

        func addWard(_ ward: String) {
            let index = wards.count
            wards.append(ward)
            let wardId = id()
            wardIds[ward] = wardId
            let closes = merger2020[ward] != nil
            organizations.append(OrganizationRow(
                id: wardId, code: String(format: "HP-HB-P%03d", index + 1), kind: .ward, name: "Đảng bộ phường \(ward)",
                abbreviation: "ĐU", parentId: districtId, ancestors: [cityId, districtId, wardId], validFrom: founded,
                validTo: closes ? CalendarDate(daysSinceEpoch: mergerDay.daysSinceEpoch - 1) : nil, successorId: nil))
            let cellCount = Int.random(in: 20...40, using: &random)
            var cells: [UUID] = []
            for number in 1...cellCount {
                let cellId = id()
                cells.append(cellId)
                let name = number <= cellCount - 3 ? "Chi bộ khu dân cư số \(number)" : "Chi bộ \(["Trường Tiểu học", "Trạm Y tế", "Công an phường"][number - cellCount + 2]) \(ward)"
                organizations.append(OrganizationRow(
                    id: cellId, code: String(format: "HP-HB-P%03d-CB%02d", index + 1, number), kind: .cell, name: name,
                    abbreviation: "CB", parentId: wardId, ancestors: [cityId, districtId, wardId, cellId], validFrom: founded,
                    validTo: closes ? CalendarDate(daysSinceEpoch: mergerDay.daysSinceEpoch - 1) : nil, successorId: nil))
            }
            cellsOfWard[ward] = cells
        }

        func addMembers(of ward: String) {
            for cell in cellsOfWard[ward]! {
                for _ in 0..<Int.random(in: 12...30, using: &random) {
                    card += 1
                    var member = Self.makeMember(card: card, cell: cell, today: today, random: &random)
                    // Members of the closed wards move to a cell of the successor at the merger;
                    // those admitted after it join the successor directly.
                    if let successor = merger2020[ward] {
                        let successorCell = random.pick(cellsOfWard[successor]!)
                        if member.fields.admittedOn < mergerDay {
                            member.assignments.append((cell: successorCell, from: mergerDay))
                        } else {
                            member.assignments = [(cell: successorCell, from: member.fields.admittedOn)]
                        }
                    }
                    members.append(member)
                }
            }
        }

        // The merger's successors exist before the members of the wards they take over.
        for ward in wards2016 { addWard(ward) }
        for (closed, successor) in merger2020.sorted(by: { $0.key < $1.key }) {
            let closedId = wardIds[closed]!, successorId = wardIds[successor]!
            if let index = organizations.firstIndex(where: { $0.id == closedId }) { organizations[index].successorId = successorId }
            predecessors.append((successorId, closedId))
        }
        for ward in wards2016 { addMembers(of: ward) }
        // Further wards for benchmarks at city scale.
        while members.count < atLeastMembers {
            let ward = "Mở rộng \(wards.count - wards2016.count + 1)"
            addWard(ward)
            addMembers(of: ward)
        }

        let openCells = wards.filter { merger2020[$0] == nil }.flatMap { cellsOfWard[$0]! }
        transferAndHead(&members, between: openCells, random: &random)
        return DemoDistrict(organizations: organizations, predecessors: predecessors, members: members)
    }

    /// A few transfers between `cells` in 2018–2022, as real rosters have; each cell's first
    /// member heads it.
    static func transferAndHead(_ members: inout [MemberRow], between cells: [UUID], random: inout SeededRandom) {
        for index in members.indices where random.chance(0.02) {
            let day = CalendarDate(daysSinceEpoch: CalendarDate(year: 2018, month: 1, day: 1)!.daysSinceEpoch + Int.random(in: 0...(365 * 5), using: &random))
            let last = members[index].assignments.last!
            if day > last.from, day > members[index].fields.admittedOn {
                let target = random.pick(cells)
                if target != last.cell { members[index].assignments.append((cell: target, from: day)) }
            }
        }
        var headed = Set<UUID>()
        for index in members.indices {
            let cell = members[index].assignments.last!.cell
            if !headed.contains(cell) && members[index].fields.status != .probationary {
                headed.insert(cell)
                members[index].fields.isHead = true
                members[index].fields.position = "Bí thư chi bộ"
            }
        }
    }

    /// A member of `cell` with a plausible life: admitted 1950 to last year, official a year
    /// later, retired at 60, some exempt past 80, a few with an interruption.
    static func makeMember(card: Int, cell: UUID, today: CalendarDate, random: inout SeededRandom) -> MemberRow {
        let gender: Gender = random.chance(0.55) ? .male : .female
        let admittedYear = Int.random(in: 1950...(today.year - 1), using: &random)
        let admitted = CalendarDate(daysSinceEpoch: CalendarDate(year: admittedYear, month: 1, day: 1)!.daysSinceEpoch + Int.random(in: 0...364, using: &random))
        let age = Int.random(in: 18...38, using: &random)
        let birth = CalendarDate(daysSinceEpoch: admitted.daysSinceEpoch - age * 365 - Int.random(in: 0...364, using: &random))
        let probationary = admitted.daysSinceEpoch > today.daysSinceEpoch - 365
        let official: CalendarDate? = probationary ? nil : CalendarDate(daysSinceEpoch: admitted.daysSinceEpoch + 365)
        let retired = today.year - birth.year >= 60
        let category: MemberCategory = retired ? .huuTri : random.pick([.canBo, .congChuc, .vienChuc, .nguoiLaoDong, .nguoiLaoDong, .other])
        let status: MemberStatus = probationary ? .probationary : (today.year - birth.year >= 80 && random.chance(0.3) ? .exempt : .official)
        var interruptions: [Interruption] = []
        if random.chance(0.01) {
            let start = CalendarDate(daysSinceEpoch: admitted.daysSinceEpoch + 365 * Int.random(in: 2...10, using: &random))
            if start < today {
                interruptions.append(Interruption(fromOn: start, toOn: CalendarDate(daysSinceEpoch: start.daysSinceEpoch + 365 * 2), reason: "Gián đoạn sinh hoạt đảng"))
            }
        }
        let fields = MemberFields(
            fullName: VietnameseNames.make(gender, &random), gender: gender, birthDate: birth,
            partyCardNumber: String(format: "HB-%07d", card), admittedOn: admitted, officialOn: official,
            category: category, position: nil, isHead: false, status: status, statusSince: nil,
            interruptions: interruptions)
        return MemberRow(id: UUID(random: &random), fields: fields, assignments: [(cell: cell, from: admitted)])
    }

    /// Writes the district in one transaction, with COPY;
    /// with `scale`, then the rest of the city a part at a time (`CityGrowth`), so memory stays
    /// that of one part whatever the size. A database that already holds the demo city is left
    /// as it is; returns whether anything was written.
    @discardableResult
    public static func load(into pool: PQPool, seed: UInt64 = 500, today: CalendarDate, atLeastMembers: Int = 0,
                            scale: CityScale? = nil, progress: (@Sendable (Int) -> Void)? = nil) async throws -> Bool {
        // Past one city's size the city is the first province of a nation.
        let nation = (scale?.provinces ?? 1) > 1 ? DemoNation.root(seed: seed) : nil
        let city = generate(seed: seed, today: today, atLeastMembers: atLeastMembers)
        let district = nation.map { DemoNation.place(city, under: $0) } ?? city
        return try await pool.withTransaction { connection in
            try await connection.query("SELECT pg_advisory_xact_lock(hashtext('demo-data'))")
            let exists = try await connection.query("SELECT count(*) FROM organization WHERE code = 'HP'")[0].decode(Int.self, at: 0)
            if exists > 0 { return false }
            // The report tables are rebuilt once at the end rather than after every COPY.
            try await connection.query("SET LOCAL thidua.defer_reports = 'on'")
            if scale != nil {
                // A city is millions of rows: its keys are checked and its indexes built once, at the end.
                try await BulkLoad.withoutRowChecks(tables: recordTables, on: connection) {
                    if let nation { try await copyOrganizations([nation], on: connection) }
                    try await write(district, scale: scale, seed: seed, today: today, progress: progress, on: connection)
                }
            } else {
                try await write(district, scale: nil, seed: seed, today: today, progress: progress, on: connection)
            }
            try await connection.query("SET LOCAL thidua.defer_reports = 'off'")
            try await connection.query("SELECT report_rebuild()")
            return true
        }
    }

    /// The tables a load writes.
    static let recordTables = ["organization", "organization_predecessor", "member", "member_assignment", "membership_interruption",
                               "commitment", "commitment_item", "self_assessment", "review", "grade_proposal", "member_grade",
                               "organization_grade", "commendation", "exemplar", "badge_award", "activity"]

    private static func write(_ district: DemoDistrict, scale: CityScale?, seed: UInt64, today: CalendarDate,
                              progress: (@Sendable (Int) -> Void)?, on connection: PQConnection) async throws {
        try await copyOrganizations(district.organizations, on: connection)
        for o in district.organizations where o.successorId != nil {
            try await connection.query("UPDATE organization SET successor_id = \(o.successorId) WHERE id = \(o.id)")
        }
        for (organization, predecessor) in district.predecessors {
            try await connection.query("""
                INSERT INTO organization_predecessor (organization_id, predecessor_id) VALUES (\(organization), \(predecessor))
                """)
        }
        try await writeRecords(district, seed: seed, on: connection)
        progress?(district.members.count)
        if let scale {
            let grassroots = district.organizations.filter { $0.kind == .ward || $0.kind == .grassroots }.count
            let city = district.organizations[0]
            let growth = CityGrowth(to: scale, city: city, nation: city.parentId, grassrootsSoFar: grassroots,
                                    membersSoFar: district.members.count, cardsSoFar: district.members.count, today: today, seed: seed)
            try await copyOrganizations(growth.districts, on: connection)
            var written = district.members.count
            // Making a part takes about as long as writing one: the next is made on another
            // core while the server takes the last.
            var pending = prepareNext(growth)
            while case (let advanced, let made?) = await pending.value {
                pending = prepareNext(advanced)
                try await copyOrganizations(made.part.organizations, on: connection)
                try await write(made, on: connection)
                written += made.part.members.count
                progress?(written)
            }
        }
    }

    /// A district, or a part of a city, with its cycle and recognition generated: ready to write.
    struct Prepared: Sendable {
        var part: DemoDistrict
        var cycle: DemoCycle.Rows
        var recognition: DemoRecognition.Rows
    }

    /// The next part of `growth` made ready on the global executor, with the growth past it.
    private static func prepareNext(_ growth: CityGrowth) -> Task<(CityGrowth, Prepared?), Never> {
        Task.detached {
            var growth = growth
            guard let part = growth.next() else { return (growth, nil) }
            return (growth, prepare(part, seed: growth.partSeed(), orderedIds: (growth.orderedIds(1), growth.orderedIds(2))))
        }
    }

    static func prepare(_ part: DemoDistrict, seed: UInt64, orderedIds: (cycle: UInt64, recognition: UInt64)? = nil) -> Prepared {
        let cycle = DemoCycle.generate(part, seed: seed, orderedIds: orderedIds?.cycle)
        let recognition = DemoRecognition.generate(part, excellent: cycle.excellent, seed: seed, orderedIds: orderedIds?.recognition)
        return Prepared(part: part, cycle: cycle, recognition: recognition)
    }

    /// The members of one district, or of one part of a city, with their cycle and recognition.
    static func writeRecords(_ part: DemoDistrict, seed: UInt64, on connection: PQConnection) async throws {
        try await write(prepare(part, seed: seed), on: connection)
    }

    static func write(_ prepared: Prepared, on connection: PQConnection) async throws {
        let part = prepared.part
        try await connection.copyIn(unsafeSQL: """
            COPY member (id, full_name, gender, birth_date, party_card_number, admitted_on, official_on, category, position,
                         is_head, status, organization_id, cell_since) FROM STDIN
            """, rows: part.members.lazy.map { m -> [any PQEncodable] in
                let f = m.fields
                return [m.id, f.fullName, f.gender.rawValue, f.birthDate, f.partyCardNumber, f.admittedOn, f.officialOn,
                        f.category.rawValue, f.position, f.isHead, f.status.rawValue, m.assignments.last!.cell, m.assignments.last!.from]
            })
        try await connection.copyIn(unsafeSQL: "COPY member_assignment (member_id, organization_id, valid_from, valid_to) FROM STDIN",
                                    rows: part.members.lazy.flatMap { m in
                                        m.assignments.indices.lazy.map { index -> [any PQEncodable] in
                                            let end: CalendarDate? = index + 1 < m.assignments.count ? m.assignments[index + 1].from : nil
                                            return [m.id, m.assignments[index].cell, m.assignments[index].from, end]
                                        }
                                    })
        try await connection.copyIn(unsafeSQL: "COPY membership_interruption (member_id, from_on, to_on, reason) FROM STDIN",
                                    rows: part.members.lazy.flatMap { m in
                                        m.fields.interruptions.lazy.map { i -> [any PQEncodable] in [m.id, i.fromOn, i.toOn, i.reason] }
                                    })
        try await DemoCycle.load(prepared.cycle, on: connection)
        try await DemoRecognition.load(prepared.recognition, on: connection)
    }

    /// Organizations, parents before children; the successor of a merged one is set afterwards.
    static func copyOrganizations(_ organizations: [OrganizationRow], on connection: PQConnection) async throws {
        try await connection.copyIn(unsafeSQL: """
            COPY organization (id, code, kind, name, abbreviation, parent_id, ancestors, valid_from, valid_to) FROM STDIN
            """, rows: organizations.lazy.map { o -> [any PQEncodable] in
                [o.id, o.code, o.kind.rawValue, o.name, o.abbreviation, o.parentId, o.ancestors, o.validFrom, o.validTo]
            })
    }
}
