import Testing
import WellAgent
import WellDesktopSupport

/// `[history]`: enabled, keepDays, maxCalls, with the file/line/key errors of every table.
@Suite struct ConfigHistoryTests {
    static func parse(_ history: String) throws(ConfigFileError) -> AgentConfigFile {
        try AgentConfigFile.parse("[server]\nurl = \"http://127.0.0.1:5088\"\n[history]\n" + history + "\n", fileName: "config.toml")
    }

    @Test func defaultsAreOnNinetyDaysTenThousandCalls() throws {
        let config = try AgentConfigFile.parse("[server]\nurl = \"http://127.0.0.1:5088\"\n", fileName: "config.toml")
        #expect(config.history == AgentConfigFile.History(enabled: true, keepDays: 90, maxCalls: 10_000))
    }

    @Test func valuesAreRead() throws {
        #expect(try Self.parse("enabled = false\nkeepDays = 7\nmaxCalls = 500").history == .init(enabled: false, keepDays: 7, maxCalls: 500))
    }

    @Test(
        "bad values are refused with the file, line and key",
        arguments: [
            ("keepDays = 0", "history.keepDays", ConfigFileError.Code.invalidValue, "at least 1"),
            ("maxCalls = -5", "history.maxCalls", .invalidValue, "at least 1"),
            ("keepDays = \"90\"", "history.keepDays", .wrongType, "must be an integer"),
            ("maxCalls = 1.5", "history.maxCalls", .wrongType, "must be an integer"),
            ("keepDays = true", "history.keepDays", .wrongType, "must be an integer"),
            ("keep = 3", "history.keep", .unknownKey, "unknown key"),
        ])
    func badValues(line: String, key: String, code: ConfigFileError.Code, words: String) throws {
        let error = try #require(throws: ConfigFileError.self) { try Self.parse("enabled = true\n" + line) }
        #expect(error.code == code)
        #expect(error.key == key)
        #expect(error.line == 5)
        #expect(error.file == "config.toml")
        #expect(error.message.contains(words), "\(error)")
    }

    @Test func enabledMustBeABoolean() throws {
        let error = try #require(throws: ConfigFileError.self) { try Self.parse("enabled = \"yes\"") }
        #expect(error.code == .wrongType)
        #expect(error.key == "history.enabled")
        #expect(error.line == 4)
        #expect(error.message.contains("true or false"), "\(error)")
    }

    @Test func renderWritesTheTableBack() throws {
        let config = try Self.parse("enabled = false\nkeepDays = 30\nmaxCalls = 200")
        let text = config.render()
        #expect(text.contains("[history]"))
        #expect(try AgentConfigFile.parse(text, fileName: "rendered.toml") == config)
    }
}
