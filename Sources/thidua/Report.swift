import ArgumentParser
import Foundation
import PQ
import ThiDua
import ThiDuaDocuments

struct Report: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a live report (annual or summary) as JSON, CSV, printable HTML, Word or Excel.",
        discussion: "Example: thidua report summary --organization HP-HB --from 2016 --to 2022 --format html --output bao-cao.html"
    )

    enum Kind: String, ExpressibleByArgument { case annual, summary }

    @OptionGroup var database: DatabaseOptions

    @Argument(help: "annual or summary")
    var kind: Kind

    @Option(help: "The organization: its code (HP-HB) or id.")
    var organization: String

    @Option(help: "The year of an annual report.")
    var year: Int?

    @Option(help: "The first year of a summary.")
    var from: Int?

    @Option(help: "The last year of a summary.")
    var to: Int?

    @Option(help: "json, csv, html, docx or xlsx")
    var format: ReportFormat = .html

    @Option(help: "Write to this file instead of standard output.")
    var output: String?

    func run() async throws {
        let logger = makeLogger(level: .warning)
        try await withDatabase(database, logger: logger) { url in
            _ = try await migrate(url: url, logger: logger)
            let pool = PQPool(configuration: PQConfiguration(url: url), options: .init(minConnections: 1, maxConnections: 1), logger: logger)
            let id = try await pool.withConnection { connection in
                try await connection.query("SELECT id FROM organization WHERE code = \(organization) OR id::text = lower(\(organization))").first?
                    .decode(UUID.self, at: 0)
            }
            guard let id else { throw ValidationError("no organization has the code or id \(organization)") }
            let store = ReportStore(pool: pool)
            let figures: FrozenFigures
            switch kind {
            case .annual:
                guard let year else { throw ValidationError("an annual report needs --year") }
                figures = .annual(try await store.annual(organizationId: id, year: year, scope: .system).report)
            case .summary:
                guard let from, let to else { throw ValidationError("a summary needs --from and --to") }
                figures = .summary(try await store.summary(organizationId: id, from: from, to: to, scope: .system).report)
            }
            await pool.drain()
            let bytes = try ReportRendering.render(figures, as: format, today: PartyCalendar.today())
            if let output {
                try Data(bytes).write(to: URL(fileURLWithPath: output))
            } else {
                FileHandle.standardOutput.write(Data(bytes))
            }
        }
    }
}

extension ReportFormat: ExpressibleByArgument {}
