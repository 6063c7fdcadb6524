import Testing

@testable import EncoreCore

/// A record as a comparable value.
private struct Row: Equatable, CustomStringConvertible {
    var line: Int
    var fields: [String]
    init(_ line: Int, _ fields: [String]) {
        self.line = line
        self.fields = fields
    }
    var description: String { "\(line): \(fields)" }
}

/// Reads all records of `bytes`, fed in chunks of `chunkSize` bytes (all at once when nil).
private func read(_ bytes: [UInt8], chunkSize: Int? = nil, separator: UInt8 = UInt8(ascii: ",")) throws(
    CSVReader.SyntaxError
) -> [Row] {
    var reader = CSVReader(separator: separator)
    var rows: [Row] = []
    let size = chunkSize ?? max(bytes.count, 1)
    var start = 0
    while start < bytes.count {
        let end = min(start + size, bytes.count)
        rows += try reader.feed(bytes[start..<end]).map { Row($0.line, $0.fields) }
        start = end
    }
    rows += try reader.finish().map { Row($0.line, $0.fields) }
    return rows
}

private func read(_ text: String, chunkSize: Int? = nil) throws(CSVReader.SyntaxError) -> [Row] {
    try read(Array(text.utf8), chunkSize: chunkSize)
}

/// Reads `bytes` split into exactly two chunks at `offset`.
private func readSplit(_ bytes: [UInt8], at offset: Int) throws(CSVReader.SyntaxError) -> [Row] {
    var reader = CSVReader()
    var rows = try reader.feed(bytes[..<offset]).map { Row($0.line, $0.fields) }
    rows += try reader.feed(bytes[offset...]).map { Row($0.line, $0.fields) }
    rows += try reader.finish().map { Row($0.line, $0.fields) }
    return rows
}

@Suite struct CSVReaderTests {
    @Test func plainRecords() throws {
        #expect(try read("a,b,c\n1,2,3\n") == [Row(1, ["a", "b", "c"]), Row(2, ["1", "2", "3"])])
    }

    @Test func emptyFieldsAreKept() throws {
        #expect(try read(",,\na,\n,b\n") == [Row(1, ["", "", ""]), Row(2, ["a", ""]), Row(3, ["", "b"])])
        #expect(try read("a,") == [Row(1, ["a", ""])])
    }

    @Test func spacesAreKeptInUnquotedFields() throws {
        #expect(try read(" a , b \n") == [Row(1, [" a ", " b "])])
    }

    @Test func quotedFields() throws {
        #expect(try read("\"a,b\",c\n") == [Row(1, ["a,b", "c"])])
        #expect(try read("\"\",x\n") == [Row(1, ["", "x"])])
        #expect(try read("x,\"\"\n") == [Row(1, ["x", ""])])
        #expect(try read("\"plain\"\n") == [Row(1, ["plain"])])
    }

    @Test func doubledQuotes() throws {
        #expect(try read("\"say \"\"hi\"\"\",x\n") == [Row(1, ["say \"hi\"", "x"])])
        #expect(try read("\"\"\"\"\n") == [Row(1, ["\""])])
        #expect(try read("\"a\"\"\"\n") == [Row(1, ["a\""])])
        #expect(try read("\"\"\"a\",\"\"\"\"\"\"\n") == [Row(1, ["\"a", "\"\""])])
    }

