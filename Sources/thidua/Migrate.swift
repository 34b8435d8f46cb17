import ArgumentParser
import Foundation
import Logging
import ThiDua
import ThiDuaAPI

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create the schema in an empty database or upgrade an older one; a current database is left as it is."
    )

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = makeLogger(level: .info)
        try await withDatabase(database, logger: logger) { url in
            print(describe(try await migrate(url: url, logger: logger)))
        }
    }

    private func describe(_ outcome: Migrator.Outcome) -> String {
        switch outcome {
        case .created(let version): "schema created at version \(version)"
        case .upgraded(let from, let to): "schema upgraded from version \(from) to \(to)"
        case .current(let version): "schema already at version \(version); nothing to do"
        }
    }
}
