import EncoreCore
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
#if canImport(Glibc)
    import Glibc
#endif

/// What the journey tests run against: a fresh database with store `shop` and an API key, a
/// folder for journey files and sink output, and the child processes they start (all stopped
/// when the test ends, however it ends).
final class JourneySandbox: @unchecked Sendable {
    let cli: CLI
    /// The same database, opened by the test to look at what the server recorded.
    let storage: any EncoreStorage
    let store: Store
    let key: String
    private var children: [ChildProcess] = []

    var directory: URL { cli.directory }

    private init(cli: CLI, storage: any EncoreStorage, store: Store, key: String) {
        self.cli = cli
        self.storage = storage
        self.store = store
        self.key = key
    }

    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Runs `body` in a fresh sandbox on `backend`; `timeZone` is the store's.
    static func with(
        _ backend: Backend, timeZone: String = "UTC", _ body: (JourneySandbox) async throws -> Void
    ) async throws {
        try await withStorage(backend) { storage, url in
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
                "encore-journey-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let cli = CLI(database: url, directory: directory)
            let created = try cli.run(["stores", "create", "shop", "--time-zone", timeZone])
            try #require(created.status == 0, "\(created.stderr)")
            let key = try cli.run(["keys", "create", "--store", "shop"]).stdout.trimmingCharacters(
                in: .whitespacesAndNewlines)
            let store = try #require(try await storage.store(named: "shop"))
            let sandbox = JourneySandbox(cli: cli, storage: storage, store: store, key: key)
            defer {
                sandbox.stopAll()
                if ProcessInfo.processInfo.environment["ENCORE_KEEP_TEST_FILES"] == nil {
                    try? FileManager.default.removeItem(at: directory)
                }
            }
            try await body(sandbox)
        }
    }

    func stopAll() {
        for child in children.reversed() { child.stop() }
        children = []
    }

    // MARK: Journey files