    @Test func embeddedNewlinesKeepTheLineTheRecordStartsOn() throws {
        let text = "h1,h2\n\"line1\nline2\",x\nnext,y\n\"a\n\nb\n\",z\nlast,w\n"
        #expect(
            try read(text) == [
                Row(1, ["h1", "h2"]), Row(2, ["line1\nline2", "x"]), Row(4, ["next", "y"]),
                Row(5, ["a\n\nb\n", "z"]), Row(9, ["last", "w"]),
            ])
    }

    @Test func crlfLineEnds() throws {
        #expect(try read("a,b\r\nc,d\r\n") == [Row(1, ["a", "b"]), Row(2, ["c", "d"])])
        #expect(try read("a,\"b\"\r\nc,d") == [Row(1, ["a", "b"]), Row(2, ["c", "d"])])
        // Inside quotes, CRLF is data.
        #expect(try read("\"x\r\ny\",z\r\nnext,1\r\n") == [Row(1, ["x\r\ny", "z"]), Row(3, ["next", "1"])])
        // A lone CR inside an unquoted field is data.
        #expect(try read("a\rb,c\n") == [Row(1, ["a\rb", "c"])])
        // A CR at the very end of the file is dropped like a line end.
        #expect(try read("a,b\r") == [Row(1, ["a", "b"])])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,name\n1,x\n".utf8)
        #expect(try read(bytes) == [Row(1, ["id", "name"]), Row(2, ["1", "x"])])
        // Only at the start of the file.
        let later: [UInt8] = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        #expect(try read(later) == [Row(1, ["a"]), Row(2, ["\u{FEFF}b"])])
    }

    @Test func lastLineWithoutNewline() throws {
        #expect(try read("a,b\nc,d") == [Row(1, ["a", "b"]), Row(2, ["c", "d"])])
        #expect(try read("a,b\n\"c\nd\"") == [Row(1, ["a", "b"]), Row(2, ["c\nd"])])
        #expect(try read("a") == [Row(1, ["a"])])
    }

    @Test func emptyLinesAreSkippedButCounted() throws {
        #expect(try read("a\n\n\nb\n") == [Row(1, ["a"]), Row(4, ["b"])])
        #expect(try read("\n\na,b\n") == [Row(3, ["a", "b"])])
        #expect(try read("a\r\n\r\nb\r\n\r\n") == [Row(1, ["a"]), Row(3, ["b"])])
        #expect(try read("a\n\n") == [Row(1, ["a"])])
    }

    @Test func emptyInput() throws {
        #expect(try read("") == [])
        #expect(try read("\n\n\r\n") == [])
        var reader = CSVReader()
        #expect(try reader.finish().isEmpty)
    }

    @Test func unicodeIsDecodedAsUTF8() throws {
        #expect(try read("café,日本,\"🎉,ok\"\n") == [Row(1, ["café", "日本", "🎉,ok"])])
    }

    @Test func customSeparator() throws {
        let bytes = Array("a;b,c;\"d;e\"\n".utf8)
        #expect(try read(bytes, separator: UInt8(ascii: ";")) == [Row(1, ["a", "b,c", "d;e"])])
        let tabs = Array("a\tb\n".utf8)
        #expect(try read(tabs, separator: 9) == [Row(1, ["a", "b"])])
    }

    @Test func recordsAreReturnedByTheChunkThatCompletesThem() throws {
        var reader = CSVReader()
        #expect(try reader.feed(Array("a,b".utf8)).isEmpty)
        let first = try reader.feed(Array("\nc".utf8))
        #expect(first.map { Row($0.line, $0.fields) } == [Row(1, ["a", "b"])])
        #expect(try reader.feed(Array(",d\ne,f\n".utf8)).map { Row($0.line, $0.fields) } == [
            Row(2, ["c", "d"]), Row(3, ["e", "f"]),
        ])
        #expect(try reader.finish().isEmpty)
    }

    static let tricky: String =
        "id,name,note\r\n"
        + "1,\"Smith, John\",\"said \"\"hi\"\"\"\r\n"
        + "\r\n"
        + "2,café,\"multi\r\nline\nfield\"\n"
        + "\n"
        + "3,,\"\"\n"
        + "4,\"日本\",🎉\r\n"
        + "5,\"\"\"quoted\"\"\",x\r"
        + "\n6,a\rb,\"end\""

    fileprivate static let trickyRows = [
        Row(1, ["id", "name", "note"]), Row(2, ["1", "Smith, John", "said \"hi\""]),
        Row(4, ["2", "café", "multi\r\nline\nfield"]), Row(8, ["3", "", ""]), Row(9, ["4", "日本", "🎉"]),
        Row(10, ["5", "\"quoted\"", "x"]), Row(11, ["6", "a\rb", "end"]),
    ]

    @Test func trickyInputAllAtOnce() throws {
        #expect(try read(Self.tricky) == Self.trickyRows)
    }

    @Test(arguments: [1, 2, 3, 4, 5, 7, 11, 16, 64])
    func chunkBoundaryIndependence(chunkSize: Int) throws {
        #expect(try read(Self.tricky, chunkSize: chunkSize) == Self.trickyRows)
    }

    @Test func splittingAtEveryOffsetGivesTheSameRecords() throws {
        let bytes = Array(Self.tricky.utf8)
        for offset in 0...bytes.count {
            let rows = try readSplit(bytes, at: offset)
            #expect(rows == Self.trickyRows, "split at byte \(offset)")
        }
    }

    @Test func quoteInsideAnUnquotedField() throws {
        let error = #expect(throws: CSVReader.SyntaxError.self) { try read("a,b\nc,d\"e\nf,g\n") }
        #expect(error?.line == 2)
        #expect(error?.reason == "a quote inside an unquoted field")
        #expect(error?.description == "line 2: a quote inside an unquoted field")
        #expect(error?.completed.map { Row($0.line, $0.fields) } == [Row(1, ["a", "b"])])
        #expect(error?.partialFields == ["c"])
    }

    @Test func syntaxErrorLineIsTheSameWhateverTheChunking() {
        let text = "h\n\"multi\nline\",ok\nx,y\"z\n"
        for size in [1, 2, 3, 100] {
            let error = #expect(throws: CSVReader.SyntaxError.self) { try read(text, chunkSize: size) }
            #expect(error?.line == 4, "chunk size \(size)")
            #expect(error?.partialFields == ["x"], "chunk size \(size)")
        }
    }

    @Test func charactersAfterAClosingQuote() {
        let error = #expect(throws: CSVReader.SyntaxError.self) { try read("ok\n\"a\"b,c\n") }
        #expect(error?.line == 2)
        #expect(error?.reason == "characters after a closing quote")
        let spaced = #expect(throws: CSVReader.SyntaxError.self) { try read("\"a\" ,c\n") }
        #expect(spaced?.line == 1)
    }

    @Test func unterminatedQuoteAtFinish() throws {
        var reader = CSVReader()
        let completed = try reader.feed(Array("a,b\nc,\"de\nf".utf8))
        #expect(completed.map { Row($0.line, $0.fields) } == [Row(1, ["a", "b"])])
        let error = #expect(throws: CSVReader.SyntaxError.self) { try reader.finish() }
        #expect(error?.line == 2)
        #expect(error?.reason == "the file ends inside a quoted field (truncated?)")
        #expect(error?.partialFields == ["c", "de\nf"])
    }

    @Test func unterminatedQuoteWhateverTheChunking() {
        for size in [1, 2, 5, 100] {
            let error = #expect(throws: CSVReader.SyntaxError.self) { try read("x\n\n\"open", chunkSize: size) }
            #expect(error?.line == 3, "chunk size \(size)")
        }
    }

    @Test func aQuoteClosedAtTheEndOfTheFileIsFine() throws {
        #expect(try read("a,\"b\"") == [Row(1, ["a", "b"])])
        #expect(try read("a,\"b\"\"\"") == [Row(1, ["a", "b\""])])
    }
}
