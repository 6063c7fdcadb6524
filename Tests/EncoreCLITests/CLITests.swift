import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The command line, end to end, on SQLite and PostgreSQL: what a user types and sees.
@Suite("CLI", .serialized)
struct CLITests {
    static var sample: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/CDNOW_sample.txt").path
    }

    static func withCLI(_ backend: Backend, _ body: (CLI) async throws -> Void) async throws {
        try await withCLI(backend) { _, cli in try await body(cli) }
    }

    /// The CLI on a fresh database, with the storage open on it too (to seed what no command makes).
    static func withCLI(_ backend: Backend, _ body: (any EncoreStorage, CLI) async throws -> Void) async throws {
        try await withStorage(backend) { storage, url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encore-cli-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            try await body(storage, CLI(database: url, directory: directory))
        }
    }

    @Test("stores and keys: create, validate, list", arguments: Backend.enabled)
    func storesAndKeys(_ backend: Backend) async throws {
        try await Self.withCLI(backend) { cli in
            let created = try cli.run(["stores", "create", "acme", "--currency", "EUR", "--time-zone", "Europe/Paris", "--webhook-secret", "s3cret"])
            #expect(created.status == 0, "\(created.stderr)")
            #expect(created.stdout.contains("created store acme"))
            let again = try cli.run(["stores", "create", "acme"])
            #expect(again.status != 0)
            #expect(again.stderr.contains("already exists"))
            let badName = try cli.run(["stores", "create", "Acme Shop"])
            #expect(badName.status != 0)
            #expect(badName.stderr.contains("lowercase"))
            let badCurrency = try cli.run(["stores", "create", "shop2", "--currency", "XYZ"])
            #expect(badCurrency.stderr.contains("ISO 4217"))
            let badZone = try cli.run(["stores", "create", "shop3", "--time-zone", "Mars/Base"])
            #expect(badZone.stderr.contains("time zone"))
            let key = try cli.run(["keys", "create", "--store", "acme"])
            #expect(key.status == 0)
            #expect(key.stdout.hasPrefix("enc_"))
            #expect(key.stdout.trimmingCharacters(in: .whitespacesAndNewlines).count == 36)
            let noStore = try cli.run(["keys", "create", "--store", "ghost"])
            #expect(noStore.status != 0)
            #expect(noStore.stderr.contains("no store named 'ghost'"))
            let list = try cli.run(["stores", "list"])
            #expect(list.stdout.contains("acme\tEUR\tEurope/Paris"))
            let prefix = String(key.stdout.prefix(8))
            #expect(try cli.run(["keys", "list", "--store", "acme"]).stdout.contains("\(prefix)\tcreated"))
            let revoked = try cli.run(["keys", "revoke", "--store", "acme", prefix])
            #expect(revoked.status == 0)
            #expect(revoked.stdout.contains("revoked 1 key"))
            #expect(try cli.run(["keys", "list", "--store", "acme"]).stdout.contains("revoked "))
            let again2 = try cli.run(["keys", "revoke", "--store", "acme", prefix])
            #expect(again2.status != 0)
            #expect(again2.stderr.contains("no active key"))
        }
    }

    @Test("import: counts, idempotent re-import, stats per store", arguments: Backend.enabled)
    func importAndStats(_ backend: Backend) async throws {
        try await Self.withCLI(backend) { cli in
            let first = try cli.run(["import", Self.sample, "--format", "cdnow", "--store", "cdnow"])
            #expect(first.status == 0, "\(first.stderr)")
            #expect(first.stdout.contains("imported 5000 orders from 5000 rows into cdnow: 5000 new"))
            #expect(first.stderr.contains("created store cdnow"))
            let second = try cli.run(["import", Self.sample, "--format", "cdnow", "--store", "cdnow"])
            #expect(second.stdout.contains("0 new, 0 updated, 5000 unchanged"))
            let stats = try cli.stats()
            #expect(stats["cdnow"]?["orders"] as? Int == 5000)
            #expect(stats["cdnow"]?["line_items"] as? Int == 5000)
            #expect(stats["cdnow"]?["events"] as? Int == 0)
            let text = try String(contentsOfFile: Self.sample, encoding: .utf8)
            let cents = text.split(whereSeparator: \.isNewline).dropFirst().reduce(Int64(0)) { sum, row in
                sum + Int64(row.split(separator: " ").last!.replacingOccurrences(of: ".", with: ""))!
            }
            #expect((stats["cdnow"]?["revenue"] as? [String: Any])?["USD"] as? Int64 == cents)
            let single = try cli.run(["stats", "--store", "cdnow"])
            #expect(single.stdout.hasPrefix("cdnow: "))
            let missing = try cli.run(["stats", "--store", "ghost", "--json"])
            #expect(missing.status != 0)
        }
    }

    @Test("import: bad rows by line number, --strict, exit codes, unreadable file", arguments: Backend.enabled)
    func importErrors(_ backend: Backend) async throws {
        try await Self.withCLI(backend) { cli in
            let path = try cli.write(
                "bad.txt",
                """
                customer_id date number_of_cds dollar_value
                00001 19970101 1 11.77
                00002 19970230 1 12.00
                00003 19970102 1 20.76
                """)
            let strict = try cli.run(["import", path, "--format", "cdnow", "--store", "s", "--strict"])
            #expect(strict.status == 3)
            #expect(strict.stderr.contains("bad.txt:line 3: date: '19970230' is not a YYYYMMDD date"))
            #expect(strict.stderr.contains("nothing imported"))
            #expect(try cli.stats()["s"]?["orders"] as? Int == 0)
            let lenient = try cli.run(["import", path, "--format", "cdnow", "--store", "s"])
            #expect(lenient.status == 3)
            #expect(lenient.stdout.contains("imported 2 orders from 3 rows"))
            #expect(try cli.stats()["s"]?["orders"] as? Int == 2)
            let missing = try cli.run(["import", "/nonexistent.csv", "--format", "csv"])
            #expect(missing.status != 0)
            #expect(missing.stderr.contains("cannot read"))
            let format = try cli.run(["import", path, "--format", "xml"])
            #expect(format.status != 0)
            let truncated = try cli.write("cut.csv", "order_id,placed_at,title,quantity,unit_price\nA,2025-01-01T00:00:00Z,\"Beans")
            let cut = try cli.run(["import", truncated, "--format", "csv", "--store", "s"])
            #expect(cut.status == 3)
            #expect(cut.stderr.contains("cut.csv:line 2: the file ends inside a quoted field"))
        }
    }

    @Test("import draws a progress bar on a terminal, and none into a pipe")
    func progressBar() async throws {
        try await Self.withCLI(.sqlite) { cli in
            // util-linux `script` runs the command on a pseudo-terminal, as a user's shell would.
            let command = [CLI.binary.path, "import", Self.sample, "--format", "cdnow", "--store", "tty", "--database", cli.database]
                .map { "'\($0)'" }.joined(separator: " ")
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            process.arguments = ["-qec", command, "/dev/null"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            #expect(process.terminationStatus == 0)
            #expect(text.contains("\r["), "a redrawn bar")
            #expect(text.contains("] 100% 5000 rows, 0 rejected"))
            let piped = try cli.run(["import", Self.sample, "--format", "cdnow", "--store", "tty"])
            #expect(!piped.stderr.contains("\r["), "no bar when stderr is not a terminal")
            let plain = piped.stderr.split(separator: "\n").filter { $0.hasPrefix("progress: ") }
            #expect(!plain.isEmpty, "plain progress lines instead: \(piped.stderr)")
            #expect(plain.count <= 11)
            #expect(plain.last?.hasPrefix("progress: 100% 5000 rows") == true)
        }
    }

    @Test("a killed import, re-run, ends exactly like a clean one", arguments: Backend.enabled)
    func crashRecovery(_ backend: Backend) async throws {
        try await Self.withCLI(backend) { cli in
            let crashed = try cli.run(
                ["import", Self.sample, "--format", "cdnow", "--store", "c"],
                environment: ["ENCORE_IMPORT_CRASH_AFTER_BATCH": "0"])
            #expect(crashed.status == 9, "the process died mid-import")
            let partial = try cli.stats()["c"]?["orders"] as? Int ?? -1
            #expect(partial == 2000, "the first batch of 2,000 was committed, nothing more")
            let resumed = try cli.run(["import", Self.sample, "--format", "cdnow", "--store", "c"])
            #expect(resumed.status == 0)
            #expect(resumed.stdout.contains("3000 new, 0 updated, 2000 unchanged"))
            #expect(try cli.stats()["c"]?["orders"] as? Int == 5000)
        }
    }

    @Test("serve: the API answers over a real socket", arguments: Backend.enabled)
    func serve(_ backend: Backend) async throws {
        try await Self.withCLI(backend) { cli in
            _ = try cli.run(["stores", "create", "live"])
            let key = try cli.run(["keys", "create", "--store", "live"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            // A free port can be taken by a parallel test before the server binds it: then the
            // server exits, and it is started again on another port.
            var process = Process()
            var base = URL(string: "http://127.0.0.1")!
            var healthy = false
            for _ in 0..<3 where !healthy {
                let port = freePort()
                (process, _) = try cli.start(["serve", "--port", String(port)])
                base = URL(string: "http://127.0.0.1:\(port)")!
                for _ in 0..<600 where !healthy && process.isRunning {
                    if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("health")),
                        (response as? HTTPURLResponse)?.statusCode == 200
                    {
                        healthy = true
                    } else {
                        try await Task.sleep(for: .milliseconds(100))
                    }
                }
                if !healthy { process.terminate() }
            }
            defer { process.terminate() }
            #expect(healthy)
            var request = URLRequest(url: base.appendingPathComponent("v1/orders"))
            request.httpMethod = "POST"
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            request.httpBody = Data(
                #"{"id": "1", "placed_at": "2026-01-01T00:00:00Z", "lines": [{"title": "Beans", "quantity": 1, "unit_price": "9.50"}]}"#.utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            #expect((response as? HTTPURLResponse)?.statusCode == 201)
            process.terminate()
            process.waitForExit()
            #expect(try cli.stats()["live"]?["orders"] as? Int == 1)
        }
    }

    @Test("demo: fills an empty database of either backend, and refuses one that has a demo", arguments: Backend.enabled)
    func demoOnBackend(_ backend: Backend) async throws {
        try await Self.withCLI(backend) { cli in
            let arguments = ["demo", "--no-serve", "--customers", "200", "--end", "2026-06-01", "--database", cli.database]
            let built = try cli.run(arguments, database: false)
            #expect(built.status == 0, "\(built.stderr)")
            #expect(try cli.stats()["demo"]?["customers"] as? Int == 200)
            let again = try cli.run(arguments, database: false)
            if backend == .postgres {
                #expect(again.status != 0)
                #expect(again.stderr.contains("already has a store 'demo'"))
            } else {
                #expect(again.status == 0, "a SQLite demo file is rebuilt")
                #expect(try cli.stats()["demo"]?["customers"] as? Int == 200)
            }
            _ = try cli.run(["stores", "create", "real-shop"])
            let refused = try cli.run(arguments, database: false)
            #expect(refused.status != 0, "never wipes a database with other stores")
            #expect(refused.stderr.contains("holds stores other than 'demo'"))
            #expect(try cli.stats()["real-shop"] != nil)
        }
    }

    @Test("demo: deterministic by seed, realistic, and fast")
    func demo() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("encore-demo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let cli = CLI(database: "", directory: directory)
        let arguments = ["demo", "--no-serve", "--customers", "500", "--end", "2026-06-01", "--database", "sqlite://d.sqlite"]
        let first = try cli.run(arguments, database: false)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("500 customers"))
        #expect(first.stdout.contains("API key (store 'demo'): enc_"))
        let stats = try CLI(database: "sqlite://" + directory.appendingPathComponent("d.sqlite").path, directory: directory).stats()
        let orders = stats["demo"]?["orders"] as? Int ?? 0
        #expect(orders > 800 && orders < 2000, "about 2 orders per customer, got \(orders)")
        #expect((stats["demo"]?["shipments"] as? Int ?? 0) > orders / 2)
        let second = try cli.run(arguments, database: false)
        let line = { (text: String) in text.split(separator: "\n").first.map { $0.split(separator: ":").dropFirst().joined() } }
        #expect(line(first.stdout) != nil)
        #expect(
            first.stdout.split(separator: "\n").first?.split(separator: ":").last
                == second.stdout.split(separator: "\n").first?.split(separator: ":").last, "same seed, same store")
        let otherSeed = try cli.run(arguments + ["--seed", "7"], database: false)
        #expect(otherSeed.stdout.split(separator: "\n").first?.split(separator: ":").last
            != first.stdout.split(separator: "\n").first?.split(separator: ":").last)
    }
}
