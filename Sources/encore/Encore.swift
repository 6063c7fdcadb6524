import ArgumentParser

/// The `encore` command line: a thin layer over the libraries.
@main
struct Encore: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "encore",
        abstract: "Encore, the post-purchase customer platform.",
        subcommands: [
            DemoCommand.self, ServeCommand.self, ImportCommand.self, StatsCommand.self, StoresCommand.self,
            KeysCommand.self, JourneysCommand.self, ReceiptsCommand.self, LoyaltyCommand.self, RecommendationsCommand.self, CLVCommand.self, MetricsCommand.self, PredictionsCommand.self, SegmentsCommand.self, ScratchCommand.self, AlliedCommand.self, ReferralsCommand.self,
            UsersCommand.self, BackupCommand.self, RestoreCommand.self, DKIMRecordCommand.self,
        ])
}
