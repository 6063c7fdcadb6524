/// An ISO 4217 currency: its alphabetic code and the exponent of its minor unit.
///
/// The exponent says how many decimal places the minor unit has: 2 for USD (cents),
/// 0 for JPY, 3 for KWD. `Currency(code:)` only accepts codes in the ISO 4217 list,
/// so an unknown code is rejected at the edge instead of being stored.
public struct Currency: Hashable, Sendable, CustomStringConvertible {
    /// The three-letter upper-case code, e.g. "USD".
    public let code: String
    /// Number of decimal places of the minor unit (0...4).
    public let exponent: Int

    /// Looks a code up in the ISO 4217 table; returns nil for unknown codes.
    /// The lookup is case-insensitive: "usd" gives USD.
    public init?(code: String) {
        let upper = code.uppercased()
        guard let exponent = Currency.exponents[upper] else { return nil }
        self.code = upper
        self.exponent = exponent
    }

    public var description: String { code }

    public static let usd = Currency(code: "USD")!
    public static let eur = Currency(code: "EUR")!
    public static let jpy = Currency(code: "JPY")!
    public static let kwd = Currency(code: "KWD")!

    /// 10^exponent, the number of minor units in one major unit.
    public var minorUnitsPerMajor: Int64 {
        var value: Int64 = 1
        for _ in 0..<exponent { value *= 10 }
        return value
    }

    /// Active ISO 4217 codes (list 1) with their minor-unit exponents.
    /// Funds and precious metals (XAU, XDR...) have no minor unit and are left out.
    static let exponents: [String: Int] = {
        var table: [String: Int] = [:]
        let two = """
            AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD \
            CAD CDF CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD \
            GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD \
            MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP \
            PKR PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS \
            TMT TOP TRY TTD TWD TZS UAH USD UYU UZS VES VED WST XCD XCG YER ZAR ZMW ZWG
            """
        let zero = "BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF"
        let three = "BHD IQD JOD KWD LYD OMR TND"
        let four = "CLF UYW"
        for code in two.split(separator: " ") { table[String(code)] = 2 }
        for code in zero.split(separator: " ") { table[String(code)] = 0 }
        for code in three.split(separator: " ") { table[String(code)] = 3 }
        for code in four.split(separator: " ") { table[String(code)] = 4 }
        return table
    }()
}
