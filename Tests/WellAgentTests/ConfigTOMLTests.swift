import Testing
import WellDesktopSupport

/// The TOML subset parser under the config file.
@Suite struct ConfigTOMLTests {
    @Test("tables, keys, every value kind, comments and blank lines, with line numbers")
    func document() throws {
        let text = """
            # leading comment

            top = 1
            [a]
            s = "x\\ty\\n\\"q\\" \\\\ \\u00E9\\U0001F600"   # trailing comment
            l = 'C:\\path\\^8\\d{3}$'
            "quoted key" = -1_000
            t = true
              f=false
            [b-2]
            zero = 0
            plus = +7
            """
        let document = try TOMLDocument(parsing: text)
        #expect(document.tables == [TOMLTable(name: "a", line: 4), TOMLTable(name: "b-2", line: 10)])
        #expect(document.entries.map(\.path) == ["top", "a.s", "a.l", "a.quoted key", "a.t", "a.f", "b-2.zero", "b-2.plus"])
        #expect(document.entries.map(\.line) == [3, 5, 6, 7, 8, 9, 11, 12])
        #expect(document.entries[1].value == .string("x\ty\n\"q\" \\ é😀"))
        #expect(document.entries[2].value == .string(#"C:\path\^8\d{3}$"#))
        #expect(document.entries[3].value == .integer(-1000))
        #expect(document.entries[4].value == .boolean(true))
        #expect(document.entries[5].value == .boolean(false))
        #expect(document.entries[7].value == .integer(7))
    }

    @Test("CRLF line ends are accepted")
    func crlf() throws {
        let document = try TOMLDocument(parsing: "[a]\r\nk = \"v\"\r\n")
        #expect(document.entries == [TOMLEntry(table: "a", key: "k", value: .string("v"), line: 2)])
    }

    @Test(
        "syntax errors name the line",
        arguments: [
            ("[a]\nk = \"open", 2, "unterminated string"),
            ("[a]\n\nk = 'open", 3, "unterminated string"),
            ("k = \"bad \\q escape\"", 1, "invalid escape"),
            ("k = [1, 2]", 1, "arrays are not supported"),
            ("k = {a = 1}", 1, "inline tables are not supported"),
            ("k = 1.5", 1, "invalid value (expected"),
            ("k = 1979-05-27", 1, "invalid value"),
            ("k = \"\"\"multi\"\"\"", 1, "multi-line strings are not supported"),
            ("k = yes", 1, "invalid value (expected"),
            ("k = 012", 1, "leading zeros"),
            ("k = 99999999999999999999", 1, "out of range"),
            ("k =", 1, "missing value"),
            ("k 1", 1, "expected '='"),
            ("a.b = 1", 1, "dotted keys are not supported"),
            ("[a]\n[[b]]", 2, "array tables"),
            ("[a", 1, "expected ']'"),
            ("[a]\nk = 1\nk = 2", 3, "defined twice (first on line 2)"),
            ("[a]\n[b]\n[a]", 3, "table [a] is defined twice"),
            ("k = \"a\" b", 1, "unexpected 'b'"),
            ("= 1", 1, "expected a key"),
            ("k = \"tab\u{1}\"", 1, "control character"),
        ]
    )
    func syntaxErrors(text: String, line: Int, message: String) {
        #expect {
            _ = try TOMLDocument(parsing: text)
        } throws: { error in
            guard let error = error as? TOMLDocument.SyntaxError else { return false }
            return error.line == line && error.message.contains(message)
        }
    }

    @Test("quoting round-trips through the parser")
    func quoting() throws {
        for text in ["", "plain", "quote \" and \\ back", "line\nbreak\ttab\r", "\u{1}\u{7F}", "中文 é"] {
            let document = try TOMLDocument(parsing: "k = \(TOMLValue.quoted(text))")
            #expect(document.entries.first?.value == .string(text))
        }
    }
}
