/// Where demo customers live: a time zone, a locale, the names and cities that go with it,
/// and how their phone numbers look.
///
/// The shop is a coffee roaster in Portland, Oregon, that ships worldwide; its café
/// customers (point-of-sale orders) live in the Pacific region.
struct DemoRegion: Sendable {
    enum PhoneStyle: Sendable {
        /// No phone number recorded.
        case none
        /// NANP fictional numbers, +1 AAA 555-01XX.
        case northAmerica
        /// Ofcom's drama range, +44 7700 900XXX.
        case unitedKingdom
        /// ARCEP's fiction range, +33 6 39 98 XX XX.
        case france
    }

    let zone: DemoTimeZone
    /// Share of customers, in percent.
    let weight: Double
    /// Locales with their shares.
    let locales: [(String, Double)]
    let firstNames: [DemoName]
    let lastNames: [DemoName]
    let cities: [String]
    let phone: PhoneStyle
    /// Probability that a customer gave a phone number.
    let phoneShare: Double
    /// Shipped from the United States to a United States address.
    let domestic: Bool
    /// Customers who also visit the café.
    let local: Bool
    /// Telephone area codes for `.northAmerica`.
    let areaCodes: [Int]

    static let all: [DemoRegion] = [
        DemoRegion(
            zone: DemoTimeZone(identifier: "America/New_York", standardOffset: -5 * 3600, rule: .unitedStates),
            weight: 27, locales: [("en-US", 0.93), ("es-US", 0.07)], firstNames: DemoNames.americanFirst,
            lastNames: DemoNames.americanLast,
            cities: ["New York, NY", "Brooklyn, NY", "Boston, MA", "Philadelphia, PA", "Atlanta, GA", "Miami, FL",
                     "Washington, DC", "Charlotte, NC"],
            phone: .northAmerica, phoneShare: 0.55, domestic: true, local: false,
            areaCodes: [212, 646, 718, 617, 215, 404, 305, 202, 704]),
        DemoRegion(
            zone: DemoTimeZone(identifier: "America/Chicago", standardOffset: -6 * 3600, rule: .unitedStates),
            weight: 15, locales: [("en-US", 0.92), ("es-US", 0.08)], firstNames: DemoNames.americanFirst,
            lastNames: DemoNames.americanLast,
            cities: ["Chicago, IL", "Austin, TX", "Houston, TX", "Minneapolis, MN", "Nashville, TN", "Madison, WI"],
            phone: .northAmerica, phoneShare: 0.55, domestic: true, local: false,
            areaCodes: [312, 773, 512, 713, 612, 615, 608]),
        DemoRegion(
            zone: DemoTimeZone(identifier: "America/Denver", standardOffset: -7 * 3600, rule: .unitedStates),
            weight: 5, locales: [("en-US", 1)], firstNames: DemoNames.americanFirst,
            lastNames: DemoNames.americanLast, cities: ["Denver, CO", "Boulder, CO", "Salt Lake City, UT", "Boise, ID"],
            phone: .northAmerica, phoneShare: 0.55, domestic: true, local: false, areaCodes: [303, 720, 801, 208]),
        DemoRegion(
            zone: DemoTimeZone(identifier: "America/Los_Angeles", standardOffset: -8 * 3600, rule: .unitedStates),
            weight: 19, locales: [("en-US", 0.9), ("es-US", 0.1)], firstNames: DemoNames.americanFirst,
            lastNames: DemoNames.americanLast,
            cities: ["Portland, OR", "Portland, OR", "Seattle, WA", "San Francisco, CA", "Los Angeles, CA",
                     "Oakland, CA", "San Diego, CA", "Eugene, OR"],
            phone: .northAmerica, phoneShare: 0.6, domestic: true, local: true,
            areaCodes: [503, 971, 206, 415, 213, 510, 619, 541]),
        DemoRegion(
            zone: DemoTimeZone(identifier: "America/Toronto", standardOffset: -5 * 3600, rule: .unitedStates),
            weight: 4, locales: [("en-CA", 0.8), ("fr-CA", 0.2)], firstNames: DemoNames.americanFirst,
            lastNames: DemoNames.americanLast, cities: ["Toronto, ON", "Montreal, QC", "Ottawa, ON"],
            phone: .northAmerica, phoneShare: 0.4, domestic: false, local: false, areaCodes: [416, 514, 613]),
        DemoRegion(
            zone: DemoTimeZone(identifier: "Europe/London", standardOffset: 0, rule: .europe),
            weight: 11, locales: [("en-GB", 1)], firstNames: DemoNames.britishFirst, lastNames: DemoNames.britishLast,
            cities: ["London, GB", "Manchester, GB", "Bristol, GB", "Edinburgh, GB", "Leeds, GB"],
            phone: .unitedKingdom, phoneShare: 0.45, domestic: false, local: false, areaCodes: []),
        DemoRegion(
            zone: DemoTimeZone(identifier: "Europe/Paris", standardOffset: 3600, rule: .europe),
            weight: 6, locales: [("fr-FR", 1)], firstNames: DemoNames.frenchFirst, lastNames: DemoNames.frenchLast,
            cities: ["Paris, FR", "Lyon, FR", "Bordeaux, FR", "Nantes, FR"],
            phone: .france, phoneShare: 0.4, domestic: false, local: false, areaCodes: []),
        DemoRegion(
            zone: DemoTimeZone(identifier: "Europe/Berlin", standardOffset: 3600, rule: .europe),
            weight: 5, locales: [("de-DE", 1)], firstNames: DemoNames.germanFirst, lastNames: DemoNames.germanLast,
            cities: ["Berlin, DE", "Hamburg, DE", "Munich, DE", "Cologne, DE"],
            phone: .none, phoneShare: 0, domestic: false, local: false, areaCodes: []),
        DemoRegion(
            zone: DemoTimeZone(identifier: "Asia/Tokyo", standardOffset: 9 * 3600, rule: .none),
            weight: 4, locales: [("ja-JP", 1)], firstNames: DemoNames.japaneseFirst,
            lastNames: DemoNames.japaneseLast, cities: ["Tokyo, JP", "Osaka, JP", "Yokohama, JP", "Kyoto, JP"],
            phone: .none, phoneShare: 0, domestic: false, local: false, areaCodes: []),
        DemoRegion(
            zone: DemoTimeZone(identifier: "Australia/Sydney", standardOffset: 10 * 3600, rule: .southEastAustralia),
            weight: 4, locales: [("en-AU", 1)], firstNames: DemoNames.britishFirst, lastNames: DemoNames.americanLast,
            cities: ["Sydney, AU", "Melbourne, AU", "Brisbane, AU"],
            phone: .none, phoneShare: 0, domestic: false, local: false, areaCodes: []),
    ]

    static let weights = DemoWeights(all.map(\.weight))

    /// The roastery's time zone: labels are printed during its business hours.
    static let warehouse = DemoTimeZone(
        identifier: "America/Los_Angeles", standardOffset: -8 * 3600, rule: .unitedStates)
    static let warehouseLocation = "Portland, OR"
}

/// A name with its ASCII form for e-mail addresses ("Chloé" -> "chloe", "Müller" -> "mueller").
struct DemoName: Sendable {
    let display: String
    let ascii: String

    init(_ display: String) {
        self.display = display
        var out = ""
        for scalar in display.lowercased().unicodeScalars {
            switch scalar {
            case "é", "è", "ê", "ë": out += "e"
            case "à", "â": out += "a"
            case "ä": out += "ae"
            case "ö": out += "oe"
            case "ü": out += "ue"
            case "ï", "î": out += "i"
            case "ô": out += "o"
            case "ç": out += "c"
            case "ß": out += "ss"
            case "'", " ": break
            default: out.unicodeScalars.append(scalar)
            }
        }
        ascii = out
    }
}
