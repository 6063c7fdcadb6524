/// The stages of the post-purchase journey, in the order a customer lives them.
public enum JourneyStage: String, Sendable, Hashable, CaseIterable, Comparable {
    case purchase
    /// The first 48 hours after the order: thanks and the "wow" moment.
    case wow
    case fulfilment
    case onboarding
    case followUp = "follow_up"
    case loyalty
    case repurchase
    case advocacy

    public static func < (a: JourneyStage, b: JourneyStage) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One customer meeting one touchpoint: a message, a page or an event.
public struct TouchpointVisit: Sendable, Hashable {
    public var customerKey: String
    public var stage: JourneyStage
    /// "message:win-back/hello-again", "event:shipment.delivered", "survey:nps", "order", ...
    public var touchpoint: String
    /// email, sms, webhook, web, event.
    public var channel: String

    public init(customerKey: String, stage: JourneyStage, touchpoint: String, channel: String) {
        self.customerKey = customerKey
        self.stage = stage
        self.touchpoint = touchpoint
        self.channel = channel
    }
}

/// Feedback given at a touchpoint: a score normalised to [-1, 1] (NPS (s − 5)/5, CSAT and stars
/// (s − 3)/2) and the text that came with it, if any.
public struct TouchpointFeedback: Sendable, Hashable {
    public var customerKey: String
    public var stage: JourneyStage
    public var touchpoint: String
    public var score: Double
    public var text: String?

    public init(customerKey: String, stage: JourneyStage, touchpoint: String, score: Double, text: String? = nil) {
        self.customerKey = customerKey
        self.stage = stage
        self.touchpoint = touchpoint
        self.score = score
        self.text = text
    }

    /// NPS 0-10 as a feedback score.
    public static func nps(_ s: Int) -> Double { (Double(s) - 5) / 5 }
    /// CSAT or stars 1-5 as a feedback score.
    public static func fivePoint(_ s: Int) -> Double { (Double(s) - 3) / 2 }
}

/// An NPS answer about an order, with whether the order's delivery was late (delivered after its
/// estimate, or flagged late).
public struct DeliveryAnswer: Sendable, Hashable {
    public var score: Int
    public var late: Bool
    public init(score: Int, late: Bool) {
        self.score = score
        self.late = late
    }
}

/// A journey's verdict against its holdout, for the map's opportunities.
public struct JourneyVerdict: Sendable, Hashable {
    public var journeyID: String
    public var name: String
    public var entered: Int
    public var significant: Bool
    public init(journeyID: String, name: String, entered: Int, significant: Bool) {
        self.journeyID = journeyID
        self.name = name
        self.entered = entered
        self.significant = significant
    }
}
