/// A reward's code pool as a merchant exports it from the shop: one code per line; blank lines
/// and lines starting with `#` are skipped, spaces around a code are ignored.
public enum RewardCodeFile {
    /// Every problem of a file, each as "path:line: reason"; nothing is imported when any.
    public struct Problems: Error, Hashable, Sendable, CustomStringConvertible {
        public var lines: [String]
        public var description: String { lines.joined(separator: "\n") }
    }

    /// The longest code accepted.
    public static let maximumLength = 64

    /// The codes of `text`, in file order (a repeated code counts once). A code is 1 to 64
    /// printable ASCII characters without spaces.
    public static func parse(text: String, path: String) throws(Problems) -> [String] {
        var codes: [String] = []
        var seen: Set<String> = []
        var problems: [String] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: " \t\r")
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.utf8.count > maximumLength {
                problems.append("\(path):\(index + 1): a code has at most \(maximumLength) characters, this one \(line.utf8.count)")
            } else if !line.utf8.allSatisfy({ (0x21...0x7e).contains($0) }) {
                problems.append("\(path):\(index + 1): a code is printable ASCII without spaces")
            } else if seen.insert(line).inserted {
                codes.append(line)
            }
        }
        guard problems.isEmpty else { throw Problems(lines: problems) }
        return codes
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}
