import Foundation
import Hummingbird
import PQ
import Testing
@testable import ThiDua
@testable import ThiDuaAPI

/// Issue 11: a property test over random and mutated byte strings for the two parsers a client
/// feeds directly, the CSV import and the JSON bodies (with their validators). Any input must
/// end in a value or in a 400/422 naming what is wrong, never a trap. It runs for a bounded
/// time (`THIDUA_FUZZ_SECONDS`, default 6) from a seed (`THIDUA_FUZZ_SEED`, default random,
/// printed), so a failure can be replayed; `scripts/fuzz-input` runs it longer.
@Suite struct InputFuzzTests {
    static let csvSeeds = [
        ImportAPITests.header + "\nNguyễn Văn An,MALE,1970-01-02,HB-1,1995-02-03,1996-02-03,CONG_CHUC,,false,HB-P1-CB1\n",
        ImportAPITests.header + "\r\n\"Lê Văn Cường, con\",MALE,1960-01-01,HB-3,1985-01-01,,HUU_TRI,\"Bí thư \"\"chi bộ\"\"\",true,HB-P1-CB2\r\n",
        "\u{FEFF}" + ImportAPITests.header + "\n\"dòng\nhai\",FEMALE,,HB-4,2000-02-29,,OTHER,,,HB-P2-CB1",
    ]

    static let jsonSeeds = [
        #"{"heldOn": "2022-03-08", "channel": "CONFERENCE", "topic": "Học tập Nghị quyết", "participants": 120, "note": "Dòng một\nDòng hai"}"#,
        #"{"fullName": "Nguyễn Thị Hoa", "gender": "FEMALE", "partyCardNumber": "32.015", "admittedOn": "1995-02-03", "category": "CONG_CHUC", "organizationId": "6f1d2c3b-4a59-4e8f-9b7a-0c1d2e3f4a5b", "interruptions": [{"fromOn": "2000-01-01", "toOn": "2001-01-01"}]}"#,
        #"{"heldOn": "2022-12-10", "attendees": 12, "eligible": 14, "proposals": [{"memberId": "6f1d2c3b-4a59-4e8f-9b7a-0c1d2e3f4a5b", "proposedGrade": "HTXSNV", "votesFor": 12}], "grades": [{"memberId": "6f1d2c3b-4a59-4e8f-9b7a-0c1d2e3f4a5b", "grade": "HTTNV", "reason": "x"}]}"#,
        #"{"criteria": [{"criterion": "GUONG_MAU", "level": "TOT", "points": 92, "note": "ổn"}], "itemResults": [], "strengths": "Gương mẫu"}"#,
        #"{"code": "QD600", "decisionNumber": "600", "issuedOn": "2023-01-01", "issuer": "Quận ủy", "title": "T", "fromYear": 2023, "criteria": [{"code": "A", "nameVi": "Gương mẫu", "nameEn": "E", "indicators": ["x"]}]}"#,
    ]

    /// Fragments a hostile client likes: huge and fractional numbers, NUL and other controls,
    /// combining marks, unbalanced brackets, lone quotes, BOMs.
    static let tokens: [[UInt8]] = [
        "1e308", "-1e308", "12345678901234567890", "2147483648", "-2147483649", "1.5", "NaN", "null", "true", "[]", "{}",
        "\\u0000", "\u{0}", "\u{7}", "\t", "\r\n", "\"", "\\", ",", ":", "[", "]", "{", "}", "\u{FEFF}", "\u{0301}\u{0301}\u{0301}",
        "\"\"", "=HYPERLINK(", "9999-99-99", "2016-02-30", "\u{D7FF}", "𝔘", "\n\n",
    ].map { Array($0.utf8) }

