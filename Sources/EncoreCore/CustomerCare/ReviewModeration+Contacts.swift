/// Email addresses and links.
extension ModerationScan {
    static func isLocalPart(_ c: Character) -> Bool { isAlphanumeric(c) || "._%+-".contains(c) }
    static func isDomainPart(_ c: Character) -> Bool { isAlphanumeric(c) || c == "-" || c == "." }

    mutating func findEmails() {
        for at in chars.indices where chars[at] == "@" && !claimed[at] {
            var start = at
            while start > 0 && Self.isLocalPart(chars[start - 1]) && !claimed[start - 1] { start -= 1 }
            while start < at && chars[start] == "." { start += 1 }
            var end = at + 1
            while end < chars.count && Self.isDomainPart(chars[end]) && !claimed[end] { end += 1 }
            while end > at + 1 && (chars[end - 1] == "." || chars[end - 1] == "-") { end -= 1 }
            guard start < at, let tld = domainTLD(at + 1..<end), tld.count >= 2 else { continue }
            record(.email, start..<end)
        }
    }

    mutating func findLinks() {
        var i = 0
        while i < chars.count {
            guard !claimed[i], i == 0 || !Self.isWordCharacter(chars[i - 1]) else {
                i += 1
                continue
            }
            if let prefix = ["https://", "http://", "www."].first(where: { hasPrefix($0, at: i) }) {
                let end = trimmedEnd(from: i, to: nextSpace(from: i))
                if end > i + prefix.count && isFree(i..<end) {
                    record(.link, i..<end)
                    i = end
                    continue
                }
            }
            if Self.isAlphanumeric(chars[i]) {
                var end = i
                while end < chars.count && Self.isDomainPart(chars[end]) && !claimed[end] { end += 1 }
                let runEnd = end
                while end > i && (chars[end - 1] == "." || chars[end - 1] == "-") { end -= 1 }
                if let tld = domainTLD(i..<end), ModerationWords.topLevelDomains.contains(tld) {
                    if end < chars.count && chars[end] == "/" { end = trimmedEnd(from: end, to: nextSpace(from: end)) }
                    if isFree(i..<end) {
                        record(.link, i..<end)
                        i = end
                        continue
                    }
                }
                i = max(runEnd, i + 1)
                continue
            }
            i += 1
        }
    }

    /// The lowercased last label when `range` is a domain: two or more dot-separated labels of
    /// ASCII letters, digits and inner hyphens, some label before the last with a letter, and a
    /// last label of letters only. Nil otherwise.
    func domainTLD(_ range: Range<Int>) -> String? {
        guard !range.isEmpty else { return nil }
        let labels = String(chars[range]).lowercased().split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, let tld = labels.last, tld.allSatisfy({ $0.isASCII && $0.isLetter }),
            labels.allSatisfy({ !$0.isEmpty && $0.first != "-" && $0.last != "-" }),
            labels.dropLast().contains(where: { $0.contains(where: \.isLetter) })
        else { return nil }
        return String(tld)
    }

    func hasPrefix(_ prefix: String, at index: Int) -> Bool {
        let p = Array(prefix)
        guard index + p.count <= chars.count else { return false }
        return zip(chars[index..<index + p.count], p).allSatisfy { $0.lowercased() == String($1) }
    }

    func nextSpace(from index: Int) -> Int {
        var end = index
        while end < chars.count && !chars[end].isWhitespace && !claimed[end] { end += 1 }
        return end
    }

    /// `end` moved back over trailing punctuation that ends a sentence or closes a bracket.
    func trimmedEnd(from start: Int, to end: Int) -> Int {
        var end = end
        while end > start && ".,;:!?)]}'\"»>".contains(chars[end - 1]) { end -= 1 }
        return end
    }
}
