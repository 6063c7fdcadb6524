import Foundation

/// Profanity: whole words, with case, accents, leetspeak and stretched letters folded.
extension ModerationScan {
    static func isWordPart(_ c: Character) -> Bool { c.isLetter || isDigit(c) || c == "@" || c == "$" }

    mutating func findProfanity() {
        var i = 0
        while i < chars.count {
            guard !claimed[i], Self.isWordPart(chars[i]) else {
                i += 1
                continue
            }
            var end = i
            while end < chars.count && Self.isWordPart(chars[end]) && !claimed[end] { end += 1 }
            let word = chars[i..<end]
            if !word.allSatisfy(Self.isDigit), ModerationWords.isProfane(String(word)) { record(.profanity, i..<end) }
            i = end
        }
    }
}

extension ModerationWords {
    /// Whether `word` (one token) is on the list once folded.
    static func isProfane(_ word: String) -> Bool {
        let runs = letterRuns(fold(word))
        guard let candidates = profanityByShape[runs.map(\.letter)] else { return false }
        return candidates.contains { counts in
            zip(runs, counts).allSatisfy { run, count in run.count == count || (run.count >= 3 && run.count > count) }
        }
    }

    /// Lowercased, accents removed, leetspeak replaced by the letters it stands for.
    static func fold(_ word: String) -> String {
        let leet: [Character: Character] = [
            "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s",
        ]
        let plain = word.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        return String(plain.map { leet[$0] ?? $0 })
    }

    /// "shiiit" → s×1, h×1, i×3, t×1.
    static func letterRuns(_ word: String) -> [(letter: Character, count: Int)] {
        var runs: [(letter: Character, count: Int)] = []
        for c in word {
            if let last = runs.last, last.letter == c { runs[runs.count - 1].count += 1 } else { runs.append((c, 1)) }
        }
        return runs
    }

    /// The list by shape (letters with repeats collapsed) → each word's letter counts. A letter
    /// matches when written as often as in the word, or stretched to three or more ("shiiit"), so
    /// "as" never matches "ass" and "assess" never matches "asses".
    static let profanityByShape: [[Character]: [[Int]]] = {
        var table: [[Character]: [[Int]]] = [:]
        for word in profanity {
            let runs = letterRuns(word)
            table[runs.map(\.letter), default: []].append(runs.map(\.count))
        }
        return table
    }()
}
