/// One step of a journey: an id (written, or generated `step-N`) and what it does.
public struct JourneyStep: Hashable, Sendable {
    /// What a step does.
    public enum Kind: Hashable, Sendable {
        case send(SendStep)
        case wait(WaitStep)
        case waitFor(WaitForStep)
        case branch(BranchStep)
        case split([SplitArm])
        /// Add a tag to the customer.
        case update(tag: String)
        case webhook(WebhookStep)
        case exit
    }

    public var id: String
    public var kind: Kind

    public init(id: String, kind: Kind) {
        self.id = id
        self.kind = kind
    }

    /// Whether the step pauses the instance (`wait`, `wait_for`): a loop must pass one.
    public var pauses: Bool {
        switch kind {
        case .wait, .waitFor: true
        default: false
        }
    }
}

extension JourneyStep: Codable {
    /// Stored as `{"id": ..., "<type>": ...}`, mirroring the file.
    private enum CodingKeys: String, CodingKey {
        case id, send, wait, waitFor = "wait_for", branch, split, update, webhook, exit
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        if let send = try container.decodeIfPresent(SendStep.self, forKey: .send) {
            kind = .send(send)
        } else if let wait = try container.decodeIfPresent(WaitStep.self, forKey: .wait) {
            kind = .wait(wait)
        } else if let waitFor = try container.decodeIfPresent(WaitForStep.self, forKey: .waitFor) {
            kind = .waitFor(waitFor)
        } else if let branch = try container.decodeIfPresent(BranchStep.self, forKey: .branch) {
            kind = .branch(branch)
        } else if let arms = try container.decodeIfPresent([SplitArm].self, forKey: .split) {
            kind = .split(arms)
        } else if let tag = try container.decodeIfPresent(String.self, forKey: .update) {
            kind = .update(tag: tag)
        } else if let webhook = try container.decodeIfPresent(WebhookStep.self, forKey: .webhook) {
            kind = .webhook(webhook)
        } else if try container.decodeIfPresent(Bool.self, forKey: .exit) == true {
            kind = .exit
        } else {
            throw DecodingError.dataCorruptedError(forKey: .id, in: container, debugDescription: "step has no type")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        switch kind {
        case .send(let send): try container.encode(send, forKey: .send)
        case .wait(let wait): try container.encode(wait, forKey: .wait)
        case .waitFor(let waitFor): try container.encode(waitFor, forKey: .waitFor)
        case .branch(let branch): try container.encode(branch, forKey: .branch)
        case .split(let arms): try container.encode(arms, forKey: .split)
        case .update(let tag): try container.encode(tag, forKey: .update)
        case .webhook(let webhook): try container.encode(webhook, forKey: .webhook)
        case .exit: try container.encode(true, forKey: .exit)
        }
    }
}
