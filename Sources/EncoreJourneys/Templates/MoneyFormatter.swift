import EncoreCore

/// Formats money for people, the same way on every machine: the currency's own number of
/// decimals (its ISO 4217 exponent), comma thousands separators, and a symbol for the common
/// currencies (`$1,234.50`, `€9.00`, `¥1,235`) or the code after the amount for the rest
/// (`1.234 KWD`, `12.50 CHF`). No locale data is read, so a test, a preview and a sent email
/// always agree.
public enum MoneyFormatter {
    /// The amount as a customer reads it: "$1,234.50", "-$5.00", "¥1,235", "1.234 KWD".
    public static func format(_ money: Money) -> String {
        let negative = money.minorUnits < 0
        let number = grouped(Money.format(minorUnits: money.minorUnits, exponent: money.currency.exponent))
        let sign = negative ? "-" : ""
        if let symbol = symbols[money.currency.code] {
            return sign + symbol + number
        }
        return sign + number + " " + money.currency.code
    }

    /// Inserts commas every three digits of the integer part of an unsigned decimal string
    /// (a leading "-" is dropped: the caller places the sign before the symbol).
    static func grouped(_ decimal: String) -> String {
        let unsigned = decimal.hasPrefix("-") ? String(decimal.dropFirst()) : decimal
        let parts = unsigned.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integer = Array(parts[0])
        var out = ""
        for (index, digit) in integer.enumerated() {
            if index > 0 && (integer.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        if parts.count == 2 { out += "." + parts[1] }
        return out
    }

    /// Symbols written before the amount. Ambiguous dollar and yen currencies other than the
    /// most common one carry a prefix so a customer never mistakes one for another.
    static let symbols: [String: String] = [
        "USD": "$", "EUR": "€", "GBP": "£", "JPY": "¥", "INR": "₹", "KRW": "₩", "ILS": "₪",
        "NGN": "₦", "PHP": "₱", "VND": "₫", "UAH": "₴", "TRY": "₺", "PLN": "zł ",
        "CAD": "CA$", "AUD": "A$", "NZD": "NZ$", "HKD": "HK$", "SGD": "S$", "MXN": "MX$",
        "BRL": "R$", "CNY": "CN¥", "TWD": "NT$",
    ]
}
