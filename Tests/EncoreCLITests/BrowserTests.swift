import EncoreCore
import EncoreServer
import EncoreStore
import EncoreTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The smart receipt in a real browser: data made through the real binary and the /v1 API, the
/// receipt link from `encore receipts link`, then Tests/Browser/receipt_flow.py drives headless
/// Chromium through a customer's visit (NPS and its follow-up, the help guide, a message, a
/// return, the preference centre). Its screenshots stay in `.build/test-output/browser/`.
///
/// Needs Chromium, chromedriver and Selenium (`.ci/run` installs them). Without them the test is
/// skipped, with a note; under CI (`CI=true`) it fails instead.
@Suite("Browser: the smart receipt", .serialized)
struct BrowserTests {
    @Test(
        "a customer's visit to the receipt in headless Chromium, then the database holds what they did",
        .enabled(if: BrowserEnvironment.shouldRun, "needs chromium, chromium-driver and Selenium (see .ci/run)"),
        .timeLimit(.minutes(5)))
    func receiptFlow() async throws {
        guard let python = BrowserEnvironment.python else {
            Issue.record(
                """
                CI=true but the browser test cannot run: \(BrowserEnvironment.problem).
                .ci/run installs chromium, chromium-driver and python3-selenium.
                """)
            return
        }
        try await JourneySandbox.with(.sqlite) { sandbox in
            let server = try await sandbox.serve()
            let now = Date()
            func ago(days: Double, hours: Double = 0) -> String {
                ISO8601DateFormatter().string(from: now.addingTimeInterval(-(days * 86_400 + hours * 3_600)))
            }
            try await server.order(
                """
                {"id": "BR-1", "number": "#BR-1", "placed_at": "\(ago(days: 6))", "currency": "USD",
                 "customer": {"id": "ada", "email": "ada@example.com", "first_name": "Ada", "last_name": "Lovelace",
                              "time_zone": "UTC", "consents": [{"channel": "email", "purpose": "marketing", "granted": true}]},
                 "lines": [{"id": "L1", "sku": "MUG-1", "title": "Stoneware mug", "quantity": 2, "unit_price": "12.50"},
                           {"id": "L2", "sku": "BEANS-1", "title": "Coffee beans", "quantity": 1, "unit_price": "18.00"}]}
                """)
            let shipment = try await server.post(
                "/v1/shipments",
                json: """
                    {"id": "SH-BR-1", "order_id": "BR-1", "carrier": "DHL", "tracking_number": "JD014600006281",
                     "checkpoints": [
                       {"status": "label_created", "at": "\(ago(days: 5, hours: 20))", "location": "Leeds"},
                       {"status": "in_transit", "at": "\(ago(days: 4))", "location": "Manchester hub"},
                       {"status": "delivered", "at": "\(ago(days: 2))", "location": "London"}]}
                    """)
            try #require(shipment.status == 201 || shipment.status == 200, "POST /v1/shipments: \(shipment)")

            let link = try sandbox.cli.run(
                ["receipts", "link", "--order", "BR-1", "--store", "shop", "--base-url", server.base])
            try #require(link.status == 0, "encore receipts link: \(link.stderr)")
            let url = link.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            try #require(url.hasPrefix(server.base + "/r/"), "the receipt link: \(url)")
            let page = try await BrowserEnvironment.get(url)
            try #require(page.status == 200, "GET the receipt: \(page.status) \(page.body.prefix(500))")

            // The browser.
            let output = BrowserEnvironment.outputDirectory
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let log = output.appendingPathComponent("receipt_flow.log")
            let browser = try ChildProcess(
                executable: python.first!,
                arguments: Array(python.dropFirst()) + ["-u", BrowserEnvironment.script.path, url, output.path],
                environment: ["PYTHONDONTWRITEBYTECODE": "1"], log: log)
            defer { browser.stop() }
            try await poll("receipt_flow.py to finish", timeout: .seconds(240), every: .milliseconds(200)) {
                !browser.isRunning
            }
            let status = browser.process.terminationStatus
            print("receipt_flow.py exited \(status); screenshots in \(output.path)\n\(browser.logText)")
            #expect(status == 0, "receipt_flow.py failed (exit \(status)):\n\(browser.logText)")
            guard status == 0 else { return }

            // What the visit left in the database, through the API and storage.
            let order = try await BrowserEnvironment.json(server, "/v1/orders/BR-1")
            let returns = order["returns"] as? [[String: Any]] ?? []
            #expect(returns.count == 1, "one return: \(returns)")
            if let ret = returns.first {
                #expect(ret["status"] as? String == "requested")
                #expect(ret["reason"] as? String == "Arrived damaged")
                let lines = ret["lines"] as? [[String: Any]] ?? []
                #expect(lines.count == 1)
                #expect(lines.first?["line_id"] as? String == "L1")
                #expect(lines.first?["quantity"] as? Int == 1)
            }

            let customer = try await BrowserEnvironment.json(server, "/v1/customers/ada?events=100")
            let events = customer["events"] as? [[String: Any]] ?? []
            let nps = events.filter { $0["type"] as? String == "feedback.nps" }
            #expect(nps.count == 1, "one feedback.nps event: \(events.map { $0["type"] ?? "" })")
            #expect((nps.first?["payload"] as? [String: Any])?["score"] as? Int == 8)
            #expect(nps.first?["order_id"] as? String == "BR-1")
            let consents = customer["consents"] as? [[String: Any]] ?? []
            let news = consents.first { $0["channel"] as? String == "email" && $0["purpose"] as? String == "marketing" }
            #expect(news?["granted"] as? Bool == false, "news by e-mail withdrawn: \(consents)")

            let storage = sandbox.storage
            let store = sandbox.store
            let answer = try await storage.feedback(
                storeID: store.id, key: FeedbackRecord.key(kind: .nps, touchpoint: .order, subjectKey: "BR-1"))
            #expect(answer?.status == "answered")
            #expect(answer?.score == 8)
            #expect(answer?.reason == "Fast delivery, but the box was dented.")

            let tickets = try await storage.tickets(storeID: store.id, customerKey: "ada")
            let written = tickets.filter { $0.source == .receipt }
            #expect(written.count == 1, "one ticket from the receipt: \(tickets.map(\.subject))")
            if let ticket = written.first {
                #expect(ticket.orderKey == "BR-1")
                #expect(ticket.subject == "Where is my order? (order #BR-1)")
                #expect(ticket.email == "ada@example.com")
                let messages = try await storage.ticket(storeID: store.id, key: ticket.key)?.messages ?? []
                #expect(
                    messages.contains { $0.kind == .customer && $0.body.contains("<script>alert(1)</script>") },
                    "the customer's words are stored as written (and escaped where shown): \(messages.map(\.body))")
            }
            let suppressed = try await storage.suppressions(storeID: store.id, channel: .email)
            #expect(suppressed.map(\.address) == ["ada@example.com"], "unticking news suppresses marketing e-mail")
        }
    }
}