    static func mutate(_ input: [UInt8], _ random: inout SeededRandom) -> [UInt8] {
        var bytes = input
        for _ in 0..<random.next(upTo: 4) + 1 {
            let position = bytes.isEmpty ? 0 : random.next(upTo: bytes.count)
            switch random.next(upTo: 6) {
            case 0 where !bytes.isEmpty: bytes[position] = UInt8(truncatingIfNeeded: random.next(upTo: 256))
            case 1: bytes.insert(contentsOf: tokens[random.next(upTo: tokens.count)], at: position)
            case 2 where !bytes.isEmpty: bytes.removeSubrange(position..<min(bytes.count, position + random.next(upTo: 8) + 1))
            case 3: bytes = Array(bytes.prefix(position))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, position + random.next(upTo: 40) + 1)
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            default: bytes.insert(UInt8(truncatingIfNeeded: random.next(upTo: 256)), at: position)
            }
        }
        return bytes
    }

    /// Decodes as every body shape and runs its validator; only the API's own refusals may come out.
    static func feedJSON(_ bytes: [UInt8]) {
        let data = Data(bytes)
        func attempt(_ body: () throws -> Void) {
            do {
                try body()
            } catch let error as APIError {
                #expect(error.status == .badRequest || error.status == .unprocessableContent, "\(error.status) for \(String(decoding: bytes, as: UTF8.self))")
            } catch is ValidationFailure {
            } catch {
                Issue.record("unexpected \(type(of: error)) for \(String(decoding: bytes, as: UTF8.self))")
            }
        }
        attempt { _ = try Request.decodeJSONBody(ActivityRoutes.Body.self, from: data) }
        attempt {
            var validator = Validator()
            _ = MemberRoutes.fields(try Request.decodeJSONBody(MemberRoutes.Body.self, from: data), base: nil, validator: &validator)
            try validator.finish()
        }
        attempt { _ = try ReviewRoutes.input(try Request.decodeJSONBody(ReviewRoutes.Body.self, from: data)) }
        attempt { _ = try SelfAssessmentRoutes.draft(try Request.decodeJSONBody(SelfAssessmentRoutes.Body.self, from: data)) }
        attempt { _ = try Request.decodeJSONBody(FrameworkRoutes.Body.self, from: data) }
    }

    static func feedCSV(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        let records = CSV.parse(text)
        guard let header = records.first else { return }
        let names = header.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        for record in records.dropFirst() {
            let (row, errors) = MemberImport.check(record, header: names, today: CalendarDate("2026-12-01")!)
            // A row is either clean or refused with the line and column of each fault.
            #expect(row == nil || errors.isEmpty)
            for error in errors { #expect(error.line == record.line) }
            if let row {
                for text in [row.fields.fullName, row.fields.partyCardNumber, row.cellCode] {
                    #expect(!text.unicodeScalars.contains { $0.value < 0x20 }, "a control character passed the import check")
                }
            }
        }
    }

    @Test func randomAndMutatedInputsNeverTrap() async {
        let environment = ProcessInfo.processInfo.environment
        let seconds = environment["THIDUA_FUZZ_SECONDS"].flatMap(Double.init) ?? 6
        let seed = environment["THIDUA_FUZZ_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)
        var random = SeededRandom(seed: seed)
        let json = Self.jsonSeeds.map { Array($0.utf8) }
        let csv = Self.csvSeeds.map { Array($0.utf8) }
        let deadline = ContinuousClock.now.advanced(by: .milliseconds(Int64(seconds * 1000)))
        // At least the time given and at least 1,000 inputs: a slow or busy machine (the whole
        // suite runs beside this) feeds as many inputs as a fast one, only later.
        let minimum = 1_000
        var executions = 0
        while ContinuousClock.now < deadline || executions < minimum {
            for _ in 0..<50 {
                let choice = random.next(upTo: 10)
                if choice == 0 {
                    // Pure noise, as often as not no UTF-8 at all.
                    let noise = (0..<random.next(upTo: 200)).map { _ in UInt8(truncatingIfNeeded: random.next(upTo: 256)) }
                    Self.feedJSON(noise)
                    Self.feedCSV(noise)
                } else if choice < 6 {
                    Self.feedJSON(Self.mutate(json[random.next(upTo: json.count)], &random))
                } else {
                    Self.feedCSV(Self.mutate(csv[random.next(upTo: csv.count)], &random))
                }
                executions += 1
            }
            // The cooperative pool has a thread per core: give the other tests their turn.
            await Task.yield()
        }
        print("input fuzzing: \(executions) executions in at least \(seconds) s, seed \(seed)")
    }
}

extension SeededRandom {
    /// A number in 0..<bound.
    mutating func next(upTo bound: Int) -> Int { Int.random(in: 0..<max(bound, 1), using: &self) }
}
