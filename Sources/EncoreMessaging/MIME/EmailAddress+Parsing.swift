import Foundation

extension EmailAddress {
    /// Reads a mailbox as people and templates write it: `addr@example.com`,
    /// `Name <addr@example.com>` or `"Shop, Inc." <addr@example.com>` (quotes and backslash escapes
    /// of a quoted name removed). Nothing is validated here; rendering does that.
    public init(mailbox text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let open = trimmed.lastIndex(of: "<"), let close = trimmed.lastIndex(of: ">"), open < close else {
            self.init(trimmed)
            return
        }
        let address = String(trimmed[trimmed.index(after: open)..<close]).trimmingCharacters(in: .whitespaces)
        var name = String(trimmed[..<open]).trimmingCharacters(in: .whitespaces)
        if name.count >= 2, name.hasPrefix("\""), name.hasSuffix("\"") {
            var unquoted = ""
            var escaped = false
            for character in name.dropFirst().dropLast() {
                if !escaped && character == "\\" {
                    escaped = true
                    continue
                }
                unquoted.append(character)
                escaped = false
            }
            name = unquoted
        }
        self.init(address, name: name.isEmpty ? nil : name)
    }
}
