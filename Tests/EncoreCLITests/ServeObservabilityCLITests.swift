import EncoreTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("CLI: serve's JSON logs, request ids and /metrics")
struct ServeObservabilityCLITests {
    /// Starts `encore serve ARGS` on a free port (another if a parallel test took it) and waits for
    /// /healthz; nil if it never answered.
    static func serve(_ cli: CLI, _ arguments: [String], errors: URL) async throws -> (Process, URL)? {
        for _ in 0..<3 {
            let port = freePort()
            let (process, _) = try cli.start(["serve", "--port", String(port)] + arguments, errors: errors)
            let base = URL(string: "http://127.0.0.1:\(port)")!
            for _ in 0..<600 where process.isRunning {
                if let (_, response) = try? await URLSession.shared.data(from: base.appendingPathComponent("healthz")),
                    (response as? HTTPURLResponse)?.statusCode == 200
                {
                    return (process, base)
                }
                try await Task.sleep(for: .milliseconds(100))
            }
            process.terminate()
            process.waitForExit()
        }
        return nil
    }

    @Test("--log-format json: every line on standard error is a JSON object; a request's line carries its X-Request-Id; /metrics needs the token", arguments: Backend.enabled)
    func jsonLogs(_ backend: Backend) async throws {
        try await CLITests.withCLI(backend) { cli in
            _ = try cli.run(["stores", "create", "live"])
            let key = try cli.run(["keys", "create", "--store", "live"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
            let errors = cli.directory.appendingPathComponent("serve.log")
            let token = "metrics-token-0123456789"
            let started = try await Self.serve(cli, ["--log-format", "json", "--metrics-token", token], errors: errors)
            let (process, base) = try #require(started)
            defer { if process.isRunning { process.terminate() } }

            var post = URLRequest(url: base.appendingPathComponent("v1/orders"))
            post.httpMethod = "POST"
            post.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
            post.setValue("order-import-17", forHTTPHeaderField: "X-Request-Id")
            post.httpBody = Data(
                #"{"id": "1", "placed_at": "2026-01-01T00:00:00Z", "lines": [{"title": "Beans", "quantity": 1, "unit_price": "9.50"}]}"#.utf8)
            let (_, answer) = try await URLSession.shared.data(for: post)
            let http = try #require(answer as? HTTPURLResponse)
            #expect(http.statusCode == 201)
            #expect(http.value(forHTTPHeaderField: "X-Request-Id") == "order-import-17")

            var scrape = URLRequest(url: base.appendingPathComponent("metrics"))
            let (_, refused) = try await URLSession.shared.data(for: scrape)
            #expect((refused as? HTTPURLResponse)?.statusCode == 401)
            scrape.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization")
            let (body, scraped) = try await URLSession.shared.data(for: scrape)
            #expect((scraped as? HTTPURLResponse)?.statusCode == 200)
            let text = String(decoding: body, as: UTF8.self)
            #expect(text.contains(#"encore_http_requests_total{method="POST",route="/v1/orders",status="201"} 1"#))
            #expect(text.contains("encore_outbox_depth{channel=\"email\"}"))

            process.terminate()
            process.waitForExit()
            let lines = try String(contentsOf: errors, encoding: .utf8).split(separator: "\n")
            #expect(!lines.isEmpty)
            var objects: [[String: Any]] = []
            for line in lines {
                let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
                #expect(object != nil, "not a JSON object: \(line)")
                if let object { objects.append(object) }
            }
            let request = try #require(objects.first { $0["request_id"] as? String == "order-import-17" })
            #expect(request["message"] as? String == "request")
            #expect(request["route"] as? String == "/v1/orders")
            #expect(request["status"] as? String == "201")
            #expect(objects.allSatisfy { $0["time"] is String && $0["level"] is String && $0["label"] is String })
        }
    }

    @Test("bad logging and metrics settings are refused before anything starts, naming the option")
    func badSettings() async throws {
        try await CLITests.withCLI(.sqlite) { cli in
            let format = try cli.run(["serve", "--log-format", "xml"])
            #expect(format.status != 0)
            #expect(format.stderr.contains("--log-format (or ENCORE_LOG_FORMAT) must be text or json, not \"xml\""))
            let level = try cli.run(["serve"], environment: ["ENCORE_LOG_LEVEL": "loud"])
            #expect(level.status != 0)
            #expect(level.stderr.contains("--log-level (or ENCORE_LOG_LEVEL) must be one of trace, debug, info"))
            let token = try cli.run(["serve", "--metrics-token", "short"])
            #expect(token.status != 0)
            #expect(token.stderr.contains("--metrics-token (or ENCORE_METRICS_TOKEN) must be at least 16 characters"))
            let proxy = try cli.run(["serve", "--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/33"])
            #expect(proxy.status != 0)
            #expect(proxy.stderr.contains("--trusted-proxy \"10.0.0.0/33\": the prefix length must be a number from 0 to 32"))
            let proxies = try cli.run(["serve"], environment: ["ENCORE_TRUSTED_PROXIES": "10.0.0.1, proxy.example"])
            #expect(proxies.status != 0)
            #expect(proxies.stderr.contains("ENCORE_TRUSTED_PROXIES \"proxy.example\": not an IPv4 or IPv6 address"))
        }
    }
}