    /// Writes `NAME.yaml` and its templates (`templates/FILE`, e.g. "promo.subject.mustache") into
    /// `folder`; returns the YAML's path.
    @discardableResult
    func journey(_ name: String, in folder: String = "journeys", yaml: String, templates: [String: String] = [:]) throws
        -> String
    {
        let base = directory.appendingPathComponent(folder)
        try FileManager.default.createDirectory(
            at: base.appendingPathComponent("templates"), withIntermediateDirectories: true)
        for (file, text) in templates {
            try text.write(to: base.appendingPathComponent("templates/" + file), atomically: true, encoding: .utf8)
        }
        let path = base.appendingPathComponent(name + ".yaml").path
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Publishes journey files with `encore journeys apply`, requiring success.
    func apply(_ paths: [String]) throws {
        let result = try cli.run(["journeys", "apply"] + paths)
        try #require(result.status == 0, "journeys apply failed: \(result.stderr)")
    }

    // MARK: Processes

    /// Starts `encore serve` on a free port with the given options and waits until /health answers.
    func serve(_ arguments: [String] = [], environment: [String: String] = [:], name: String = "serve") async throws
        -> ServerProcess
    {
        // A free port can be taken by a parallel test before the server binds it: a server that
        // exits saying so is started again on another port.
        for attempt in 1...3 {
            let port = unusedPort()
            let child = try ChildProcess(
                executable: CLI.binary.path,
                arguments: ["serve", "--port", String(port), "--database", cli.database, "--no-predictions"] + arguments,
                environment: environment, log: directory.appendingPathComponent("\(name)-\(port).log"))
            children.append(child)
            let server = ServerProcess(process: child, port: port, key: key)
            do {
                try await poll("\(name) answers /health", timeout: .seconds(60)) {
                    guard child.isRunning else { throw ChildProcess.Exited(log: child.logText) }
                    return await server.healthy()
                }
                return server
            } catch let exited as ChildProcess.Exited where attempt < 3 && exited.log.contains("in use") {
                continue
            }
        }
        preconditionFailure("the last attempt returns or throws")
    }

    /// Starts scripts/smtp-sink.py (on `port`, or a free one) and waits for its READY line.
    func smtpSink(port: Int = 0, rejects: [String: String] = [:], name: String = "mail") async throws -> SMTPSink {
        let folder = directory.appendingPathComponent(name)
        var arguments = [
            Self.repository.appendingPathComponent("scripts/smtp-sink.py").path, "--dir", folder.path, "--port",
            String(port),
        ]
        for (address, reply) in rejects.sorted(by: { $0.key < $1.key }) {
            arguments += ["--reject", "\(address)=\(reply)"]
        }
        let child = try ChildProcess(
            executable: "/usr/bin/env", arguments: ["python3"] + arguments, environment: [:],
            log: directory.appendingPathComponent("\(name).log"))
        children.append(child)
        let ready = try await child.readyPort()
        return SMTPSink(process: child, port: ready, folder: folder)
    }

    /// Starts scripts/http-sink.py and waits for its READY line.
    func httpSink(name: String = "http") async throws -> HTTPSink {
        let folder = directory.appendingPathComponent(name)
        let child = try ChildProcess(
            executable: "/usr/bin/env",
            arguments: [
                "python3", Self.repository.appendingPathComponent("scripts/http-sink.py").path, "--dir", folder.path,
            ],
            environment: [:], log: directory.appendingPathComponent("\(name).log"))
        children.append(child)
        let ready = try await child.readyPort()
        return HTTPSink(port: ready, folder: folder)
    }

    // MARK: Looking at what happened

    /// The store's outbox, newest first.
    func outbox() async throws -> [OutboxMessage] {
        try await storage.outbox(storeID: store.id, status: nil, limit: 10_000)
    }

    /// Every log line of the store's instances of `journey`.
    func log(journey: String) async throws -> [JourneyLogEntry] {
        var lines: [JourneyLogEntry] = []
        for instance in try await storage.journeyInstances(
            storeID: store.id, journeyID: journey, subject: nil, limit: 10_000)
        {
            lines += try await storage.journeyLog(storeID: store.id, instanceKey: instance.instanceKey)
        }
        return lines
    }
}

/// An order body for POST /v1/orders, placed now, with a customer who agreed to marketing email.
func orderJSON(
    id: String, email: String, customer: String? = nil, phone: String? = nil, timeZone: String = "UTC",
    placedAt: Date = Date(), total: String = "42.00", smsConsent: Bool = false
) -> String {
    let placed = ISO8601DateFormatter().string(from: placedAt)
    var consents = [#"{"channel": "email", "purpose": "marketing", "granted": true}"#]
    if smsConsent { consents.append(#"{"channel": "sms", "purpose": "marketing", "granted": true}"#) }
    let phoneField = phone.map { #", "phone": "\#($0)""# } ?? ""
    return """
        {"id": "\(id)", "number": "#\(id)", "placed_at": "\(placed)", "currency": "USD",
         "customer": {"id": "\(customer ?? "cust-" + id)", "email": "\(email)", "first_name": "Ada", "last_name": "Lovelace",
                      "time_zone": "\(timeZone)"\(phoneField), "consents": [\(consents.joined(separator: ", "))]},
         "lines": [{"sku": "BEANS-1", "title": "Beans", "category": "coffee", "quantity": 1, "unit_price": "\(total)"}]}
        """
}

/// A running `encore serve` and a small client for its API.
struct ServerProcess: Sendable {
    let process: ChildProcess
    let port: Int
    let key: String

    var base: String { "http://127.0.0.1:\(port)" }

    func healthy() async -> Bool {
        guard let url = URL(string: base + "/health"),
            let (_, response) = try? await URLSession.shared.data(from: url)
        else { return false }
        return (response as? HTTPURLResponse)?.statusCode == 200
    }

    /// POSTs JSON to an API path with the store's key; returns the status and body.
    @discardableResult
    func post(_ path: String, json: String) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: base + path)!)
        request.httpMethod = "POST"
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// POSTs an order, requiring 201 (created) or 200 (a replay).
    func order(_ json: String) async throws {
        let (status, body) = try await post("/v1/orders", json: json)
        try #require(status == 201 || status == 200, "POST /v1/orders: \(status) \(body)")
    }
}

/// scripts/smtp-sink.py: every accepted message as N.json (envelope, headers, parts).
struct SMTPSink: Sendable {
    let process: ChildProcess
    let port: Int
    let folder: URL

    var url: String { "smtp://127.0.0.1:\(port)?tls=none" }

    /// The messages accepted so far, in order.
    func messages() -> [ReceivedEmail] {
        readRecords(folder).map(ReceivedEmail.init)
    }

    /// Waits until at least `count` messages arrived; returns them all.
    @discardableResult
    func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [ReceivedEmail] {
        try await poll("\(count) message(s) at the SMTP sink", timeout: timeout) { messages().count >= count }
        return messages()
    }
    /// The bytes of the `index`th message (0-based) exactly as the server received them.
    func raw(_ index: Int) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: folder.appendingPathComponent("\(index + 1).eml")))
    }
}

/// One message as the SMTP sink decoded it.
struct ReceivedEmail: Sendable {
    var recipients: [String]
    var headers: [(String, String)]
    var subject: String
    var contentType: String
    var parts: [(type: String, text: String)]

