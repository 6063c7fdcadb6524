import ArgumentParser

/// `encore-bench`: whole-process benchmarks of the journey scheduler, the email path and the recommendation engine. Thin;
/// the measurements live in the subcommands, the scripts under `Benchmarks/` run them.
@main
struct EncoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encore-bench",
        abstract: "Benchmarks of Encore's journey worker, email sending and recommendations.",
        subcommands: [SeedCommand.self, SchedulerCommand.self, EmailCommand.self, RecommendationsCommand.self, RecommendationsStoreCommand.self, LedgerCommand.self, CLVCommand.self, MetricsSeedCommand.self, OverviewCommand.self])
}