extension BrowserTests {
    /// The admin's analytics pages in headless Chromium: a store with a year of orders through the
    /// API, its predictions refreshed, then Tests/Browser/admin_pages.py signs in and opens the
    /// dashboard overview (and uses its filters), the journeys page, the journey map of every
    /// persona and the customer pages, checking each chart is drawn and named and each table captioned. Screenshots in `.build/test-output/browser/admin/`.
    @Test(
        "the overview, journeys, journey map and customer pages in headless Chromium: charts drawn and named, tables captioned, filters used",
        .enabled(if: BrowserEnvironment.shouldRun, "needs chromium, chromium-driver and Selenium (see .ci/run)"),
        .timeLimit(.minutes(5)))
    func adminPages() async throws {
        guard let python = BrowserEnvironment.python else {
            Issue.record("CI=true but the browser test cannot run: \(BrowserEnvironment.problem).")
            return
        }
        try await JourneySandbox.with(.sqlite) { sandbox in
            let server = try await sandbox.serve()
            let now = Date()
            for i in 0..<40 {
                let visits = i % 3 == 0 ? 4 : 1
                for n in 0..<visits {
                    let placed = now.addingTimeInterval(-Double(300 - 70 * n - i) * 86_400)
                    try await server.order(
                        orderJSON(id: "A\(i)-\(n)", email: "c\(i)@example.com", customer: "c\(i)", placedAt: placed, total: "\(20 + i).00"))
                }
            }
            let refreshed = try sandbox.cli.run(["predictions", "refresh", "--store", "shop"])
            try #require(refreshed.status == 0, "encore predictions refresh: \(refreshed.stderr)")
            _ = try await AdminUsers.create(
                storage: sandbox.storage, email: "admin@example.com", organisation: "shop", password: "correct horse battery",
                cost: 4, now: SystemClock().now())
            let store = sandbox.store.id
            let yearAgo = LocalDate(daysSinceEpoch: Int64(LocalDay.of(SystemClock().now(), in: TimeZone(identifier: sandbox.store.timeZone)!) - 364))
            let paths = [
                "/admin/stores/\(store)/overview?from=\(yearAgo)", "/admin/stores/\(store)/journeys", "/admin/stores/\(store)/journey-map", "/admin/stores/\(store)/customers",
                "/admin/stores/\(store)/customers/c0",
            ]
                + ["champions", "loyal", "new", "promising", "at_risk", "lost", "hibernating"].map {
                    "/admin/stores/\(store)/journey-map?persona=\($0)"
                }
            let output = BrowserEnvironment.outputDirectory.appendingPathComponent("admin")
            try FileManager.default.createDirectory(at: output, withIntermediateDirectories: true)
            let script = JourneySandbox.repository.appendingPathComponent("Tests/Browser/admin_pages.py")
            let browser = try ChildProcess(
                executable: python.first!,
                arguments: Array(python.dropFirst())
                    + ["-u", script.path, server.base, "admin@example.com", "correct horse battery", output.path] + paths,
                environment: ["PYTHONDONTWRITEBYTECODE": "1"], log: output.appendingPathComponent("admin_pages.log"))
            defer { browser.stop() }
            try await poll("admin_pages.py to finish", timeout: .seconds(240), every: .milliseconds(200)) { !browser.isRunning }
            let status = browser.process.terminationStatus
            print("admin_pages.py exited \(status); screenshots in \(output.path)\n\(browser.logText)")
            #expect(status == 0, "admin_pages.py failed (exit \(status)):\n\(browser.logText)")
            #expect(browser.logText.contains("journey-map: 1 chart(s)"))
            // Ten sparklines, the cohort heatmap, the NPS and CSAT trends; then the filters used.
            #expect(browser.logText.contains("overview?from=\(yearAgo): 13 chart(s)"))
            #expect(browser.logText.contains("filtered to "))
        }
    }
}

