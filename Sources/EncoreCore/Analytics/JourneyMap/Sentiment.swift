/// The sentiment of a short customer text (a survey comment, a review) from a word list: each
/// known word scores -3 to +3, a negation ("not", "never", "no", "n't") within the two words
/// before flips it, an intensifier ("very", "really", "so") adds half again; the text's score is
/// the sum over the known words divided by 3√n (n: known words), clamped to [-1, 1]. nil when no
/// word is known: no opinion is read into silence. English only, and honest about it.
public enum Sentiment {
    public static func score(_ text: String) -> Double? {
        let words = text.lowercased().split { !($0.isLetter || $0 == "'") }.map(String.init)
        var total = 0.0
        var known = 0
        for (i, word) in words.enumerated() {
            guard var value = lexicon[word] else { continue }
            let before = words[max(0, i - 2)..<i]
            if before.contains(where: { negations.contains($0) || $0.hasSuffix("n't") }) { value = -value }
            if i > 0, intensifiers.contains(words[i - 1]) { value *= 1.5 }
            total += value
            known += 1
        }
        guard known > 0 else { return nil }
        return max(-1, min(1, total / (3 * Double(known).squareRoot())))
    }

    static let negations: Set<String> = ["not", "never", "no", "nothing", "hardly", "without"]
    static let intensifiers: Set<String> = ["very", "really", "so", "extremely", "super", "too"]

    static let lexicon: [String: Double] = {
        var words: [String: Double] = [:]
        for w in ["love", "loved", "loves", "amazing", "awesome", "excellent", "perfect", "fantastic", "wonderful", "outstanding", "superb", "brilliant", "delighted"] {
            words[w] = 3
        }
        for w in ["great", "happy", "best", "beautiful", "favourite", "favorite", "thrilled", "impressed", "recommend", "recommended", "lovely", "gorgeous", "delicious"] {
            words[w] = 2
        }
        for w in ["good", "nice", "fast", "quick", "easy", "helpful", "friendly", "fine", "pleased", "satisfied", "thanks", "thank", "smooth", "fresh", "comfortable", "works", "worth"] {
            words[w] = 1
        }
        for w in ["slow", "late", "delay", "delayed", "small", "confusing", "expensive", "meh", "okay", "annoying", "missing", "wrong", "difficult", "hard"] {
            words[w] = -1
        }
        for w in ["bad", "poor", "disappointed", "disappointing", "broken", "damaged", "rude", "unhappy", "problem", "problems", "never", "cheap", "useless", "waste"] {
            words[w] = -2
        }
        for w in ["terrible", "awful", "horrible", "worst", "hate", "hated", "scam", "furious", "disgusting", "lost", "unacceptable"] {
            words[w] = -3
        }
        words["never"] = nil  // a negation, not an opinion
        return words
    }()
}
