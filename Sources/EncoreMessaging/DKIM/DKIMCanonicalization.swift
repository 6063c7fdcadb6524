/// DKIM's "relaxed" canonicalization (RFC 6376 §3.4.2 and §3.4.4), over the bytes of a rendered
/// message: what the signer hashes and a verifier recomputes, so whitespace changes made in
/// transit (refolding, trailing spaces) do not break a signature.
enum DKIMCanonicalization {
    /// One header field as it appears in the message: its name and its whole text (name, colon,
    /// value with any folding), without the final CRLF.
    struct Field: Equatable {
        var name: String
        var text: [UInt8]
    }

    /// The message's header fields in order, and the body (everything after the blank line).
    /// A continuation line (starting with a space or tab) belongs to the field before it.
    static func split(_ message: [UInt8]) -> (fields: [Field], body: ArraySlice<UInt8>) {
        var fields: [Field] = []
        var index = message.startIndex
        var lineStart = index
        var current: [UInt8]?
        func close() {
            if let text = current, let colon = text.firstIndex(of: 0x3A) {
                fields.append(Field(name: String(decoding: text[..<colon], as: UTF8.self), text: text))
            }
            current = nil
        }
        while index < message.endIndex {
            guard message[index] == 0x0A else {
                index += 1
                continue
            }
            var lineEnd = index
            if lineEnd > lineStart && message[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let line = message[lineStart..<lineEnd]
            if line.isEmpty {
                close()
                return (fields, message[(index + 1)...])
            }
            if line.first == 0x20 || line.first == 0x09, current != nil {
                current! += [0x0D, 0x0A] + line
            } else {
                close()
                current = Array(line)
            }
            index += 1
            lineStart = index
        }
        close()
        return (fields, [])
    }

    /// `name:value` + CRLF: the name lowercased, unfolded, runs of spaces and tabs made one
    /// space, none at the value's end nor around the colon.
    static func header(_ field: Field, trailingCRLF: Bool = true) -> [UInt8] {
        let colon = field.text.firstIndex(of: 0x3A) ?? field.text.endIndex
        let name = field.text[..<colon].filter { $0 != 0x20 && $0 != 0x09 }.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 32 : $0 }
        var value: [UInt8] = []
        var pendingSpace = false
        for byte in field.text[(colon + 1)...] where byte != 0x0D && byte != 0x0A {
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = true
            } else {
                if pendingSpace && !value.isEmpty { value.append(0x20) }
                pendingSpace = false
                value.append(byte)
            }
        }
        return name + [0x3A] + value + (trailingCRLF ? [0x0D, 0x0A] : [])
    }

    /// The body with spaces at line ends removed, runs of spaces and tabs made one space, the
    /// empty lines at its end dropped, and ending in CRLF unless it is empty.
    static func body(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(body.count)
        var line: [UInt8] = []
        var pendingSpace = false
        var emptyLines = 0
        func endLine() {
            if line.isEmpty {
                emptyLines += 1
            } else {
                for _ in 0..<emptyLines { out += [0x0D, 0x0A] }
                emptyLines = 0
                out += line
                out += [0x0D, 0x0A]
            }
            line.removeAll(keepingCapacity: true)
            pendingSpace = false
        }
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == 0x0D, index + 1 < body.endIndex, body[index + 1] == 0x0A {
                endLine()
                index += 2
                continue
            }
            if byte == 0x20 || byte == 0x09 {
                pendingSpace = true
            } else {
                if pendingSpace { line.append(0x20) }
                pendingSpace = false
                line.append(byte)
            }
            index += 1
        }
        if !line.isEmpty { endLine() }
        return out
    }
}