/// Whether the browser test can run here, and how.
enum BrowserEnvironment {
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static let script = JourneySandbox.repository.appendingPathComponent("Tests/Browser/receipt_flow.py")

    /// `.build/test-output/browser/` under the package: the screenshots are kept.
    static let outputDirectory = JourneySandbox.repository.appendingPathComponent(".build/test-output/browser")

    /// The first Python (the one on PATH, then Debian's) for which `receipt_flow.py --check`
    /// finds Selenium, Chromium and chromedriver; or nil, with `problem` saying what is missing.
    static let probe: (python: [String]?, problem: String) = {
        var problems: [String] = []
        for python in [["/usr/bin/env", "python3"], ["/usr/bin/python3"]] {
            guard FileManager.default.isExecutableFile(atPath: python[0]) else { continue }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python[0])
            process.arguments = Array(python.dropFirst()) + [script.path, "--check"]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = out
            do {
                try process.run()
            } catch {
                problems.append("\(python.joined(separator: " ")): \(error)")
                continue
            }
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitForExit()
            if process.terminationStatus == 0 { return (python, "") }
            problems.append("\(python.last!): \(text.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return (nil, problems.isEmpty ? "no python3" : problems.joined(separator: "; "))
    }()

    static var python: [String]? { probe.python }
    static var problem: String { probe.problem }

    /// Runs when the browser is here; always under CI, where a missing browser fails the test.
    static let shouldRun: Bool = {
        if python != nil || isCI { return true }
        print("note: the browser test is skipped (set CI=true to make it fail): \(problem)")
        return false
    }()

    static func get(_ url: String, key: String? = nil) async throws -> (status: Int, body: String) {
        var request = URLRequest(url: URL(string: url)!)
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    /// GETs an API path with the store's key; requires 200 and a JSON object.
    static func json(_ server: ServerProcess, _ path: String) async throws -> [String: Any] {
        let (status, body) = try await get(server.base + path, key: server.key)
        try #require(status == 200, "GET \(path): \(status) \(body)")
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any], "\(body)")
    }
}
