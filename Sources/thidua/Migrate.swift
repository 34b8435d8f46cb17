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
        let environment = ProcessInfo.processInfo.environment
        if let url = database.databaseURL ?? environment["DATABASE_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            print(describe(try await migrate(url: url, logger: logger)))
            return
        }
        let embedded = try database.embedded(logger: logger)
        let url = try await embedded.start()
        defer { embedded.stop() }
        print(describe(try await migrate(url: url, logger: logger)))
    }

    private func describe(_ outcome: Migrator.Outcome) -> String {
        switch outcome {
        case .created(let version): "schema created at version \(version)"
        case .upgraded(let from, let to): "schema upgraded from version \(from) to \(to)"
        case .current(let version): "schema already at version \(version); nothing to do"
        }
    }
}
