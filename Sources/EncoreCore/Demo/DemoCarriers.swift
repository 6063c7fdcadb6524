/// The carriers the roastery ships with, their transit times and tracking number formats.
enum DemoCarrier: Int, CaseIterable, Sendable {
    case usps, ups, fedex, dhl

    var name: String {
        switch self {
        case .usps: return "USPS"
        case .ups: return "UPS"
        case .fedex: return "FedEx"
        case .dhl: return "DHL"
        }
    }

    /// Shares within the US: USPS 40%, UPS 35%, FedEx 25%. Abroad: DHL 60%, UPS and FedEx 20%.
    static let domesticWeights = DemoWeights([40, 35, 25, 0])
    static let internationalWeights = DemoWeights([0, 20, 20, 60])

    /// The promised transit time in days, from label to delivery.
    func transitDays(domestic: Bool) -> ClosedRange<Int> {
        switch (self, domestic) {
        case (.usps, _): return 3...5
        case (.ups, true): return 2...5
        case (.fedex, true): return 2...4
        case (.ups, false): return 3...6
        case (.fedex, false): return 3...5
        case (.dhl, _): return 4...6
        }
    }

    /// The sorting hub a parcel passes through.
    var hub: String {
        switch self {
        case .usps: return "Portland, OR Distribution Center"
        case .ups: return "Louisville, KY"
        case .fedex: return "Memphis, TN"
        case .dhl: return "Cincinnati, OH"
        }
    }

    /// A tracking number in the carrier's format, unique through the shipment's sequence number.
    func trackingNumber(sequence: Int, random: inout DemoRandom) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(24)
        switch self {
        case .ups:  // 1Z, shipper account, service code, package number, check digit: 18 characters
            bytes.append(contentsOf: "1Z8V4E2903".utf8)
            DemoKeys.appendDigits(sequence % 10_000_000, width: 7, to: &bytes)
            DemoKeys.randomDigits(1, using: &random, into: &bytes)
        case .usps:  // 22 digits
            bytes.append(contentsOf: "9400111".utf8)
            DemoKeys.randomDigits(8, using: &random, into: &bytes)
            DemoKeys.appendDigits(sequence % 10_000_000, width: 7, to: &bytes)
        case .fedex:  // 12 digits
            bytes.append(contentsOf: "77".utf8)
            DemoKeys.randomDigits(3, using: &random, into: &bytes)
            DemoKeys.appendDigits(sequence % 10_000_000, width: 7, to: &bytes)
        case .dhl:  // 10 digits
            DemoKeys.randomDigits(3, using: &random, into: &bytes)
            DemoKeys.appendDigits(sequence % 10_000_000, width: 7, to: &bytes)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static let exceptionMessages = [
        "Severe weather delay", "Address information required", "Package damaged in transit",
        "Incorrect address: contacting recipient",
    ]
    static let customsMessage = "Held at customs"
    static let deliveredMessages = [
        "Delivered, front door", "Delivered, front door", "Delivered, mailbox", "Delivered, left with neighbour",
        "Delivered, signed for by recipient", "Delivered to parcel locker",
    ]
}
