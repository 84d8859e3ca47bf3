import Testing
import WellDesktopSupport

/// Invalid TOML 1.0, by the categories of the TOML test suite (our own cases): each document is
/// refused with a ``TOMLDocument/SyntaxError`` on the expected line whose message says what is wrong.
@Suite struct TOMLInvalidTests {
    static func check(_ toml: String, line: Int, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let document = try TOMLDocument(parsing: toml)
            Issue.record("accepted, as \(document.root)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.line == line, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains(message), "\(error)", sourceLocation: sourceLocation)
        }
    }

    @Test(
        "arrays",
        arguments: [
            ("a = [1,,2]", 1, "expected a value, found ','"),
            ("a = [,]", 1, "expected a value, found ','"),
            ("a = [1 2]", 1, "expected ',' or ']' after an item of the array opened on line 1, found '2'"),
            ("a = [1", 1, "unterminated array (opened on line 1"),
            ("a = [\n  1,\n  2\n\n[t]", 5, "expected ',' or ']' after an item of the array opened on line 1, found '['"),
            ("a = [\n  1,\n", 3, "unterminated array (opened on line 1"),
            ("a = [1]\n[[a]]", 2, "[[a]] cannot add to 'a', already an array (line 1)"),
            ("a = [1]\n[a.b]", 2, "'a' is already an array (line 1), [a.b] cannot add to it"),
            ("a = [1]\na.b = 2", 2, "key 'a.b' cannot add to 'a', already an array (line 1)"),
            ("a = [1]]", 1, "unexpected ']' after the value"),
        ])
    func arrays(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "booleans",
        arguments: [
            ("a = True", 1, "invalid value 'True'"),
            ("a = tru", 1, "invalid value 'tru'"),
            ("a = falsey", 1, "invalid value 'falsey'"),
            ("a = true false", 1, "unexpected 'f' after the value"),
        ])
    func booleans(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "comments and control characters",
        arguments: [
            ("# ok\n# not \u{1} ok", 2, "control character U+0001 in a comment"),
            ("k = 1 # del \u{7F}", 1, "control character U+007F in a comment"),
            ("k = 1 # cr \r here", 1, "control character U+000D in a comment"),
            ("k = 1\r[t]", 1, "a carriage return (U+000D) must be followed by a line feed"),
            ("k = \"a\u{0}b\"", 1, "control character U+0000 in a string (use an escape)"),
            ("k = 'a\u{1F}b'", 1, "control character U+001F in a string"),
            ("k = \"\"\"a\u{8}b\"\"\"", 1, "control character U+0008 in a string"),
            ("k = '''a\u{7F}b'''", 1, "control character U+007F in a string"),
            ("k = \"\"\"a\rb\"\"\"", 1, "a carriage return (U+000D) must be followed by a line feed"),
            ("k = 1\u{B}", 1, "unexpected U+000B after the value"),
            ("k = \u{C}1", 1, "expected a value, found U+000C"),
        ])
    func control(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "date-times",
        arguments: [
            ("d = 1979-5-27", 1, "the month must have 2 digits"),
            ("d = 1979-05-27T7:32:00", 1, "the hour must have 2 digits"),
            ("d = 1979-13-01", 1, "the month 13 is out of range"),
            ("d = 1979-00-01", 1, "the month 0 is out of range"),
            ("d = 1979-01-32", 1, "the day 32 is out of range"),
            ("d = 2023-02-29", 1, "day 29 does not exist in month 2 of 2023"),
            ("d = 1900-02-29", 1, "day 29 does not exist in month 2 of 1900"),
            ("d = 1979-04-31", 1, "day 31 does not exist in month 4"),
            ("d = 1979-05-27T24:00:00", 1, "the hour 24 is out of range"),
            ("d = 1979-05-27T23:60:00", 1, "the minute 60 is out of range"),
            ("d = 1979-05-27T23:59:61", 1, "the second 61 is out of range"),
            ("d = 1979-05-27T07:32", 1, "expected ':' after the minute"),
            ("d = 07:32", 1, "expected ':' after the minute"),
            ("d = 1979-05-27T07:32:00.", 1, "expected digits after the '.' of the seconds"),
            ("d = 1979-05-27T07:32:00+8:00", 1, "the offset hour must have 2 digits"),
            ("d = 1979-05-27T07:32:00+08", 1, "expected ':' after the offset hour"),
            ("d = 1979-05-27T07:32:00+24:00", 1, "the offset hour 24 is out of range"),
            ("d = 1979-05-27T07:32:00Z+", 1, "unexpected characters after the date-time"),
            ("d = 07:32:00Z", 1, "unexpected characters after the date-time"),
            ("d = 1979-05-27X07:32:00", 1, "expected 'T' or a space between the date and the time"),
            ("d = 1979-05-27T", 1, "the hour must have 2 digits"),
            ("d = 1979-05-27  07:32:00", 1, "unexpected '0' after the value"),
            ("d = 19790-05-27", 1, "invalid integer '19790-05-27'"),
        ])
    func dateTimes(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "floats",
        arguments: [
            ("f = .5", 1, "invalid float '.5'"),
            ("f = 5.", 1, "invalid float '5.'"),
            ("f = 1.e5", 1, "invalid float '1.e5'"),
            ("f = 1e", 1, "invalid float '1e'"),
            ("f = 1e+", 1, "invalid float '1e+'"),
            ("f = 01.5", 1, "leading zeros are not allowed in float '01.5'"),
            ("f = 1__0.0", 1, "invalid float '1__0.0'"),
            ("f = _1.0", 1, "invalid value '_1.0'"),
            ("f = 1.0_", 1, "invalid float '1.0_'"),
            ("f = 1_.0", 1, "invalid float '1_.0'"),
            ("f = +-1.0", 1, "invalid float '+-1.0'"),
            ("f = infinity", 1, "invalid value 'infinity'"),
            ("f = NaN", 1, "invalid value 'NaN'"),
            ("f = 1.5.2", 1, "invalid float '1.5.2'"),
            ("f = 1e2.5", 1, "invalid float '1e2.5'"),
            ("f = 0x1.5", 1, "invalid hexadecimal integer '0x1.5'"),
            ("f = inf.0", 1, "invalid value 'inf.0'"),
        ])
    func floats(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "integers",
        arguments: [
            ("i = 012", 1, "leading zeros are not allowed in integer '012'"),
            ("i = -01", 1, "leading zeros are not allowed in integer '-01'"),
            ("i = 0_1", 1, "leading zeros are not allowed in integer '0_1'"),
            ("i = +0x10", 1, "a hexadecimal integer cannot have a sign"),
            ("i = -0b1", 1, "a binary integer cannot have a sign"),
            ("i = 0X10", 1, "invalid integer '0X10'"),
            ("i = 0xG", 1, "invalid hexadecimal integer '0xG'"),
            ("i = 0x", 1, "invalid hexadecimal integer '0x'"),
            ("i = 0x_1", 1, "invalid hexadecimal integer '0x_1'"),
            ("i = 0o8", 1, "invalid octal integer '0o8'"),
            ("i = 0b2", 1, "invalid binary integer '0b2'"),
            ("i = 1__000", 1, "invalid integer '1__000'"),
            ("i = 1_", 1, "invalid integer '1_'"),
            ("i = _1", 1, "invalid value '_1'"),
            ("i = --1", 1, "invalid integer '--1'"),
            ("i = 9223372036854775808", 1, "integer '9223372036854775808' is out of range"),
            ("i = -9223372036854775809", 1, "integer '-9223372036854775809' is out of range"),
            ("i = 0xFFFF_FFFF_FFFF_FFFF", 1, "integer '0xFFFF_FFFF_FFFF_FFFF' is out of range"),
            ("i = 1 2", 1, "unexpected '2' after the value"),
            ("i = \u{0661}", 1, "expected a value, found '\u{0661}'"),
        ])
    func integers(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "inline tables",
        arguments: [
            ("t = {a = 1,}", 1, "a trailing comma is not allowed in an inline table"),
            ("t = {a = 1\n}", 1, "unterminated inline table (an inline table stays on one line"),
            ("t = {\n}", 1, "unterminated inline table"),
            ("t = {", 1, "expected a key"),
            ("t = {a = 1, a = 2}", 1, "key 't.a' is defined twice (first on line 1)"),
            ("t = {a.b = 1, a = 2}", 1, "key 't.a' is defined twice"),
            ("t = {a = 1, a.b = 2}", 1, "key 't.a.b' cannot add to 't.a', already an integer (line 1)"),
            ("t = {b = 1}\nt.c = 2", 2, "key 't.c' cannot add to 't', already an inline table"),
            ("t = {b = 1}\n[t.c]", 2, "'t' is already an inline table (closed once written) (line 1), [t.c] cannot add to it"),
            ("t = {b = 1}\n[t]", 2, "'t' is already an inline table"),
            ("t = {b = 1 c = 2}", 1, "expected ',' or '}' in the inline table, found 'c'"),
            ("t = {b}", 1, "expected '=' after key 'b' in the inline table"),
            ("t = {, b = 1}", 1, "unexpected ',', expected a key"),
            ("t = {b = 1} # ok\nu = {c = 1 # no}", 2, "expected ',' or '}' in the inline table, found '#'"),
        ])
    func inlineTables(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "keys",
        arguments: [
            ("= 1", 1, "unexpected '=', expected a key"),
            ("a", 1, "expected '=' after key 'a'"),
            ("a =", 1, "missing value after '='"),
            ("a = # comment", 1, "missing value after '='"),
            ("a\n= 1", 1, "expected '=' after key 'a'"),
            ("a b = 1", 1, "expected '=' after key 'a'"),
            ("a. = 1", 1, "unexpected '=', expected a key"),
            (".a = 1", 1, "unexpected '.', expected a key"),
            ("a..b = 1", 1, "unexpected '.', expected a key"),
            ("\"\"\"a\"\"\" = 1", 1, "a key cannot be a multi-line string"),
            ("'''a''' = 1", 1, "a key cannot be a multi-line string"),
            ("\u{E9} = 1", 1, "unexpected '\u{E9}', expected a key"),
            ("a = 1 = 2", 1, "unexpected '=' after the value"),
            ("a = 1\nb = 2\na = 3", 3, "key 'a' is defined twice (first on line 1)"),
            ("\"a\" = 1\na = 2", 2, "key 'a' is defined twice (first on line 1)"),
            ("a = 1\na.b = 2", 2, "key 'a.b' cannot add to 'a', already an integer (line 1)"),
            ("a.b = 1\na = 2", 2, "key 'a' is defined twice (first on line 1)"),
            ("a.b = 1\na.b.c = 2", 2, "key 'a.b.c' cannot add to 'a.b', already an integer (line 1)"),
            ("\"a.b\" = 1\n\"a.b\" = 2", 2, #"key '"a.b"' is defined twice"#),
            ("\"unterminated = 1", 1, "unterminated string"),
            ("\"a\\qb\" = 1", 1, "invalid escape sequence '\\q'"),
        ])
    func keys(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "strings",
        arguments: [
            (#"s = "\q""#, 1, #"invalid escape sequence '\q'"#),
            (#"s = "\e""#, 1, #"invalid escape sequence '\e' (TOML 1.0 has no \e"#),
            (#"s = "\x41""#, 1, #"invalid escape sequence '\x'"#),
            (#"s = "\ ""#, 1, #"invalid escape sequence '\ '"#),
            (#"s = "\u12""#, 1, #"a \u escape needs 4 hexadecimal digits"#),
            (#"s = "\u12G4""#, 1, #"a \u escape needs 4 hexadecimal digits"#),
            (#"s = "\U0001F60""#, 1, #"a \U escape needs 8 hexadecimal digits"#),
            (#"s = "\uD800""#, 1, "invalid unicode escape 'D800' (not a Unicode scalar value)"),
            (#"s = "\U00110000""#, 1, "invalid unicode escape '00110000'"),
            ("s = \"open", 1, "unterminated string (missing closing \")"),
            ("[a]\ns = \"open\nt = 1", 2, "unterminated string (missing closing \"; use \"\"\" for a string over several lines)"),
            ("[a]\n\ns = 'open", 3, "unterminated string (missing closing ')"),
            ("s = 'open\nt = 1", 1, "use ''' for a string over several lines"),
            ("s = \"\"\"\nopen\n\nend", 1, "unterminated multi-line string (no closing \"\"\" before the end of the file)"),
            ("s = '''\nopen", 1, "unterminated multi-line string (no closing '''"),
            ("s = \"\"\"a\"\"\"\"\"\"", 1, "unexpected '\"' after the value"),
            ("s = '''a''''''", 1, "unexpected ''' after the value"),
            ("s = \"\"\"\na \\ b\"\"\"", 2, #"invalid escape sequence '\ '"#),
            ("s = \"\"\"\n\\q\n\"\"\"", 2, #"invalid escape sequence '\q'"#),
            ("s = \"a\" \"b\"", 1, "unexpected '\"' after the value"),
            ("s = \"\"\"a\\\"\"\"", 1, "unterminated multi-line string"),
        ])
    func strings(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "tables and arrays of tables",
        arguments: [
            ("[a]\n[a]", 2, "table [a] is defined twice (first on line 1)"),
            ("[a.b]\n[a]\n[a]", 3, "table [a] is defined twice (first on line 2)"),
            ("[a]\nb = 1\n[a.b]", 3, "'a.b' is already an integer (line 2), it cannot be a table"),
            ("[a]\nb.c = 1\n[a.b]", 3, "table [a.b] was already made by the dotted key on line 2"),
            ("[a]\nb.c.d = 1\n[a.b.c]", 3, "table [a.b.c] was already made by the dotted key on line 2"),
            ("[a.b.c]\nz = 9\n[a]\nb.c.t = 1", 4, "key 'a.b.c.t' cannot add to table [a.b.c] defined on line 1"),
            ("[[a.b]]\n[a]\nb.y = 2", 3, "key 'a.b.y' cannot add to the array of tables [[a.b]] (line 1)"),
            ("[[a]]\n[a]", 2, "[a] is already an array of tables ([[…]] on line 1)"),
            ("[a]\n[[a]]", 2, "[[a]] cannot make an array of tables: 'a' is a table (line 1)"),
            ("a = 1\n[a]", 2, "'a' is already an integer (line 1), it cannot be a table"),
            ("[]", 1, "unexpected ']', expected a key"),
            ("[a", 1, "expected ']' to close the table header"),
            ("[a]]", 1, "unexpected ']' after the table header"),
            ("[[a]", 1, "expected ']]' to close the array-of-tables header"),
            ("[[a] ]", 1, "expected ']]' to close the array-of-tables header"),
            ("[ [a] ]", 1, "unexpected '[', expected a key"),
            ("[a.]", 1, "unexpected ']', expected a key"),
            ("[a..b]", 1, "unexpected '.', expected a key"),
            ("[a b]", 1, "expected ']' to close the table header"),
            ("[a] b = 1", 1, "unexpected 'b' after the table header"),
            ("[a]\nk = 1\n[b]\n[a]", 4, "table [a] is defined twice (first on line 1)"),
            ("[\"a\"]\n[a]", 2, "table [a] is defined twice"),
            ("[a\n]", 1, "expected ']' to close the table header"),
        ])
    func tables(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test(
        "encoding",
        arguments: [
            ("k = 1\n\u{FEFF}j = 2", 2, "unexpected U+FEFF, expected a key"),
            ("k = \"a\"\u{FEFF}", 1, "unexpected U+FEFF after the value"),
        ])
    func encoding(toml: String, line: Int, message: String) { Self.check(toml, line: line, message) }

    @Test("nesting deeper than the limit is refused, however it is spelled")
    func nestingLimit() {
        let depth = TOMLDocument.maximumDepth + 1
        let tooDeep = "nested deeper than \(TOMLDocument.maximumDepth) levels"
        Self.check("a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth), line: 1, tooDeep)
        Self.check("a = " + String(repeating: "{b = ", count: depth) + "1" + String(repeating: "}", count: depth), line: 1, tooDeep)
        Self.check("[" + Array(repeating: "t", count: depth).joined(separator: ".") + "]", line: 1, tooDeep)
        Self.check(Array(repeating: "k", count: depth).joined(separator: ".") + " = 1", line: 1, tooDeep)
        // An array of tables counts as two levels: its table is inside the array.
        let half = TOMLDocument.maximumDepth / 2 + 1
        Self.check((1...half).map { "[[" + Array(repeating: "a", count: $0).joined(separator: ".") + "]]" }.joined(separator: "\n"), line: half, tooDeep)
        // Arrays inside a table that is already deep.
        let base = Array(repeating: "t", count: TOMLDocument.maximumDepth - 1).joined(separator: ".")
        Self.check("[\(base)]\nk = [[1]]", line: 2, tooDeep)
    }
}
