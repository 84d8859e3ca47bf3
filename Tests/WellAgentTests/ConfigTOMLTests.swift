import Testing
import WellDesktopSupport

/// The TOML 1.0 parser under the config file: the document's shape and lines, errors and the key
/// they were found in. The forms one by one are in `TOMLValidTests` and `TOMLInvalidTests`.
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
        let root = try TOMLDocument(parsing: text).root
        #expect(root.entries.map(\.key) == ["top", "a", "b-2"])
        #expect(root.entries.map(\.line) == [3, 4, 10])
        guard case .table(let a) = root["a"]?.value, case .table(let b) = root["b-2"]?.value else {
            Issue.record("tables missing: \(root)")
            return
        }
        #expect(a.entries.map(\.key) == ["s", "l", "quoted key", "t", "f"])
        #expect(a.entries.map(\.line) == [5, 6, 7, 8, 9])
        #expect(b.entries.map(\.line) == [11, 12])
        #expect(a["s"]?.value == .string("x\ty\n\"q\" \\ é😀"))
        #expect(a["l"]?.value == .string(#"C:\path\^8\d{3}$"#))
        #expect(a["quoted key"]?.value == .integer(-1000))
        #expect(a["t"]?.value == .boolean(true))
        #expect(a["f"]?.value == .boolean(false))
        #expect(b["plus"]?.value == .integer(7))
        #expect(root.entry(at: ["a", "quoted key"])?.line == 7)
        #expect(root.entry(at: ["a", "nope"]) == nil)
        #expect(root.entry(at: ["top", "x"]) == nil)
    }

    @Test("CRLF line ends are accepted")
    func crlf() throws {
        let root = try TOMLDocument(parsing: "[a]\r\nk = \"v\"\r\n").root
        #expect(root.entry(at: ["a", "k"]) == TOMLEntry(key: "k", value: .string("v"), line: 2))
    }

    @Test("a key's line is where it is written, after values that span lines")
    func linesAfterMultiLineValues() throws {
        let text = """
            a = [
              1,
              2,
            ]
            s = \"\"\"
            one
            two\"\"\"
            l = '''
            x'''
            [t]
            b.c = 1
            [[p]]
            [[p]]
            q = 1
            """
        let root = try TOMLDocument(parsing: text).root
        #expect(root.entries.map(\.line) == [1, 5, 8, 10, 12])
        #expect(root.entry(at: ["t", "b"])?.line == 11)
        #expect(root.entry(at: ["t", "b", "c"])?.line == 11)
        guard case .array(let tables) = root["p"]?.value, case .table(let second) = tables.last else {
            Issue.record("no array of tables: \(root)")
            return
        }
        #expect(tables.count == 2)
        #expect(second["q"]?.line == 14)
    }

    @Test(
        "syntax errors name the line",
        arguments: [
            ("[a]\nk = \"open", 2, "unterminated string"),
            ("[a]\n\nk = 'open", 3, "unterminated string"),
            ("k = \"bad \\q escape\"", 1, "invalid escape"),
            ("k = yes", 1, "invalid value 'yes' (expected"),
            ("k = 012", 1, "leading zeros"),
            ("k = 99999999999999999999", 1, "out of range"),
            ("k =", 1, "missing value"),
            ("k 1", 1, "expected '='"),
            ("[a", 1, "expected ']'"),
            ("[a]\nk = 1\nk = 2", 3, "defined twice (first on line 2)"),
            ("[a]\n[b]\n[a]", 3, "table [a] is defined twice"),
            ("k = \"a\" b", 1, "unexpected 'b'"),
            ("= 1", 1, "expected a key"),
            ("k = \"tab\u{1}\"", 1, "control character"),
            ("k = [\n1,\n2\n", 4, "unterminated array (opened on line 1"),
            ("k = \"\"\"\nopen", 1, "unterminated multi-line string"),
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

    @Test(
        "what the old subset refused is TOML 1.0 and parses now",
        arguments: [
            ("k = [1, 2]", "{ k = [1, 2] }"),
            ("k = {a = 1}", "{ k = { a = 1 } }"),
            ("k = 1.5", "{ k = 1.5 }"),
            ("k = 1979-05-27", "{ k = 1979-05-27 }"),
            ("k = \"\"\"multi\"\"\"", #"{ k = "multi" }"#),
            ("a.b = 1", "{ a = { b = 1 } }"),
            ("[a]\n[[b]]", "{ a = {}, b = [{}] }"),
            ("[a.b]", "{ a = { b = {} } }"),
        ]
    )
    func formerlyRefused(text: String, expected: String) throws {
        #expect(try TOMLDocument(parsing: text).root.description == expected)
    }

    @Test(
        "an error inside a value carries the key it belongs to; others carry none",
        arguments: [
            ("[agent]\npassword = 0123", ["agent", "password"] as [String]?),
            ("agent.password = \"a\\q\"", ["agent", "password"]),
            ("agent = { jobNumber = \"1\", password = [012] }", ["agent", "password"]),
            ("[agent]\npassword = \"\"\"\nline\n\\q\"\"\"", ["agent", "password"]),
            ("[agent]\npassword = \"x\" y", ["agent", "password"]),
            ("[agent]\npassword = \"a\"\npassword = \"b\"", nil),
            ("[agent\npassword = 1", nil),
            ("# \u{1}", nil),
        ]
    )
    func errorKeyPath(text: String, keyPath: [String]?) {
        do {
            _ = try TOMLDocument(parsing: text)
            Issue.record("parsed")
        } catch {
            #expect(error.keyPath == keyPath, "\(error)")
        }
    }

    @Test("quoting round-trips through the parser")
    func quoting() throws {
        for text in ["", "plain", "quote \" and \\ back", "line\nbreak\ttab\r", "\u{1}\u{7F}", "中文 é"] {
            let document = try TOMLDocument(parsing: "k = \(TOMLValue.quoted(text))")
            #expect(document.root["k"]?.value == .string(text))
        }
    }

    @Test("every value written back parses to an equal value, NaN included")
    func valuesRoundTrip() throws {
        let text = """
            v = [1, -2, 1.5, -0.0, inf, -inf, nan, true, "s\\n", 'l', 1979-05-27T07:32:00.25-08:00, 1979-05-27T07:32:00, 1979-05-27, 07:32:00.001, [], {}, { "a b" = [{ c = 1 }], d.e = 2 }]
            [[t]]
            x = 1
            [[t]]
            y = { z = 2 }
            """
        let root = try TOMLDocument(parsing: text).root
        for entry in root.entries {
            let again = try TOMLDocument(parsing: "\(TOMLKey.written(entry.key)) = \(entry.value)").root
            #expect(again[entry.key]?.value == entry.value, "\(entry.value)")
        }
        #expect(TOMLValue.float(.nan) == .float(-.nan))
        #expect(TOMLValue.float(1) != .integer(1))
    }
}
