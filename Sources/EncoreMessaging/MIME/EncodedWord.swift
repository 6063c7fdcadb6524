/// RFC 2047 encoded-words (`=?UTF-8?B?…?=`) for non-ASCII header text.
enum EncodedWord {
    /// Raw bytes per word: 39 bytes are 52 base64 characters, a 64-character word, so even the
    /// first word after `Subject: ` or `Reply-To: ` keeps the line under RFC 2047's 76.
    static let maximumBytesPerWord = 39

    /// Encodes `text` as one or more B-encoded UTF-8 words, never splitting a Unicode scalar
    /// across words (each word must decode to whole characters on its own).
    static func encode(_ text: String) -> [String] {
        var words: [String] = []
        var chunk: [UInt8] = []
        for scalar in text.unicodeScalars {
            let bytes = Array(String(scalar).utf8)
            if chunk.count + bytes.count > maximumBytesPerWord {
                words.append(word(chunk))
                chunk.removeAll(keepingCapacity: true)
            }
            chunk += bytes
        }
        if !chunk.isEmpty { words.append(word(chunk)) }
        return words
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Base64.encode(bytes) + "?="
    }
}
