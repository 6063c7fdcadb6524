/// Automatic checks on a review's words before publication: profanity, links, email
/// addresses, phone numbers and payment card numbers.
///
/// Moderation never sees the stars. A one-star review goes through exactly the same checks as a
/// five-star one, and nothing here can hold a review back because it is unhappy: there is no
/// review gating. A flag sends the review to a person; it does not reject it.
public enum ReviewModeration {
    /// The flags of a review's title and text: title first, then text, each in reading order;
    /// a match repeated in the same field (same kind, same excerpt ignoring case) is reported
    /// once, where it first appears. Empty when nothing was found.
    ///
    /// Detection, in order (a span claimed by an earlier check is not looked at again, so an
    /// email address is not also a link, and its digits are not a phone number):
    /// - email: `local@domain.tld`;
    /// - link: `http://` or `https://` or `www.` up to the next space, or a bare domain whose last
    ///   label is a known TLD (`example.com`, `shop.co.uk/page`), never "e.g." or "3.5";
    /// - card number: 13 to 19 digits, optionally grouped by single spaces or dashes, passing
    ///   the Luhn check;
    /// - phone: 7 to 15 digits, grouped by spaces, dashes, dots or parentheses, with an optional
    ///   leading "+", that is not a date (2024-01-15, 15.01.2024), a year range (2019-2023) or a
    ///   decimal number (1234.5678);
    /// - profanity: whole words from a built-in English list (`ModerationWords.profanity`),
    ///   case-insensitive, folding accents, leetspeak (0→o, 1→i, 3→e, 4→a, 5→s, 7→t, @→a, $→s)
    ///   and letters stretched to three or more ("shiiit"); a word that merely contains one ("Scunthorpe",
    ///   "classic", "assistant", "cocktail") is not flagged.
    public static func flags(title: String, text: String) -> [ModerationFlag] {
        scan(title, field: .title) + scan(text, field: .text)
    }

    static func scan(_ text: String, field: ModerationFlag.Field) -> [ModerationFlag] {
        var scan = ModerationScan(Array(text))
        scan.findEmails()
        scan.findLinks()
        scan.findNumbers()
        scan.findProfanity()
        var seen: Set<[String]> = []
        return scan.found.sorted { $0.start < $1.start }.compactMap { match in
            guard seen.insert([match.kind.rawValue, match.excerpt.lowercased()]).inserted else { return nil }
            return ModerationFlag(kind: match.kind, field: field, excerpt: match.excerpt)
        }
    }
}

/// The state of one text's scan: its characters, which are already part of a match, and matches.
struct ModerationScan {
    struct Match {
        var start: Int
        var kind: ModerationFlag.Kind
        var excerpt: String
    }

    let chars: [Character]
    var claimed: [Bool]
    var found: [Match] = []

    init(_ chars: [Character]) {
        self.chars = chars
        self.claimed = Array(repeating: false, count: chars.count)
    }

    /// Records a match over `range`, claiming its characters; `excerpt` defaults to the text.
    mutating func record(_ kind: ModerationFlag.Kind, _ range: Range<Int>, excerpt: String? = nil) {
        for index in range { claimed[index] = true }
        var text = excerpt ?? String(chars[range])
        if text.count > 80 { text = String(text.prefix(79)) + "…" }
        found.append(Match(start: range.lowerBound, kind: kind, excerpt: text))
    }

    func isFree(_ range: Range<Int>) -> Bool { !range.contains { claimed[$0] } }

    static func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
    static func isAlphanumeric(_ c: Character) -> Bool { c.isASCII && (c.isLetter || c.isNumber) }
    /// A letter or digit of any script.
    static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }
}
