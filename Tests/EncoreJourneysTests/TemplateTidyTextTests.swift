import Testing
@testable import EncoreJourneys

@Suite("Templates: tidying the text part")
struct TemplateTidyTextTests {
    @Test(
        "trailing blanks go, blank runs become one, leading and trailing blank lines go, one final newline",
        arguments: [
            ("", "\n"),
            ("Hi", "Hi\n"),
            ("\n\n  \nHi  \t\r\n\n\n\nBye\n\n", "Hi\n\nBye\n"),
            ("a\r\nb\r\n", "a\nb\n"),
            ("Grüße, 東京 ✓  \n\n\n— Maya", "Grüße, 東京 ✓\n\n— Maya\n"),
            ("one\ntwo\n \nthree", "one\ntwo\n\nthree\n"),
            ("mid\rline\n", "mid\rline\n"),
        ])
    func tidy(_ input: String, _ expected: String) {
        #expect(TemplateScanning.tidyText(input) == expected)
    }
}
