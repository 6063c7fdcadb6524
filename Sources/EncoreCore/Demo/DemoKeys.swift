/// Fast building of the demo's ids ("demo-o000042") and digit strings, without `String(format:)`.
enum DemoKeys {
    /// `prefix` followed by `number` zero-padded to at least `width` digits.
    static func make(_ prefix: String, _ number: Int, width: Int) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(prefix.utf8.count + max(width, 20))
        digits.append(contentsOf: prefix.utf8)
        appendDigits(number, width: width, to: &digits)
        return String(decoding: digits, as: UTF8.self)
    }

    /// Appends `number` in decimal, zero-padded to `width` digits.
    static func appendDigits(_ number: Int, width: Int, to bytes: inout [UInt8]) {
        var value = number.magnitude
        var buffer: [UInt8] = []
        repeat {
            buffer.append(UInt8(48 + value % 10))
            value /= 10
        } while value > 0
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        if buffer.count < width { bytes.append(contentsOf: repeatElement(UInt8(48), count: width - buffer.count)) }
        bytes.append(contentsOf: buffer.reversed())
    }

    /// `count` random decimal digits.
    static func randomDigits(_ count: Int, using random: inout DemoRandom, into bytes: inout [UInt8]) {
        for _ in 0..<count { bytes.append(UInt8(48 + random.int(below: 10))) }
    }
}
