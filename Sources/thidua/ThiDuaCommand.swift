import ArgumentParser

@main
struct ThiDuaCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thidua",
        abstract: "ThiDua: the system of record for the Decision 500-QĐ/QU emulation criteria.",
        subcommands: [Serve.self, Migrate.self, Seed.self, Report.self],
        defaultSubcommand: Serve.self
    )
}
