/// Where a branch, split or timeout continues: another step by id, the next step, or the end.
public enum GotoTarget: Hashable, Sendable, CustomStringConvertible {
    case next
    case exit
    case step(String)

    /// Reads a file's `goto` value: "next", "exit" or a step id.
    public init(_ text: String) {
        switch text {
        case "next": self = .next
        case "exit": self = .exit
        default: self = .step(text)
        }
    }

    /// The text form, as written in a file.
    public var description: String {
        switch self {
        case .next: "next"
        case .exit: "exit"
        case .step(let id): id
        }
    }
}

extension GotoTarget: Codable {
    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
