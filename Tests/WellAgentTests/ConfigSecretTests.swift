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
            ("password = 0123456", "0123456"),                          // "leading zeros … '0123456'"
            ("password = 99999999999999999999", "99999999999999999999"), // "integer '…' is out of range"
            (#"password = "abc\qdef""#, #"\q"#),                         // "invalid escape sequence '\q'"
            (#"password = "s3cret"x"#, "'x'"),                          // "unexpected 'x' after the value"
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
    }
}
