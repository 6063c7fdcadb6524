import ArgumentParser

/// `encore-bench`: whole-process benchmarks of the journey scheduler and the email path. Thin;
/// the measurements live in the subcommands, the scripts under `Benchmarks/` run them.
@main
struct EncoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encore-bench",
        abstract: "Benchmarks of Encore's journey worker and email sending.",
        subcommands: [SeedCommand.self, SchedulerCommand.self, EmailCommand.self])
}
