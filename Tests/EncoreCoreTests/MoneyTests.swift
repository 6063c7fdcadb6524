import Testing

@testable import EncoreCore


@Suite struct CurrencyTests {
    @Test(arguments: [
        ("USD", 2), ("EUR", 2), ("GBP", 2), ("JPY", 0), ("KRW", 0), ("CLP", 0), ("KWD", 3), ("BHD", 3),
        ("TND", 3), ("CLF", 4), ("UYW", 4),
    ])
    func knownCodesHaveTheirExponent(code: String, exponent: Int) throws {
        let currency = try #require(Currency(code: code))
        #expect(currency.code == code)
        #expect(currency.exponent == exponent)
        #expect(currency.description == code)
    }

    @Test func lookupIsCaseInsensitiveAndStoresUpperCase() throws {
        let lower = try #require(Currency(code: "usd"))
        #expect(lower.code == "USD")
        #expect(lower == .usd)
        let mixed = try #require(Currency(code: "Jpy"))
        #expect(mixed == .jpy)
        #expect(mixed.exponent == 0)
        #expect(Currency(code: "kWd") == .kwd)
    }

    @Test(arguments: ["", "US", "USDD", "XXX", "ABC", "XAU", "XDR", "usd ", " USD", "€", "12$"])
    func unknownCodesAreRejected(code: String) {
        #expect(Currency(code: code) == nil)
    }

    @Test func staticCurrencies() {
        #expect(Currency.usd.code == "USD" && Currency.usd.exponent == 2)
        #expect(Currency.eur.code == "EUR" && Currency.eur.exponent == 2)
        #expect(Currency.jpy.code == "JPY" && Currency.jpy.exponent == 0)
        #expect(Currency.kwd.code == "KWD" && Currency.kwd.exponent == 3)
    }

    @Test func minorUnitsPerMajor() throws {
        #expect(Currency.jpy.minorUnitsPerMajor == 1)
        #expect(Currency.usd.minorUnitsPerMajor == 100)
        #expect(Currency.kwd.minorUnitsPerMajor == 1000)
        #expect(try #require(Currency(code: "CLF")).minorUnitsPerMajor == 10000)
    }

    @Test func everyTableEntryIsAThreeLetterUpperCaseCodeWithExponentInRange() {
        #expect(Currency.exponents.count > 150)
        for (code, exponent) in Currency.exponents {
            #expect(code.count == 3 && code.allSatisfy { $0.isASCII && $0.isUppercase }, "code \(code)")
            #expect((0...4).contains(exponent), "code \(code)")
            #expect(Currency(code: code)?.exponent == exponent, "code \(code)")
        }
    }
}

@Suite struct MoneyFormatTests {
    @Test(arguments: [
        (Int64(1234), 2, "12.34"), (-1234, 2, "-12.34"), (0, 2, "0.00"), (5, 2, "0.05"), (-5, 2, "-0.05"),
        (50, 2, "0.50"), (99, 2, "0.99"), (100, 2, "1.00"), (-100, 2, "-1.00"), (1230, 2, "12.30"),
        (1200, 0, "1200"), (0, 0, "0"), (-7, 0, "-7"), (7, 0, "7"),
        (1250, 3, "1.250"), (5, 3, "0.005"), (-5, 3, "-0.005"), (0, 3, "0.000"), (1000, 3, "1.000"),
        (1, 4, "0.0001"), (12345, 4, "1.2345"), (-10000, 4, "-1.0000"), (0, 4, "0.0000"),
        (Int64.max, 2, "92233720368547758.07"), (Int64.min, 2, "-92233720368547758.08"),
        (Int64.max, 0, "9223372036854775807"), (Int64.min, 0, "-9223372036854775808"),
        (Int64.max, 4, "922337203685477.5807"),
    ])
    func format(minorUnits: Int64, exponent: Int, expected: String) {
        #expect(Money.format(minorUnits: minorUnits, exponent: exponent) == expected)
    }

    @Test func decimalStringAndDescriptionUseTheCurrencyExponent() {
        #expect(Money(minorUnits: 1230, currency: .usd).decimalString == "12.30")
        #expect(Money(minorUnits: 1230, currency: .usd).description == "12.30 USD")
        #expect(Money(minorUnits: 1200, currency: .jpy).description == "1200 JPY")
        #expect(Money(minorUnits: 1250, currency: .kwd).description == "1.250 KWD")
        #expect(Money(minorUnits: -5, currency: .eur).description == "-0.05 EUR")
        #expect(Money.zero(.kwd) == Money(minorUnits: 0, currency: .kwd))
        #expect(Money.zero(.usd).decimalString == "0.00")
    }

