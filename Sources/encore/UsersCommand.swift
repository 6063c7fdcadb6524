import ArgumentParser
import EncoreCore
import EncoreServer
import EncoreStore
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

struct UsersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "users", abstract: "Manage the people who sign in to the admin pages.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an admin user of an organisation.",
            discussion: """
                The password is asked for twice on a terminal (not echoed), or read from the first line of standard \
                input with --password-stdin. It must be at least \(AdminUsers.minimumPasswordLength) characters long; \
                only its bcrypt hash is stored.
                """)
        @OptionGroup var db: DatabaseOptions
        @Option(help: "The user's email address (their login; compared lower-cased).") var email: String
        @Option(
            help: "The organisation whose stores the user sees (as given to `encore stores create --organisation`).")
        var organisation: String
        @Flag(help: "Read the password from standard input instead of prompting.") var passwordStdin = false

        func validate() throws {
            if let problem = AdminUsers.problem(email: email) { throw ValidationError(problem) }
        }

        func run() async throws {
            let password = try readPassword()
            if let problem = AdminUsers.problem(password: password) { throw ValidationError(problem) }
            let storage = try await db.open()
            do {
                let user = try await AdminUsers.create(
                    storage: storage, email: email, organisation: organisation, password: password,
                    now: SystemClock().now())
                try await storage.close()
                print("created user \(user.email) in organisation \(organisation)")
            } catch let error as StorageError {
                var message = error.description
                if case .invalid = error {
                    let known = (try? await storage.organisations().map(\.name)) ?? []
                    message +=
                        known.isEmpty ? "; create a store first" : "; organisations: " + known.joined(separator: ", ")
                }
                try? await storage.close()
                throw ValidationError(message)
            } catch {
                try? await storage.close()
                throw ValidationError("\(error)")
            }
        }

        private func readPassword() throws -> String {
            if passwordStdin {
                guard let line = Swift.readLine(strippingNewline: true) else {
                    throw ValidationError("--password-stdin: standard input is empty")
                }
                return line.hasSuffix("\r") ? String(line.dropLast()) : line
            }
            guard isatty(STDIN_FILENO) == 1 else {
                throw ValidationError(
                    "no terminal to ask for the password on: pass it on standard input with --password-stdin")
            }
            let first = try prompt("Password for \(email): ")
            if let problem = AdminUsers.problem(password: first) { throw ValidationError(problem) }
            let second = try prompt("Again: ")
            guard first == second else { throw ValidationError("the two passwords differ") }
            return first
        }

        /// Reads one line from the terminal with echo off, restoring the terminal afterwards.
        private func prompt(_ text: String) throws -> String {
            FileHandle.standardError.write(Data(text.utf8))
            var saved = termios()
            tcgetattr(STDIN_FILENO, &saved)
            var silent = saved
            silent.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
            let line = Swift.readLine(strippingNewline: true)
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
            guard let line else { throw ValidationError("no password given") }
            return line
        }
    }
}
