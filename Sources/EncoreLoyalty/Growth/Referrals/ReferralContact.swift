import Foundation

/// The normal forms used to tell whether a referrer and a friend are the same person.
public enum ReferralContact {
    /// An email trimmed and lower-cased, with any "+tag" removed from the local part; for
    /// gmail.com and googlemail.com the dots of the local part are removed too and the domain
    /// becomes gmail.com. Nil for a text without a local part and a domain around one "@".
    public static func normalizedEmail(_ email: String) -> String? {
        let trimmed = email.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        guard let at = trimmed.lastIndex(of: "@") else { return nil }
        var local = String(trimmed[..<at])
        var domain = String(trimmed[trimmed.index(after: at)...])
        if let plus = local.firstIndex(of: "+") { local = String(local[..<plus]) }
        if domain == "gmail.com" || domain == "googlemail.com" {
            local.removeAll { $0 == "." }
            domain = "gmail.com"
        }
        guard !local.isEmpty, !domain.isEmpty, !local.contains("@") else { return nil }
        return local + "@" + domain
    }

    /// The last `digits` digits of a phone number, all other characters dropped; nil when the
    /// number has fewer digits (too short to compare safely). Comparing the last 9 digits matches
    /// "+33 6 12 34 56 78" with "06 12 34 56 78".
    public static func phoneSuffix(_ phone: String, digits: Int = 9) -> String? {
        let all = phone.unicodeScalars.filter { $0.value >= 48 && $0.value <= 57 }
        guard digits > 0, all.count >= digits else { return nil }
        return String(String.UnicodeScalarView(all.suffix(digits)))
    }

    /// Whole words the address normal form abbreviates.
    public static let abbreviations: [String: String] = [
        "street": "st", "road": "rd", "avenue": "ave", "boulevard": "blvd", "drive": "dr", "lane": "ln",
        "court": "ct", "place": "pl", "square": "sq", "apartment": "apt", "suite": "ste", "floor": "fl",
    ]

    /// An address lower-cased with accents removed, punctuation read as spaces, runs of spaces
    /// collapsed, and common words abbreviated (street → st, road → rd, avenue → ave, ...).
    /// Nil when nothing but punctuation and spaces is left.
    public static func normalizedAddress(_ address: String) -> String? {
        let folded = address.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        let spaced = String(folded.map { $0.isLetter || $0.isNumber ? $0 : " " })
        let words = spaced.split(separator: " ").map { abbreviations[String($0)] ?? String($0) }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }
}