    @Test func addingChecksCurrencyAndOverflow() {
        let a = Money(minorUnits: 150, currency: .usd)
        #expect(a.adding(Money(minorUnits: 275, currency: .usd)) == Money(minorUnits: 425, currency: .usd))
        #expect(a.adding(Money(minorUnits: -200, currency: .usd)) == Money(minorUnits: -50, currency: .usd))
        #expect(a.adding(Money(minorUnits: 1, currency: .eur)) == nil)
        #expect(Money(minorUnits: Int64.max, currency: .usd).adding(Money(minorUnits: 1, currency: .usd)) == nil)
        #expect(Money(minorUnits: Int64.min, currency: .jpy).adding(Money(minorUnits: -1, currency: .jpy)) == nil)
        #expect(
            Money(minorUnits: Int64.max - 1, currency: .usd).adding(Money(minorUnits: 1, currency: .usd))?.minorUnits
                == Int64.max)
    }
}

@Suite struct DecimalAmountTests {
    func parse(_ text: String, _ exponent: Int = 2, allowNegative: Bool = false) -> Result<Int64, AmountError> {
        DecimalAmount.parse(text, exponent: exponent, allowNegative: allowNegative)
    }

    @Test(arguments: [
        ("12.34", 2, Int64(1234)), ("12", 2, 1200), ("12.3", 2, 1230), ("0.05", 2, 5), ("0", 2, 0),
        ("007.50", 2, 750), ("+5", 2, 500), ("+0.01", 2, 1),
        // A missing whole part or a missing fraction after the dot are accepted.
        (".5", 2, 50), ("5.", 2, 500), (".05", 2, 5),
        // Trailing zeros beyond the exponent are not significant.
        ("12.300", 2, 1230), ("12.30000000", 2, 1230), ("1200.0", 0, 1200), ("12.", 0, 12), ("1.2500", 3, 1250),
        ("1200", 0, 1200), ("1.250", 3, 1250), ("0.0001", 4, 1), ("3", 4, 30000),
        // Surrounding spaces, tabs and line ends are trimmed.
        ("  12.34 ", 2, 1234), ("\t7\r\n", 0, 7),
        // A negative zero is zero, even when negatives are not allowed.
        ("-0", 2, 0), ("-0.00", 2, 0), ("-.0", 2, 0),
    ])
    func accepts(text: String, exponent: Int, expected: Int64) {
        #expect(parse(text, exponent) == .success(expected))
    }

    @Test func tooManyDecimalsIsAnErrorNeverARounding() {
        #expect(parse("12.345") == .failure(.tooManyDecimals("12.345", allowed: 2)))
        #expect(parse("0.001") == .failure(.tooManyDecimals("0.001", allowed: 2)))
        #expect(parse("12.3450") == .failure(.tooManyDecimals("12.3450", allowed: 2)))
        #expect(parse("12.5", 0) == .failure(.tooManyDecimals("12.5", allowed: 0)))
        #expect(parse("1.2345", 3) == .failure(.tooManyDecimals("1.2345", allowed: 3)))
        #expect(parse("0.00001", 4) == .failure(.tooManyDecimals("0.00001", allowed: 4)))
        // The error quotes the trimmed text.
        #expect(parse(" 1.234 ") == .failure(.tooManyDecimals("1.234", allowed: 2)))
    }

    @Test func negativesNeedPermission() {
        #expect(parse("-1") == .failure(.negative("-1")))
        #expect(parse("-0.01") == .failure(.negative("-0.01")))
        #expect(parse("-1", allowNegative: true) == .success(-100))
        #expect(parse("-12.34", allowNegative: true) == .success(-1234))
        #expect(parse("-1200", 0, allowNegative: true) == .success(-1200))
        #expect(parse("-.5", allowNegative: true) == .success(-50))
        // Too many decimals is reported before the sign.
        #expect(parse("-1.234") == .failure(.tooManyDecimals("-1.234", allowed: 2)))
    }

    @Test(arguments: [
        "1e5", "1E5", "1,000", "1,5", "abc", "12a", "a12", "1.2.3", "..5", ".", "-", "+", "--1", "+-1", "-+1", "1-",
        "1 000", "0x10", "12.34.", "$12", "12$", "½", "١٢", "NaN", "inf", "- 1", "1..0",
    ])
    func rejectsWhatIsNotAPlainDecimal(text: String) {
        #expect(parse(text) == .failure(.notADecimal(text)))
    }

