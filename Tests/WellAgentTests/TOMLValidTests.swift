import Testing
import WellDesktopSupport

/// Valid TOML 1.0, one case per form, by the categories of the TOML test suite (our own cases).
/// Each document is compared with its expected value written as an inline table: the parser's
/// canonical form (`TOMLValue.description`), where types show (`1`, `1.0`, `"1"`, a bare date),
/// `0x1F` is `31`, and a table from a header looks like an inline table. The expected text is
/// parsed as well, so a case also proves that the canonical form reads back to the same value.
@Suite struct TOMLValidTests {
    static func check(_ toml: String, _ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let document = try TOMLDocument(parsing: toml)
        #expect(document.root.description == expected, sourceLocation: sourceLocation)
        let again = try TOMLDocument(parsing: "v = \(expected)")
        #expect(again.root["v"]?.value == .table(document.root), sourceLocation: sourceLocation)
    }

    @Test(
        "arrays",
        arguments: [
            ("a = [1, 2, 3]", "{ a = [1, 2, 3] }"),
            ("a = []\nb = [ ]\nc = [\n]", "{ a = [], b = [], c = [] }"),
            ("a = [\n  1,   # one\n  2,\n\n  # a comment line\n  3,\n]", "{ a = [1, 2, 3] }"),
            ("a = [1,2,]", "{ a = [1, 2] }"),
            ("a = [[1, 2], [\"x\"], [], [[true]]]", #"{ a = [[1, 2], ["x"], [], [[true]]] }"#),
            ("a = [1, \"x\", 1.5, true, 1979-05-27, [], {b = 1}]", #"{ a = [1, "x", 1.5, true, 1979-05-27, [], { b = 1 }] }"#),
            ("a = [\"],\", ']', \"#\", \"\"\"[\"\"\"]", ##"{ a = ["],", "]", "#", "["] }"##),
            ("a = [ { x = 1 }, { y = [ 2 ] } ]", "{ a = [{ x = 1 }, { y = [2] }] }"),
            ("a = [\r\n  \"x\",\r\n]\r\n", #"{ a = ["x"] }"#),
            ("sites = [\"https://crm.example.com\"]", #"{ sites = ["https://crm.example.com"] }"#),
        ])
    func arrays(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "booleans",
        arguments: [
            ("t = true\nf = false", "{ t = true, f = false }"),
            ("a = [true,false]", "{ a = [true, false] }"),
        ])
    func booleans(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "comments",
        arguments: [
            ("# only a comment", "{}"),
            ("# top\n[t] # after a header\nk = 1 # after a value\n#end", "{ t = { k = 1 } }"),
            ("k = \"# not a comment\" # a comment", ##"{ k = "# not a comment" }"##),
            ("k = 1 #\t tab, \u{E9}, \u{1F600} and \"quotes\" are fine", "{ k = 1 }"),
            ("k = 1 # no newline at the end", "{ k = 1 }"),
            ("[[a]] # after an array-of-tables header\n", "{ a = [{}] }"),
        ])
    func comments(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "date-times",
        arguments: [
            ("d = 1979-05-27T07:32:00Z", "{ d = 1979-05-27T07:32:00Z }"),
            ("d = 1979-05-27t07:32:00z", "{ d = 1979-05-27T07:32:00Z }"),
            ("d = 1979-05-27 07:32:00Z", "{ d = 1979-05-27T07:32:00Z }"),
            ("d = 1979-05-27T00:32:00-07:00", "{ d = 1979-05-27T00:32:00-07:00 }"),
            ("d = 1979-05-27T00:32:00+08:30", "{ d = 1979-05-27T00:32:00+08:30 }"),
            ("d = 1979-05-27T00:32:00.999999-07:00", "{ d = 1979-05-27T00:32:00.999999-07:00 }"),
            ("d = 1979-05-27T00:32:00.5+00:00", "{ d = 1979-05-27T00:32:00.5Z }"),
            ("d = 1979-05-27T07:32:00", "{ d = 1979-05-27T07:32:00 }"),
            ("d = 1979-05-27 07:32:00.123", "{ d = 1979-05-27T07:32:00.123 }"),
            ("d = 1979-05-27", "{ d = 1979-05-27 }"),
            ("d = 07:32:00", "{ d = 07:32:00 }"),
            ("d = 00:32:00.999999", "{ d = 00:32:00.999999 }"),
            ("d = 00:00:00.1234567891234", "{ d = 00:00:00.123456789 }"),
            ("d = 2000-02-29\ne = 2024-02-29", "{ d = 2000-02-29, e = 2024-02-29 }"),
            ("d = 1990-12-31T23:59:60Z", "{ d = 1990-12-31T23:59:60Z }"),
            ("d = 0000-01-01\ne = 9999-12-31T23:59:59", "{ d = 0000-01-01, e = 9999-12-31T23:59:59 }"),
            ("d = 1979-05-27 # a date, then a comment", "{ d = 1979-05-27 }"),
            ("d = [1979-05-27, 1979-05-27 07:32:00]", "{ d = [1979-05-27, 1979-05-27T07:32:00] }"),
        ])
    func dateTimes(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "floats",
        arguments: [
            ("a = 3.14\nb = +1.0\nc = -0.01", "{ a = 3.14, b = 1.0, c = -0.01 }"),
            ("a = 5e+22\nb = 1e06\nc = -2E-2\nd = 6.626e-34", "{ a = 5e+22, b = 1000000.0, c = -0.02, d = 6.626e-34 }"),
            ("a = 224_617.445_991_228\nb = 1_0.0_1e1_0", "{ a = 224617.445991228, b = 100100000000.0 }"),
            ("a = 0.0\nb = -0.0\nc = +0.0\nd = 0e0", "{ a = 0.0, b = -0.0, c = 0.0, d = 0.0 }"),
            ("a = inf\nb = +inf\nc = -inf", "{ a = inf, b = inf, c = -inf }"),
            ("a = nan\nb = +nan\nc = -nan", "{ a = nan, b = nan, c = nan }"),
            ("a = 1.7976931348623157e308\nb = 5e-324", "{ a = 1.7976931348623157e+308, b = 5e-324 }"),
            ("a = 0.1", "{ a = 0.1 }"),
        ])
    func floats(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "integers",
        arguments: [
            ("a = 42\nb = +99\nc = -17\nd = 0\ne = +0\nf = -0", "{ a = 42, b = 99, c = -17, d = 0, e = 0, f = 0 }"),
            ("a = 1_000\nb = 5_349_221\nc = 1_2_3_4_5", "{ a = 1000, b = 5349221, c = 12345 }"),
            ("a = 0xDEADBEEF\nb = 0xdead_beef\nc = 0x0\nd = 0x00ff", "{ a = 3735928559, b = 3735928559, c = 0, d = 255 }"),
            ("a = 0o01234567\nb = 0o755\nc = 0b11010110\nd = 0b0_1", "{ a = 342391, b = 493, c = 214, d = 1 }"),
            ("a = 9223372036854775807\nb = -9223372036854775808", "{ a = 9223372036854775807, b = -9223372036854775808 }"),
            ("a = 0x7FFFFFFFFFFFFFFF", "{ a = 9223372036854775807 }"),
        ])
    func integers(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "inline tables",
        arguments: [
            ("a = {}\nb = { }", "{ a = {}, b = {} }"),
            ("name = { first = \"Tom\", last = \"Preston-Werner\" }", #"{ name = { first = "Tom", last = "Preston-Werner" } }"#),
            ("point = {x=1,y=2}", "{ point = { x = 1, y = 2 } }"),
            ("animal = { type.name = \"pug\", type.age = 3 }", #"{ animal = { type = { name = "pug", age = 3 } } }"#),
            ("a = { b = { c = { d = 1 } } }", "{ a = { b = { c = { d = 1 } } } }"),
            ("a = { \"quoted key\" = 1, 'lit' = [1, { x = 2 }] }", #"{ a = { "quoted key" = 1, lit = [1, { x = 2 }] } }"#),
            ("[t]\na = { b = 1 }\n[t.c]\nd = 2", "{ t = { a = { b = 1 }, c = { d = 2 } } }"),
        ])
    func inlineTables(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "keys",
        arguments: [
            ("key = 1\nbare_key = 2\nbare-key = 3\n1234 = 4", "{ key = 1, bare_key = 2, bare-key = 3, 1234 = 4 }"),
            ("\"127.0.0.1\" = 1\n\"character encoding\" = 2\n'quoted \"value\"' = 3", #"{ "127.0.0.1" = 1, "character encoding" = 2, "quoted \"value\"" = 3 }"#),
            ("\"\u{02BB}ka\u{0304}\" = 1\n\"\\u00e9\" = 2", "{ \"\u{02BB}ka\u{0304}\" = 1, \"\u{E9}\" = 2 }"),
            ("\"\" = 1", #"{ "" = 1 }"#),
            ("'' = 1", #"{ "" = 1 }"#),
            ("a.b.c = 1\na.b.d = 2\na.e = 3", "{ a = { b = { c = 1, d = 2 }, e = 3 } }"),
            ("a . b = 1\na\t.\t\"c.d\" = 2\na.'e' = 3", #"{ a = { b = 1, "c.d" = 2, e = 3 } }"#),
            ("3.14159 = \"pi\"", #"{ 3 = { 14159 = "pi" } }"#),
            ("true = 1\nfalse = 2\ninf = 3\nnan = 4", "{ true = 1, false = 2, inf = 3, nan = 4 }"),
            ("site.\"google.com\" = true", #"{ site = { "google.com" = true } }"#),
            ("a=1\nb =2\nc= 3\n  d   =   4", "{ a = 1, b = 2, c = 3, d = 4 }"),
            ("\"a\\tb\" = 1\n\"\\\"\" = 2", #"{ "a\tb" = 1, "\"" = 2 }"#),
        ])
    func keys(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "strings",
        arguments: [
            (
                #"s = "I'm a string. \"You can quote me\". Name\tJos\u00E9\nLocation\tSF.""#,
                #"{ s = "I'm a string. \"You can quote me\". Name\tJosé\nLocation\tSF." }"#
            ),
            (#"s = "\b\t\n\f\r\"\\ \u0041 \U0001F600 \u0000 \u007F""#, #"{ s = "\u0008\t\n\u000C\r\"\\ A 😀 \u0000 \u007F" }"#),
            ("s = \"tab\there\"", #"{ s = "tab\there" }"#),
            ("s = \"\"\"\nRoses are red\nViolets are blue\"\"\"", #"{ s = "Roses are red\nViolets are blue" }"#),
            ("s = \"\"\"\r\nRoses\r\nViolets\"\"\"", #"{ s = "Roses\nViolets" }"#),
            ("s = \"\"\"\nThe quick \\\n\n\n  brown \\\n   fox.\\\n\"\"\"", #"{ s = "The quick brown fox." }"#),
            ("s = \"\"\"a \\   \n  b\"\"\"", #"{ s = "a b" }"#),
            ("s = \"\"\"Here are two quotation marks: \"\". Simple enough.\"\"\"", #"{ s = "Here are two quotation marks: \"\". Simple enough." }"#),
            ("s = \"\"\"\"This,\" she said, \"is just a pointless statement.\"\"\"\"", #"{ s = "\"This,\" she said, \"is just a pointless statement.\"" }"#),
            ("s = \"\"\"\"\"\"\"\"", #"{ s = "\"\"" }"#),
            ("s = \"\"\"\\\"\"\"\"\"\"", #"{ s = "\"\"\"" }"#),
            ("s = \"\"\"\"\"\"", #"{ s = "" }"#),
            ("s = \"\"\"\\u00e9\\t\"\"\"", "{ s = \"\u{E9}\\t\" }"),
            (#"s = 'C:\Users\nodejs\templates'"#, #"{ s = "C:\\Users\\nodejs\\templates" }"#),
            (#"s = '<\i\c*\s*>'"#, #"{ s = "<\\i\\c*\\s*>" }"#),
            ("s = 'Tom \"Dubs\" Preston-Werner'", #"{ s = "Tom \"Dubs\" Preston-Werner" }"#),
            (
                "s = '''\nThe first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n'''",
                #"{ s = "The first newline is\ntrimmed in raw strings.\n   All other whitespace\n   is preserved.\n" }"#
            ),
            ("s = '''I [dw]on't need \\d{2} apples'''", #"{ s = "I [dw]on't need \\d{2} apples" }"#),
            ("s = ''''That,' she said, 'is still pointless.''''", #"{ s = "'That,' she said, 'is still pointless.'" }"#),
            ("s = ''''''''", #"{ s = "''" }"#),
            ("s = ''\nt = \"\"", #"{ s = "", t = "" }"#),
            ("s = \"\u{4E2D}\u{6587} \u{1F600}\"", "{ s = \"\u{4E2D}\u{6587} \u{1F600}\" }"),
            ("s = \"\"\"\n\ttab and \\\\ backslash\"\"\"", #"{ s = "\ttab and \\ backslash" }"#),
        ])
    func strings(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "tables and arrays of tables",
        arguments: [
            ("[a]\n[b]\nk = 1", "{ a = {}, b = { k = 1 } }"),
            ("[a.b.c]\nk = 1", "{ a = { b = { c = { k = 1 } } } }"),
            ("[ a . b ]\n[ \"x y\" . 'z' ]", #"{ a = { b = {} }, "x y" = { z = {} } }"#),
            ("[a.b.c]\nanswer = 42\n[a]\nbetter = 43", "{ a = { b = { c = { answer = 42 } }, better = 43 } }"),
            ("[a]\nbetter = 43\n[a.b.c]\nanswer = 42", "{ a = { better = 43, b = { c = { answer = 42 } } } }"),
            (
                "[fruit]\napple.color = \"red\"\napple.taste.sweet = true\n[fruit.apple.texture]\nsmooth = true",
                #"{ fruit = { apple = { color = "red", taste = { sweet = true }, texture = { smooth = true } } } }"#
            ),
            ("[[p]]\nname = \"Hammer\"\n[[p]]\n[[p]]\nname = \"Nail\"", #"{ p = [{ name = "Hammer" }, {}, { name = "Nail" }] }"#),
            (
                "[[fruits]]\nname = \"apple\"\n[fruits.physical]\ncolor = \"red\"\n[[fruits.varieties]]\nname = \"red delicious\"\n[[fruits.varieties]]\nname = \"granny smith\"\n[[fruits]]\nname = \"banana\"\n[[fruits.varieties]]\nname = \"plantain\"",
                #"{ fruits = [{ name = "apple", physical = { color = "red" }, varieties = [{ name = "red delicious" }, { name = "granny smith" }] }, { name = "banana", varieties = [{ name = "plantain" }] }] }"#
            ),
            ("[[a.b]]\nx = 1\n[a]\ny = 2", "{ a = { b = [{ x = 1 }], y = 2 } }"),
            ("[fruit]\napple.color = \"red\"\n[[fruit.apple.seeds]]\nsize = 2", #"{ fruit = { apple = { color = "red", seeds = [{ size = 2 }] } } }"#),
            ("top = 1\n[t]\nk = 1\n\n\n[u]", "{ top = 1, t = { k = 1 }, u = {} }"),
            ("a.b = 1\n[a.c]\nd = 2", "{ a = { b = 1, c = { d = 2 } } }"),
        ])
    func tables(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test(
        "encoding and line ends",
        arguments: [
            ("", "{}"),
            (" \t \n\n", "{}"),
            ("\u{FEFF}k = 1", "{ k = 1 }"),
            ("[a]\r\nk = \"v\"\r\n# c\r\n", #"{ a = { k = "v" } }"#),
            ("k = 1\n", "{ k = 1 }"),
            ("k = 1", "{ k = 1 }"),
            ("k = \"\u{10FFFF}\u{E000}\"", "{ k = \"\u{10FFFF}\u{E000}\" }"),
        ])
    func encoding(toml: String, expected: String) throws { try Self.check(toml, expected) }

    @Test("nesting up to the limit is allowed")
    func nestingLimit() throws {
        let depth = TOMLDocument.maximumDepth
        let arrays = "a = " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        #expect(throws: Never.self) { try TOMLDocument(parsing: arrays) }
        let header = "[" + Array(repeating: "t", count: depth).joined(separator: ".") + "]"
        #expect(throws: Never.self) { try TOMLDocument(parsing: header) }
        let dotted = Array(repeating: "k", count: depth).joined(separator: ".") + " = 1"
        #expect(throws: Never.self) { try TOMLDocument(parsing: dotted) }
    }
}
