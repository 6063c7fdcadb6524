/// A strict, allocation-light ISO 8601 / RFC 3339 parser and formatter for UTC timestamps.
///
/// Parses "2024-03-01T12:30:00Z", "2024-03-01T12:30:00.123+02:00", "2024-03-01 12:30:00 -0500"
/// (Shopify's export style) and a bare date "2024-03-01" (midnight UTC). Foundation's
/// formatters are slow and allocate; imports parse millions of these.
public enum ISO8601 {
    /// Days from 1970-01-01 to the given civil date (proleptic Gregorian).
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    /// The civil date of a day count from 1970-01-01.
    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses a date or date-time; nil when the text is not a valid one.
    public static func parse(_ text: String) -> Timestamp? {
        var text = text
        return text.withUTF8 { parse(bytes: $0) }
    }

    /// Parses from UTF-8 bytes; see `parse(_:)`.
    public static func parse(bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        var i = 0
        let n = bytes.count
        func number(_ count: Int) -> Int? {
            guard i + count <= n else { return nil }
            var value = 0
            for k in 0..<count {
                let b = bytes[i + k]
                guard b >= 48 && b <= 57 else { return nil }
                value = value * 10 + Int(b - 48)
            }
            i += count
            return value
        }
        func expect(_ byte: UInt8) -> Bool {
            guard i < n, bytes[i] == byte else { return false }
            i += 1
            return true
        }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2) else {
            return nil
        }
        guard (1...12).contains(month), day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        var seconds = daysFromCivil(year: year, month: month, day: day) * 86400
        var millis = 0
        if i == n { return Timestamp(millisecondsSinceEpoch: Int64(seconds) * 1000) }
        guard bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: "t") || bytes[i] == 32 else { return nil }
        i += 1
        guard let hour = number(2), expect(58), let minute = number(2) else { return nil }
        var second = 0
        if expect(58) {
            guard let s = number(2) else { return nil }
            second = s
        }
        guard hour < 24, minute < 60, second < 61 else { return nil }
        seconds += hour * 3600 + minute * 60 + min(second, 59)
        if i < n, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
            i += 1
            var digits = 0
            while i < n, bytes[i] >= 48, bytes[i] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(bytes[i] - 48) }
                digits += 1
                i += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 3) { millis *= 10 }
        }
        if i < n, bytes[i] == 32 { i += 1 }
        guard i < n else { return nil }  // a date-time needs an offset: local times are ambiguous
        if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") {
            i += 1
        } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
            let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
            i += 1
            guard let oh = number(2) else { return nil }
            _ = expect(58)
            guard let om = number(2), oh < 24, om < 60 else { return nil }
            seconds -= sign * (oh * 3600 + om * 60)
        } else {
            return nil
        }
        guard i == n else { return nil }
        return Timestamp(millisecondsSinceEpoch: Int64(seconds) * 1000 + Int64(millis))
    }

    /// Formats as "YYYY-MM-DDTHH:MM:SS.mmmZ".
    public static func format(_ timestamp: Timestamp) -> String {
        let ms = timestamp.millisecondsSinceEpoch
        var days = Int(ms / 86_400_000)
        var rest = Int(ms % 86_400_000)
        if rest < 0 {
            rest += 86_400_000
            days -= 1
        }
        let (y, m, d) = civilFromDays(days)
        func pad(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        let h = rest / 3_600_000
        let mi = rest / 60_000 % 60
        let s = rest / 1000 % 60
        let milli = rest % 1000
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(h, 2)):\(pad(mi, 2)):\(pad(s, 2)).\(pad(milli, 3))Z"
    }
}