    @Test func emptyAndBlankAreEmpty() {
        #expect(parse("") == .failure(.empty))
        #expect(parse("   ") == .failure(.empty))
        #expect(parse("\t\r\n") == .failure(.empty))
    }

    @Test func int64Boundary() {
        // Exactly Int64.max minor units is accepted; one more overflows.
        #expect(parse("92233720368547758.07") == .success(Int64.max))
        #expect(parse("92233720368547758.08") == .failure(.overflow("92233720368547758.08")))
        #expect(parse("9223372036854775807", 0) == .success(Int64.max))
        #expect(parse("9223372036854775808", 0) == .failure(.overflow("9223372036854775808")))
        #expect(parse("922337203685477.5807", 4) == .success(Int64.max))
        #expect(parse("922337203685477.5808", 4) == .failure(.overflow("922337203685477.5808")))
        #expect(parse("9223372036854775.807", 3) == .success(Int64.max))
        #expect(parse("9223372036854775.808", 3) == .failure(.overflow("9223372036854775.808")))
        #expect(parse("-92233720368547758.07", allowNegative: true) == .success(-Int64.max))
        #expect(parse("99999999999999999999999999", 0) == .failure(.overflow("99999999999999999999999999")))
        // The exponent's padding can be what overflows: 92233720368547759 has 17 digits, 19 with cents.
        #expect(parse("92233720368547759") == .failure(.overflow("92233720368547759")))
        #expect(parse("92233720368547758") == .success(9_223_372_036_854_775_800))
        // Leading zeros do not count towards overflow.
        #expect(parse("0000000000000000000000001", 0) == .success(1))
    }

    @Test func errorDescriptions() {
        #expect(AmountError.empty.description == "is empty")
        #expect(AmountError.notADecimal("x").description == "'x' is not a decimal amount")
        #expect(
            AmountError.tooManyDecimals("1.234", allowed: 2).description
                == "'1.234' has more than 2 decimal places for its currency")
        #expect(
            AmountError.tooManyDecimals("1.5", allowed: 1).description
                == "'1.5' has more than 1 decimal place for its currency")
        #expect(AmountError.overflow("9").description == "'9' is too large")
        #expect(AmountError.negative("-1").description == "'-1' must not be negative")
    }

    @Test func roundTripOfEdgeValues() {
        let values: [Int64] = [
            0, 1, -1, 9, 10, 99, 100, 101, -100, 999_999, 1_000_000, Int64.max, Int64.max - 1, Int64.min + 1,
            Int64.min + 2,
        ]
        for exponent in 0...4 {
            for value in values {
                let text = Money.format(minorUnits: value, exponent: exponent)
                #expect(
                    DecimalAmount.parse(text, exponent: exponent, allowNegative: true) == .success(value),
                    "value \(value), exponent \(exponent), text \(text)")
            }
        }
    }

    /// parse(format(x)) == x for random values of every magnitude and every exponent.
    @Test(arguments: [UInt64(1), 42, 20_240_229])
    func roundTripProperty(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        var failures: [String] = []
        for iteration in 0..<4000 {
            // Int64.min itself is left out: its magnitude does not fit an Int64 (see the report).
            let value: Int64
            switch iteration % 4 {
            case 0: value = Int64.random(in: (Int64.min + 1)...Int64.max, using: &generator)
            case 1: value = Int64.random(in: -1_000_000...1_000_000, using: &generator)
            case 2: value = Int64.random(in: -1000...1000, using: &generator)
            default:
                // Uniform in the number of digits.
                let digits = Int.random(in: 0...18, using: &generator)
                var bound: Int64 = 1
                for _ in 0..<digits { bound *= 10 }
                value = Int64.random(in: -bound...bound, using: &generator)
            }
            let exponent = Int.random(in: 0...4, using: &generator)
            let text = Money.format(minorUnits: value, exponent: exponent)
            let parsed = DecimalAmount.parse(text, exponent: exponent, allowNegative: true)
            if parsed != .success(value) {
                failures.append("value \(value) exponent \(exponent) text \(text) parsed \(parsed)")
            }
            if value >= 0, DecimalAmount.parse(text, exponent: exponent) != .success(value) {
                failures.append("non-negative value \(value) exponent \(exponent) rejected without allowNegative")
            }
            // The formatted text always has exactly `exponent` decimals.
            let decimals = text.split(separator: ".", omittingEmptySubsequences: false).dropFirst().first?.count ?? 0
            if decimals != exponent { failures.append("\(text) has \(decimals) decimals, expected \(exponent)") }
        }
        #expect(failures.isEmpty, "seed \(seed): \(failures.prefix(10))")
    }
}
