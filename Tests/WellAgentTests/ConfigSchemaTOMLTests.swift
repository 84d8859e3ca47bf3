import Testing
import WellAgent
import WellDesktopSupport

/// The config schema over full TOML 1.0: every spelling of a table reaches the same keys, and
/// array-of-strings keys (`agent.notReadyReasons`) are typed with errors that name key and line.
@Suite struct ConfigSchemaTOMLTests {
    static let server = "[server]\nurl = \"https://a.example\"\n"

    static func parse(_ text: String) throws -> AgentConfigFile {
        try AgentConfigFile.parse(text, fileName: "config.toml")
    }

    @Test(
        "a table written as a header, as dotted keys or inline is the same configuration",
        arguments: [
            "[server]\nurl = \"https://a.example\"\n[agent]\njobNumber = \"5001\"\nnotReadyReasons = [\"Break\"]\n[calls]\nautoAnswer = true",
            "server.url = \"https://a.example\"\nagent.jobNumber = \"5001\"\nagent.notReadyReasons = [\"Break\"]\ncalls.autoAnswer = true",
            "server = { url = \"https://a.example\" }\nagent = { jobNumber = \"5001\", notReadyReasons = [ \"Break\" ] }\ncalls = { autoAnswer = true }",
            "[server]\nurl = 'https://a.example'\n[agent]\n\"jobNumber\" = \"\"\"5001\"\"\"\nnotReadyReasons = [\n  '''Break''',  # the only one\n]\n[calls]\nautoAnswer = true # yes",
        ]
    )
    func spellings(text: String) throws {
        let expected = AgentConfigFile(
            server: .init(url: "https://a.example"), agent: .init(jobNumber: "5001", notReadyReasons: ["Break"]),
            calls: .init(autoAnswer: true))
        #expect(try Self.parse(text) == expected)
    }

    @Test("notReadyReasons: absent is empty; over several lines, with comments and a trailing comma")
    func notReadyReasons() throws {
        #expect(try Self.parse(Self.server).agent.notReadyReasons == [])
        #expect(try Self.parse(Self.server + "[agent]\nnotReadyReasons = []").agent.notReadyReasons == [])
        let text = Self.server + "[agent]\nnotReadyReasons = [\n  \"Break\",   # 示忙\n  'Lunch',\n  \"Training \\u2013 room 2\",\n]\n"
        #expect(try Self.parse(text).agent.notReadyReasons == ["Break", "Lunch", "Training – room 2"])
    }

    @Test("the rendered file writes the reasons and reads them back")
    func rendered() throws {
        let config = AgentConfigFile(server: .init(url: "https://a.example"), agent: .init(notReadyReasons: ["Break", "Lunch"]))
        #expect(config.render().contains(#"notReadyReasons = ["Break", "Lunch"]"#))
        #expect(try Self.parse(config.render()) == config)
        #expect(AgentConfigFile(server: .init(url: "https://a.example")).render().contains("notReadyReasons = []"))
    }

    @Test(
        "type and value errors name the file, the line and the key (the [server] table follows each case)",
        arguments: [
            ("[agent]\nnotReadyReasons = \"Break\"", "config.toml:2: 'agent.notReadyReasons' must be an array of strings ([\"…\", \"…\"]), not a string", ConfigFileError.Code.wrongType),
            ("[agent]\nnotReadyReasons = [\n  \"Break\",\n  2,\n]", "config.toml:2: 'agent.notReadyReasons' must be an array of strings; item 2 is an integer", .wrongType),
            ("[agent]\nnotReadyReasons = [[\"Break\"]]", "config.toml:2: 'agent.notReadyReasons' must be an array of strings; item 1 is an array", .wrongType),
            ("[agent]\nnotReadyReasons = [\"Break\", \"\"]", "config.toml:2: invalid value for 'agent.notReadyReasons': item 2 is an empty string", .invalidValue),
            ("[agent]\nnotReadyReasons = [\"Break\", \"Lunch\", \"Break\"]", "config.toml:2: invalid value for 'agent.notReadyReasons': item 3 repeats item 1, \"Break\"", .invalidValue),
            ("[agent]\njobNumber = [\"5001\"]", "config.toml:2: 'agent.jobNumber' must be a string (in quotes), not array", .wrongType),
            ("[calls]\nautoAnswer = [true]", "config.toml:2: 'calls.autoAnswer' must be true or false, not array [true]", .wrongType),
            ("agent = 1", "config.toml:1: 'agent' must be a table ([agent] and its keys below it), not an integer", .wrongType),
            ("[[agent]]\njobNumber = \"5001\"", "config.toml:1: 'agent' must be a table ([agent] and its keys below it), not an array", .wrongType),
            ("[agent.sub]\nk = 1", "config.toml:1: unknown key 'agent.sub'", .unknownKey),
            ("agent.pasword = \"x\"", "config.toml:1: unknown key 'agent.pasword'", .unknownKey),
            ("agent = { pasword = \"x\" }", "config.toml:1: unknown key 'agent.pasword'", .unknownKey),
            ("[browsers]\nsites = [\"https://crm.example.com\"]", "config.toml:1: unknown table [browsers]", .unknownKey),
            ("\"agent.jobNumber\" = \"5001\"", #"config.toml:1: unknown key '"agent.jobNumber"' outside any table"#, .unknownKey),
            ("[agent]\njobNumber = \"1\"\n[agent]", "config.toml:3: table [agent] is defined twice (first on line 1)", .syntax),
        ]
    )
    func errors(body: String, message: String, code: ConfigFileError.Code) {
        #expect {
            _ = try Self.parse(body + "\n" + Self.server)
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.code == code && error.description.hasPrefix(message)
        }
    }

    @Test("the key of a type error is the dotted schema key")
    func errorKey() {
        do {
            _ = try AgentConfigFile.parse("agent.notReadyReasons = 1\n" + Self.server, fileName: "config.toml")
            Issue.record("parsed")
        } catch {
            #expect(error.key == "agent.notReadyReasons")
            #expect(error.line == 1)
        }
    }
}
