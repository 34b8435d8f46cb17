import Foundation
import HTTPTypes
import HummingbirdTesting
import PQ
import Testing
import TestSupport

@Suite struct ImportAPITests {
    static let header = "fullName,gender,birthDate,partyCardNumber,admittedOn,officialOn,category,position,isHead,cellCode"

    func count(_ database: PQConfiguration) async throws -> Int {
        let connection = try await PQConnection.connect(database, logger: TestDatabase.logger)
        let count = try await connection.query("SELECT count(*) FROM member")[0].decode(Int.self, at: 0)
        await connection.close()
        return count
    }

    @Test func aDryRunNamesEveryBadRowAndWritesNothing() async throws {
        try await withTestApp { client, database in
            _ = try await TreeFixture.make(client)
            let csv = """
                \(Self.header)
                Nguyễn Văn An,MALE,1970-01-02,HB-1,1995-02-03,1996-02-03,CONG_CHUC,,false,HB-P1-CB1
                Trần Thị Bình,FEMALE,1972-02-30,HB-2,1996-02-03,,VIEN_CHUC,,false,HB-P1-CB1
                "Lê Văn Cường, con",MALE,1960-01-01,HB-3,1985-01-01,1984-01-01,HUU_TRI,"Bí thư, chi bộ",true,HB-P1-CB2
                Phạm Văn Dũng,MALE,1966-06-06,HB-4,1990-01-01,1991-01-01,CAN_BO,,false,HB-P1
                Hoàng Thị Em,FEMALE,1980-01-01,HB-5,2005-01-01,2006-01-01,OTHER,,false,HB-P2-CB1
                """
            let answer = try await client.call(.post, "/api/v1/imports/members?dryRun=true", text: csv, contentType: "text/csv")
            #expect(answer.status == .ok, "\(answer.text)")
            #expect(answer["valid"] as? Int == 2)
            let errors = answer["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["line"] as? Int } == [3, 4, 5])
            #expect(errors.map { $0["column"] as? String } == ["birthDate", "officialOn", "cellCode"])
            #expect(try await count(database) == 0)
        }
    }

    @Test func aFileWithBadRowsIsRefusedWhole() async throws {
        try await withTestApp { client, database in
            _ = try await TreeFixture.make(client)
            let csv = """
                \(Self.header)
                Nguyễn Văn An,MALE,1970-01-02,HB-1,1995-02-03,1996-02-03,CONG_CHUC,,false,HB-P1-CB1
                Nguyễn Văn Ba,MALE,1970-01-02,HB-1,1995-02-03,1996-02-03,ROBOT,,maybe,HB-P1-CB1
                """
            let answer = try await client.call(.post, "/api/v1/imports/members", text: csv, contentType: "text/csv")
            #expect(answer.status == .unprocessableContent)
            #expect(answer.headers[.contentType] == "application/problem+json")
            let errors = answer["errors"] as? [[String: Any]] ?? []
            #expect(errors.map { $0["column"] as? String } == ["category", "isHead"])
            #expect(errors.allSatisfy { $0["line"] as? Int == 3 })
            #expect(try await count(database) == 0)

            // The same card twice in one file is named at its second line.
            let twice = "\(Self.header)\nA B,MALE,,HB-1,1995-02-03,,OTHER,,,HB-P1-CB1\nC D,MALE,,HB-1,1995-02-03,,OTHER,,,HB-P1-CB1\n"
            let repeated = try await client.call(.post, "/api/v1/imports/members", text: twice, contentType: "text/csv")
            let repeatedErrors = repeated["errors"] as? [[String: Any]] ?? []
            #expect(repeatedErrors.map { $0["line"] as? Int } == [3])
            #expect(repeatedErrors.map { $0["column"] as? String } == ["partyCardNumber"])
        }
    }

    @Test func aCleanFileImportsEveryRowWithItsCell() async throws {
        try await withTestApp { client, database in
            let tree = try await TreeFixture.make(client)
            let csv = "\u{FEFF}\(Self.header)\r\nNguyễn Văn An,MALE,1970-01-02,HB-1,1995-02-03,1996-02-03,CONG_CHUC,,false,HB-P1-CB1\r\nĐỗ Thị Hà,FEMALE,,HB-2,2024-05-19,,OTHER,,,HB-P2-CB1\r\n"
            let answer = try await client.call(.post, "/api/v1/imports/members", text: csv, contentType: "text/csv; charset=utf-8")
            #expect(answer.status == .created, "\(answer.text)")
            #expect(answer["imported"] as? Int == 2)
            #expect(try await count(database) == 2)
            let inWardB = try await client.call(.get, "/api/v1/members?organizationId=\(tree.wardB)")
            let ha = try #require(inWardB.items.first)
            #expect(ha["fullName"] as? String == "Đỗ Thị Hà")
            #expect(ha["status"] as? String == "PROBATIONARY")
            let detail = try await client.call(.get, "/api/v1/members/\(ha["id"] as? String ?? "")")
            #expect((detail["assignments"] as? [Any])?.count == 1)
            // Importing the same file again collides with the stored cards.
            let again = try await client.call(.post, "/api/v1/imports/members", text: csv, contentType: "text/csv")
            #expect(again.status == .unprocessableContent)
            #expect(try await count(database) == 2)
            let notCSV = try await client.call(.post, "/api/v1/imports/members", json: ["a": 1])
            #expect(notCSV.status == .unsupportedMediaType)
        }
    }
}