    init(_ json: [String: Any]) {
        recipients = json["rcpt_tos"] as? [String] ?? []
        headers = (json["headers"] as? [[String]] ?? []).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        subject = json["subject"] as? String ?? ""
        contentType = json["content_type"] as? String ?? ""
        parts = (json["parts"] as? [[String: Any]] ?? []).map {
            ($0["content_type"] as? String ?? "", $0["text"] as? String ?? "")
        }
    }

    /// The first header of that name (case-insensitive).
    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    var messageID: String { header("Message-ID") ?? "" }
    var to: String { recipients.first ?? "" }
}

/// scripts/http-sink.py: every request as N.json (method, path, headers, body, form).
struct HTTPSink: Sendable {
    let port: Int
    let folder: URL

    var base: String { "http://127.0.0.1:\(port)" }

    func requests() -> [ReceivedRequest] {
        readRecords(folder).map(ReceivedRequest.init)
    }

    @discardableResult
    func waitFor(_ count: Int, timeout: Duration = .seconds(20)) async throws -> [ReceivedRequest] {
        try await poll("\(count) request(s) at the HTTP sink", timeout: timeout) { requests().count >= count }
        return requests()
    }
}

struct ReceivedRequest: Sendable {
    var method: String
    var path: String
    var headers: [(String, String)]
    var body: String
    var form: [String: String]

    init(_ json: [String: Any]) {
        method = json["method"] as? String ?? ""
        path = json["path"] as? String ?? ""
        headers = (json["headers"] as? [[String]] ?? []).compactMap { $0.count == 2 ? ($0[0], $0[1]) : nil }
        body = json["body"] as? String ?? ""
        form = json["form"] as? [String: String] ?? [:]
    }

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }
}

/// The N.json records of a sink folder, in arrival order.
private func readRecords(_ folder: URL) -> [[String: Any]] {
    guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
    let numbers = names.compactMap { $0.hasSuffix(".json") ? Int($0.dropLast(5)) : nil }.sorted()
    return numbers.compactMap { number in
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("\(number).json").path)
        else {
            return nil
        }
        return try? JSONSerialization.jsonObject(with: data) as? [String: Any]
    }
}

/// A child process whose output goes to a log file; stopped (SIGTERM, then SIGKILL) by `stop`.
final class ChildProcess: @unchecked Sendable {
    struct Exited: Error, CustomStringConvertible {
        var log: String
        var description: String { "the process exited early; its output:\n\(log)" }
    }

    let process = Process()
    let logURL: URL

    init(executable: String, arguments: [String], environment: [String: String], log: URL) throws {
        logURL = log
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "ENCORE_DATABASE_URL")
        env.removeValue(forKey: "ENCORE_SMTP_URL")
        env.removeValue(forKey: "ENCORE_SMS_URL")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try? handle.close()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var logText: String { (try? String(contentsOf: logURL, encoding: .utf8)) ?? "" }

    /// The port of a sink's `READY <port> ...` line.
    func readyPort() async throws -> Int {
        var port: Int?
        try await poll("READY from \(logURL.lastPathComponent)", timeout: .seconds(60)) {
            guard isRunning else { throw Exited(log: logText) }
            port = logText.split(separator: "\n").first { $0.hasPrefix("READY ") }
                .flatMap { Int($0.split(separator: " ")[1]) }
            return port != nil
        }
        return port!
    }

    /// kill -9: no chance to finish anything.
    func kill9() {
        guard process.isRunning else { return }
        kill(pid, SIGKILL)
        process.waitForExit()
    }

    /// SIGTERM, and SIGKILL if it is still running after 5 seconds.
    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(pid, SIGKILL)
            process.waitForExit()
        }
    }
}

/// Checks `condition` every `every` until it holds; fails the test with `what` after `timeout`.
func poll(
    _ what: String, timeout: Duration, every interval: Duration = .milliseconds(50),
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if try await condition() { return }
        if clock.now >= deadline { break }
        try await Task.sleep(for: interval)
    }
    Issue.record("timed out after \(timeout) waiting for \(what)")
    throw TimedOut(what: what)
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// A TCP port on 127.0.0.1 that nothing listens on (the kernel's choice, released at once).
func unusedPort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = 0
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
            bind(fd, pointer, length) == 0 && getsockname(fd, pointer, &length) == 0
        }
    }
    guard bound else { return Int.random(in: 20_000...60_000) }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Whether the PostgreSQL-only tests run: with a server, and always under CI (where a missing
/// server then fails them, as `Backend.enabled` does for the shared suites).
let postgresEnabled = Backend.enabled.contains(.postgres)
