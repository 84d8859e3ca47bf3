import Testing
import WellDesktopSupport
import WellAgent

/// A config error never carries the password: the error text goes to the log, to `Status` and
/// into a notification (README "Security").
@Suite struct ConfigSecretTests {
    static func file(_ passwordLine: String) -> String {
        "[server]\nurl = \"https://a\"\n[agent]\njobNumber = \"5001\"\n\(passwordLine)\nextension = \"8001\""
    }

    @Test(
        "a syntax error on the password line names the line and key but quotes nothing of it",
        arguments: [
            ("password = 0123456", "0123456"), // "leading zeros … '0123456'"
            ("password = 99999999999999999999", "99999999999999999999"), // "integer '…' is out of range"
            (#"password = "abc\qdef""#, #"\q"#), // "invalid escape sequence '\q'"
            (#"password = "s3cret"x"#, "'x'"), // "unexpected 'x' after the value"
            ("  password = tru3", "tru3"),
        ]
    )
    func syntaxErrorOnPasswordLine(line: String, secretPart: String) {
        #expect {
            _ = try AgentConfigFile.parse(Self.file(line), fileName: "config.toml")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.code == .syntax && error.line == 5
                && error.description.hasPrefix("config.toml:5: the value of 'password' is not a valid string")
                && !error.description.contains(secretPart)
        }
    }

    @Test(
        "a syntax error inside the password's value, however the value and the key are written, quotes none of it",
        arguments: [
            (file("password = [0123456]"), 5, "0123456"),
            (file("password = [\"ok\", 0123456]"), 5, "0123456"),
            (file("password = { x = 0123456 }"), 5, "0123456"),
            (file(#"password = """s3cret\qx""""#), 5, #"\q"#),
            (file("password = \"\"\"\nfirst line\nhunter2\\q\"\"\""), 7, #"\q"#),
            (file("password = \"\"\"\nhunter2 never closed"), 5, "hunter2"),
            (file("password = 'hunter2"), 5, "hunter2"),
            ("agent.password = 0123456\n[server]\nurl = \"https://a\"", 1, "0123456"),
            ("agent = { jobNumber = \"5001\", password = 0123456 }\n[server]\nurl = \"https://a\"", 1, "0123456"),
            ("agent = { password = \"x\" 0123456 }\n[server]\nurl = \"https://a\"", 1, "0123456"),
        ]
    )
    func syntaxErrorInsidePasswordValue(text: String, line: Int, secretPart: String) {
        #expect {
            _ = try AgentConfigFile.parse(text, fileName: "config.toml")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.code == .syntax && error.line == line
                && error.description.hasPrefix("config.toml:\(line): the value of 'password' is not a valid string")
                && !error.description.contains(secretPart)
        }
    }

    @Test("a password of another type is a type error that does not show the value", arguments: ["[\"hunter2\"]", "{ p = \"hunter2\" }", "1979-05-27"])
    func passwordOfAnotherType(value: String) {
        #expect {
            _ = try AgentConfigFile.parse(Self.file("password = \(value)"), fileName: "config.toml")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.code == .wrongType && error.line == 5 && !error.description.contains("hunter2") && !error.description.contains("1979")
        }
    }

    @Test("an unquoted whole-number password is a type error that does not show the value")
    func integerPassword() {
        #expect {
            _ = try AgentConfigFile.parse(Self.file("password = 123456"), fileName: "config.toml")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.code == .wrongType && !error.description.contains("123456")
        }
    }

    @Test("syntax errors on other lines still quote what is wrong")
    func otherLinesKeepTheirDetail() {
        #expect {
            _ = try AgentConfigFile.parse(Self.file("password = \"x\"\ntimeout = 012"), fileName: "config.toml")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.description.contains("leading zeros are not allowed in integer '012'")
        }
        #expect {
            _ = try AgentConfigFile.parse(Self.file("password = \"x\"\nnotReadyReasons = [\"a\", 012]"), fileName: "config.toml")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.line == 6 && error.description.contains("leading zeros are not allowed in integer '012'")
        }
    }
}
