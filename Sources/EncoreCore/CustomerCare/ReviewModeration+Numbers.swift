/// Payment card numbers and phone numbers.
extension ModerationScan {
    /// A run of digit groups and what separates them ("", " ", "-", ") ", ...).
    struct DigitRun {
        var start: Int
        var groups: [Range<Int>]
        /// `separators[k]` lies between `groups[k]` and `groups[k + 1]`.
        var separators: [String]
    }

    static func isSeparator(_ c: Character) -> Bool { c == " " || c == "-" || c == "." || c == "(" || c == ")" }

    mutating func findNumbers() {
        var i = 0
        while i < chars.count {
            guard !claimed[i], let run = digitRun(at: i) else {
                i += 1
                continue
            }
            let end = run.groups[run.groups.count - 1].upperBound
            let bounded =
                (i == 0 || !Self.isWordCharacter(chars[i - 1]))
                && (end == chars.count || !Self.isWordCharacter(chars[end]))
            if bounded { classify(run) }
            i = end
        }
    }

    /// The run of digits starting at `index` (at a digit, or at "+" or "(" before one).
    func digitRun(at index: Int) -> DigitRun? {
        var j = index
        if chars[j] == "+" || chars[j] == "(" { j += 1 }
        guard j < chars.count, Self.isDigit(chars[j]), !claimed[j] else { return nil }
        var run = DigitRun(start: index, groups: [], separators: [])
        while true {
            let groupStart = j
            while j < chars.count && Self.isDigit(chars[j]) && !claimed[j] { j += 1 }
            run.groups.append(groupStart..<j)
            var k = j
            while k < chars.count && k - j < 3 && Self.isSeparator(chars[k]) && !claimed[k] { k += 1 }
            let separator = String(chars[j..<k])
            guard k > j, k < chars.count, Self.isDigit(chars[k]), !claimed[k], Self.isPhoneSeparator(separator)
            else { return run }
            run.separators.append(separator)
            j = k
        }
    }

    /// At most one dash or dot, one "(", one ")" and two spaces.
    static func isPhoneSeparator(_ s: String) -> Bool {
        s.filter { $0 == "-" || $0 == "." }.count <= 1 && s.filter { $0 == "(" }.count <= 1
            && s.filter { $0 == ")" }.count <= 1 && s.filter { $0 == " " }.count <= 2
    }

    mutating func classify(_ run: DigitRun) {
        if let card = cardWindow(run) {
            let range = run.groups[card.lowerBound].lowerBound..<run.groups[card.upperBound - 1].upperBound
            record(.cardNumber, range, excerpt: masked(range))
            return
        }
        var first = 0
        if isDate(run, from: 0) { first = 3 }
        guard first < run.groups.count else { return }
        let groups = run.groups[first...]
        let separators = run.separators[first...]
        let digits = groups.reduce(0) { $0 + $1.count }
        guard let head = groups.first, let tail = groups.last, (7...15).contains(digits),
            !isYearRange(run, from: first)
        else { return }
        if groups.count == 2 && separators.first == "." { return }  // a decimal number
        if separators.allSatisfy({ $0 == "." }) && groups.count >= 3 && head.count <= 3
            && groups.dropFirst().allSatisfy({ $0.count == 3 })
        {
            return  // 1.234.567, a number with thousands separators
        }
        record(.phone, (first == 0 ? run.start : head.lowerBound)..<tail.upperBound)
    }

    /// The longest window of groups joined by nothing, one space or one dash, with 13 to 19 digits
    /// passing the Luhn check and not all the same digit.
    func cardWindow(_ run: DigitRun) -> Range<Int>? {
        var best: (window: Range<Int>, digits: Int)?
        for a in run.groups.indices {
            var digits: [Int] = []
            for b in a..<run.groups.count {
                if b > a && !["", " ", "-"].contains(run.separators[b - 1]) { break }
                digits += chars[run.groups[b]].compactMap { $0.wholeNumberValue }
                if digits.count > 19 { break }
                if digits.count >= 13 && Self.luhn(digits) && Set(digits).count > 1
                    && digits.count > (best?.digits ?? 0)
                {
                    best = (a..<b + 1, digits.count)
                }
            }
        }
        return best?.window
    }

    /// The Luhn checksum of `digits` is valid.
    static func luhn(_ digits: [Int]) -> Bool {
        var sum = 0
        for (offset, digit) in digits.reversed().enumerated() {
            let value = offset % 2 == 1 ? digit * 2 : digit
            sum += value > 9 ? value - 9 : value
        }
        return sum % 10 == 0
    }

    /// The text of `range` with every digit but the last four replaced by "•".
    func masked(_ range: Range<Int>) -> String {
        var keep = 4
        var out: [Character] = []
        for c in chars[range].reversed() {
            if Self.isDigit(c) {
                out.append(keep > 0 ? c : "•")
                keep -= 1
            } else {
                out.append(c)
            }
        }
        return String(out.reversed())
    }

    /// Groups `index`, +1, +2 form a date: yyyy-MM-dd or dd.MM.yyyy style, one separator repeated.
    func isDate(_ run: DigitRun, from index: Int) -> Bool {
        guard run.groups.count >= index + 3 else { return false }
        let sizes = run.groups[index..<index + 3].map(\.count)
        let s1 = run.separators[index], s2 = run.separators[index + 1]
        guard s1 == s2, s1 == "-" || s1 == "." else { return false }
        let small = 1...2
        return (sizes[0] == 4 && small.contains(sizes[1]) && small.contains(sizes[2]))
            || (small.contains(sizes[0]) && small.contains(sizes[1]) && sizes[2] == 4)
    }

    /// Exactly two four-digit years 1900...2099 joined by a dash ("2019-2023").
    func isYearRange(_ run: DigitRun, from index: Int) -> Bool {
        guard run.groups.count == index + 2, run.separators[index] == "-" else { return false }
        return run.groups[index...].allSatisfy { group in
            group.count == 4 && Int(String(chars[group])).map { (1900...2099).contains($0) } == true
        }
    }
}
