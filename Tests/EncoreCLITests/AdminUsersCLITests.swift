import EncoreCore
import EncoreTestSupport
import Foundation
import Testing

/// `encore users create`, as an operator runs it.
@Suite("CLI: admin users", .serialized)
struct AdminUsersCLITests {
    /// Runs `encore ARGS --database URL` with `input` on standard input.
    static func run(_ cli: CLI, _ arguments: [String], input: String?) throws -> CLI.Result {
        let process = Process()
        process.executableURL = CLI.binary
        process.arguments = arguments + ["--database", cli.database]
        process.currentDirectoryURL = cli.directory
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ENCORE_DATABASE_URL")
        process.environment = env
        let stdin = Pipe()
        let out = Pipe()
        let err = Pipe()
        process.standardInput = stdin
        process.standardOutput = out
        process.standardError = err
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitForExit()
        return CLI.Result(
            status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self))
    }

    @Test(
        "users create: password on stdin, rules, unknown organisation, duplicate, no terminal",
        arguments: Backend.enabled)
    func create(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { cli in
            #expect(try cli.run(["stores", "create", "shop", "--organisation", "acme"]).status == 0)
            let args = ["users", "create", "--email", "Ops@Acme.test", "--organisation", "acme", "--password-stdin"]
            let created = try Self.run(cli, args, input: "a long enough passphrase\n")
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created user ops@acme.test in organisation acme"))

            let again = try Self.run(cli, args, input: "a long enough passphrase\n")
            #expect(again.status != 0)
            #expect(again.stderr.contains("already exists"))

            let short = try Self.run(
                cli, ["users", "create", "--email", "b@acme.test", "--organisation", "acme", "--password-stdin"],
                input: "short\n")
            #expect(short.status != 0)
            #expect(short.stderr.contains("at least 12 characters"))

            let ghost = try Self.run(
                cli, ["users", "create", "--email", "c@acme.test", "--organisation", "ghost", "--password-stdin"],
                input: "a long enough passphrase\n")
            #expect(ghost.status != 0)
            #expect(ghost.stderr.contains("no organisation named 'ghost'"))
            #expect(ghost.stderr.contains("organisations: acme"))

            let badEmail = try Self.run(
                cli, ["users", "create", "--email", "not-an-email", "--organisation", "acme", "--password-stdin"],
                input: "a long enough passphrase\n")
            #expect(badEmail.status != 0)
            #expect(badEmail.stderr.contains("is not an email address"))

            let noTerminal = try Self.run(
                cli, ["users", "create", "--email", "d@acme.test", "--organisation", "acme"],
                input: "a long enough passphrase\n")
            #expect(noTerminal.status != 0)
            #expect(noTerminal.stderr.contains("--password-stdin"))

            let empty = try Self.run(
                cli, ["users", "create", "--email", "e@acme.test", "--organisation", "acme", "--password-stdin"],
                input: nil)
            #expect(empty.status != 0)
            #expect(empty.stderr.contains("standard input is empty"))
        }
    }
}
