import Foundation
import PQ
import Testing
import TestSupport
@testable import ThiDua

/// Issue 11: what the domain accepts of text, numbers, passwords and stored codes.
@Suite struct InputRulesTests {
    @Test func textRefusesControlCharactersAndCountsScalars() {
        var validator = Validator()
        #expect(validator.text("Nguyễn\u{0}Văn", "a") == nil)
        #expect(validator.text("dòng\nhai", "b") == nil)
        #expect(validator.text("dòng\r\nhai\tba", "c", multiline: true) == "dòng\r\nhai\tba")
        #expect(validator.text("x\u{7F}", "d", multiline: true) == nil)
        #expect(validator.text("e" + String(repeating: "\u{0301}", count: 300), "e", maxLength: 200) == nil)
        // NFC first: a decomposed "ễ" (3 scalars) is one scalar, and fits a limit of one.
        #expect(validator.text("e\u{0302}\u{0303}", "f", maxLength: 1) == "ễ")
        #expect(validator.errors.map(\.field) == ["a", "b", "d", "e"])
        #expect(validator.errors[0].message.contains("NUL"))
    }

    @Test func integersStayInTheirRange() {
        var validator = Validator()
        #expect(validator.integer(2_147_483_648, "participants", 0...10_000_000) == nil)
        #expect(validator.integer(-1, "points", 0...100) == nil)
        #expect(validator.integer(nil, "fromYear", 2000...2100, required: true) == nil)
        #expect(validator.integer(nil, "toYear", 2000...2100) == nil)
        #expect(validator.integer(2016, "year", 2000...2100) == 2016)
        #expect(validator.errors.map(\.field) == ["participants", "points", "fromYear"])
    }

    @Test func anEmptyDateIsNoDateExceptInACSVCell() {
        var validator = Validator()
        #expect(validator.date("", "validTo", required: false) == nil)
        #expect(validator.date("", "birthDate", required: false, emptyMeansAbsent: true) == nil)
        #expect(validator.date(nil, "officialOn", required: false) == nil)
        #expect(validator.date("", "heldOn") == nil)
        #expect(validator.errors.map(\.field) == ["validTo", "heldOn"])
        var codes = Validator()
        #expect(codes.code("", CriterionLevel.self, "level", required: false) == nil)
        #expect(codes.code(nil, CriterionLevel.self, "level2", required: false) == nil)
        #expect(codes.code("TOT", CriterionLevel.self, "level3", required: false) == .good)
        #expect(codes.errors.map(\.field) == ["level"])
    }

    @Test func passwordsAreLimitedByBytes() {
        #expect(PasswordRules.problem("ngắn") != nil)
        #expect(PasswordRules.problem("x\u{0}yyyyyyyyyy") != nil)
        #expect(PasswordRules.problem(String(repeating: "a", count: 72)) == nil)
        #expect(PasswordRules.problem(String(repeating: "a", count: 73)) != nil)
        #expect(PasswordRules.problem(String(repeating: "ẩ", count: 24)) == nil) // 72 bytes
        #expect(PasswordRules.problem(String(repeating: "ẩ", count: 25)) != nil) // 75 bytes, 25 characters
    }

    @Test func anUnknownStoredCodeIsADecodingErrorNotAGuess() async throws {
        try await TestDatabase.withConnection(migrated: false) { c in
            let row = try await c.query("SELECT 'WARD'::text AS kind, 'HAMLET'::text AS other")[0]
            #expect(try row.decode(OrganizationKind.self, column: "kind") == .ward)
            let error = await #expect(throws: PQError.self) { _ = try row.decode(Grade.self, column: "other") }
            #expect(error?.kind == .decoding)
            #expect(error?.column == "other")
        }
    }
}
