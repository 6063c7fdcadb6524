import Foundation

/// A running `scripts/smtp-sink.py` (aiosmtpd): a real SMTP server on 127.0.0.1 that stores every
/// accepted message as `N.eml` plus `N.json` (envelope, session and the message as Python's email
/// package decodes it).
///
/// Use ``withSMTPSink(_:_:)``, which stops the server and removes its folder afterwards. Suites
/// that need it carry `.enabled(if: SMTPSink.shouldRun)`: without python3 and aiosmtpd they are
/// skipped, except under `CI=true`, where they run and fail.
struct SMTPSink: Sendable {
    struct Options: Sendable {
        var startTLS = false
        var implicitTLS = false
        var auth: (user: String, password: String)?
        /// AUTH mechanisms offered when `auth` is set.
        var authMechanisms = ["PLAIN", "LOGIN"]
        var pipelining = false
        /// Seconds the server waits before answering MAIL, each RCPT and the end of DATA.
        var replyDelay: Double = 0
        /// Seconds of client silence after which the server says 421 and hangs up.
        var idleTimeout: Double?
        /// Recipient address to the reply its RCPT TO gets, e.g. `"551 5.1.1 no such user"`.
        var rejects: [String: String] = [:]
    }

    let port: Int
    let directory: URL
    /// The self-signed certificate (PEM) when TLS is on.
    let certificatePath: String?
    fileprivate let process: Process
    fileprivate let input: Pipe

    static let scriptPath: String = {
        if let path = ProcessInfo.processInfo.environment["ENCORE_SMTP_SINK"] { return path }
        // Tests/EncoreMessagingTests/Support/SMTPSink.swift → scripts/smtp-sink.py, following
        // symlinks so a scratch package that links the test folder finds the repository's script.
        let file = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return file.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("scripts/smtp-sink.py").path
    }()

    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    /// python3 runs and can import aiosmtpd.
    static let isAvailable: Bool = {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", "import aiosmtpd"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
            process.waitForExit()
            return process.terminationStatus == 0
        } catch {
            return false
        }
    }()

    /// Whether suites needing the sink should run: it is available, or CI demands them anyway.
    static var shouldRun: Bool { isAvailable || isCI }

    static func start(_ options: Options) throws -> SMTPSink {
        guard isAvailable else {
            throw SinkError("python3 with aiosmtpd is required (python3 -m pip install aiosmtpd)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("smtp-sink-\(UUID().uuidString)")
        var arguments = ["python3", scriptPath, "--dir", directory.path, "--port", "0", "--exit-on-stdin-eof"]
        if options.startTLS { arguments.append("--starttls") }
        if options.implicitTLS { arguments.append("--implicit-tls") }
        if let auth = options.auth {
            arguments += [
                "--auth", "\(auth.user):\(auth.password)", "--auth-mechanisms",
                options.authMechanisms.joined(separator: ","),
            ]
        }
        if options.pipelining { arguments.append("--pipelining") }
        if options.replyDelay > 0 { arguments += ["--reply-delay", "\(options.replyDelay)"] }
        if let idleTimeout = options.idleTimeout { arguments += ["--idle-timeout", "\(idleTimeout)"] }
        for (address, reply) in options.rejects { arguments += ["--reject", "\(address)=\(reply)"] }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let output = Pipe()
        // The sink stops when this pipe closes, which happens at the latest when the tests exit.
        let input = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()

        // Wait for "READY <port> <cert>"; EOF means the script died.
        var text = ""
        while !text.contains("\n") {
            let data = output.fileHandleForReading.availableData
            if data.isEmpty {
                process.waitForExit()
                throw SinkError("smtp-sink.py exited with status \(process.terminationStatus) before it was ready")
            }
            text += String(decoding: data, as: UTF8.self)
        }
        let words = text.split(separator: "\n")[0].split(separator: " ")
        guard words.count == 3, words[0] == "READY", let port = Int(words[1]) else {
            process.terminate()
            throw SinkError("unexpected output from smtp-sink.py: \(text)")
        }
        return SMTPSink(
            port: port, directory: directory, certificatePath: words[2] == "-" ? nil : String(words[2]),
            process: process, input: input)
    }

    /// Stops the server (SIGTERM, then SIGKILL after 3 s) and deletes its folder.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitForExit()
        try? FileManager.default.removeItem(at: directory)
    }

    /// How many connections the server's idle timeout has ended so far.
    func idleClosures() throws -> Int {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("idle-closed-") }.count
    }

    /// Every message stored so far, in the order the server accepted them.
    func messages() throws -> [ReceivedMail] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        let numbers = names.compactMap { name -> Int? in
            name.hasSuffix(".json") ? Int(name.dropLast(5)) : nil
        }.sorted()
        return try numbers.map { number in
            let json = try Data(contentsOf: directory.appendingPathComponent("\(number).json"))
            var mail = try JSONDecoder().decode(ReceivedMail.self, from: json)
            mail.raw = try Data(contentsOf: directory.appendingPathComponent("\(number).eml"))
            return mail
        }
    }
}

/// Runs `body` with a fresh sink, stopping it afterwards whatever happens.
func withSMTPSink<T>(_ options: SMTPSink.Options = .init(), _ body: (SMTPSink) async throws -> T) async throws -> T {
    let sink = try SMTPSink.start(options)
    do {
        let result = try await body(sink)
        sink.stop()
        return result
    } catch {
        sink.stop()
        throw error
    }
}

/// One message as the sink stored it.
struct ReceivedMail: Decodable {
    struct Part: Decodable {
        var contentType: String
        var charset: String?
        var transferEncoding: String?
        var text: String

        enum CodingKeys: String, CodingKey {
            case contentType = "content_type", charset, transferEncoding = "transfer_encoding", text
        }
    }

    var mailFrom: String
    var rcptTos: [String]
    var mailOptions: [String]
    var peerPort: Int?
    var tls: Bool
    var authUser: String?
    var authMechanism: String?
    var pipelined: Bool
    var headers: [[String]]
    var subject: String
    var contentType: String
    var parts: [Part]
    /// The bytes as received (after dot-unstuffing); filled in by ``SMTPSink/messages()``.
    var raw = Data()

    /// The first header with this name (case-insensitive), decoded.
    func header(_ name: String) -> String? {
        headers.first { $0.first?.lowercased() == name.lowercased() }?.last
    }

    enum CodingKeys: String, CodingKey {
        case mailFrom = "mail_from", rcptTos = "rcpt_tos", mailOptions = "mail_options", peerPort = "peer_port"
        case tls, authUser = "auth_user", authMechanism = "auth_mechanism", pipelined, headers, subject, contentType =
            "content_type", parts
    }
}

struct SinkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
