import Foundation
import Testing
import WellDesktopSupport
import WellAgent
import WellTestSupport

/// `wellclient setup`: merging flags, asking for what is missing, writing 0600.
@Suite struct ConfigSetupTests {
    @Test("asks only for what is missing, in order, the password as a secret")
    func asksMissing() throws {
        var asked: [ConfigSetup.Question] = []
        let answers = ["server.url": " https://sdk.example.cc:5088 ", "agent.domain": "demo.cc", "agent.password": " pass word "]
        let config = try ConfigSetup(path: "config.toml").configuration(
            existing: nil, given: .init(agent: "5001", extension: "8001", loginMode: "stop")
        ) { question in
            asked.append(question)
            return answers[question.key]
        }
        #expect(asked.map(\.key) == ["server.url", "agent.domain", "agent.password"])
        #expect(asked.map(\.secret) == [false, false, true])
        #expect(config.server.url == "https://sdk.example.cc:5088")
        #expect(config.agent == .init(jobNumber: "5001", domain: "demo.cc", extension: "8001", password: " pass word ", loginMode: .stop))
    }

    @Test("an existing file keeps its values; flags replace them; passwordCommand is not replaced by a prompt")
    func existing() throws {
        let existing = AgentConfigFile(
            server: .init(url: "https://old.example"),
            agent: .init(jobNumber: "5001", domain: "demo.cc", extension: "8001", passwordCommand: "pass wc"),
            notifications: .init(enabled: false, sound: true))
        let config = try ConfigSetup(path: "config.toml").configuration(existing: existing, given: .init(server: "https://new.example", extension: "8002")) {
            Issue.record("asked \($0.key)")
            return nil
        }
        #expect(config.server.url == "https://new.example")
        #expect(config.agent.extension == "8002")
        #expect(config.agent.passwordCommand == "pass wc")
        #expect(config.agent.password == nil)
        #expect(config.notifications.enabled == false)
        let replaced = try ConfigSetup(path: "c").configuration(existing: existing, given: .init(password: "pw")) { _ in nil }
        #expect(replaced.agent.password == "pw" && replaced.agent.passwordCommand == nil)
    }

    @Test(
        "bad or missing answers are errors that name the key and the flag",
        arguments: [
            (ConfigSetup.Values(), [String: String](), "server.url", "pass --server"),
            (ConfigSetup.Values(server: "sdk.example.cc"), [:], "server.url", "is not a URL"),
            (ConfigSetup.Values(server: "https://a"), ["agent.jobNumber": "  "], "agent.jobNumber", "must not be empty"),
            (ConfigSetup.Values(server: "https://a", agent: "50 01"), [:], "agent.jobNumber", "without spaces"),
            (ConfigSetup.Values(server: "https://a", agent: "1", domain: "d", extension: "8", loginMode: "always"), [:], "agent.loginMode", "force, ask or stop"),
            (ConfigSetup.Values(server: "https://a", agent: "1", domain: "d", extension: "8"), [:], "agent.password", "pass --password-stdin"),
            (ConfigSetup.Values(server: "https://a", agent: "1", domain: "d", extension: "8", password: "a\nb"), [:], "agent.password", "one line"),
        ]
    )
    func failures(given: ConfigSetup.Values, answers: [String: String], key: String, message: String) {
        #expect {
            _ = try ConfigSetup(path: "config.toml").configuration(existing: nil, given: given) { answers[$0.key] }
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.key == key && error.description.contains(message)
        }
    }

    @Test("`wellclient setup` with flags and --password-stdin writes a 0600 file that loads back")
    func command() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"))
        let home = try TemporaryHome(label: "setup")
        defer { home.remove() }
        let run = try await ToolRun.run(
            binary, ["setup", "--server", "http://127.0.0.1:5088", "--agent", "5001", "--domain", "demo.cc", "--extension", "8001", "--password-stdin"],
            environment: home.environment(), input: "123456\n")
        #expect(run.succeeded, "\(run)")
        let path = home.configHome + "/wellclient/config.toml"
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        let config = try AgentConfigFile.load(from: path)
        #expect(config.agent == .init(jobNumber: "5001", domain: "demo.cc", extension: "8001", password: "123456"))
        #expect(!run.standardOutput.contains("123456") && !run.standardError.contains("123456"))

        // Prompts read from a non-terminal stdin, one line each; the file's values are kept.
        let again = try await ToolRun.run(binary, ["setup", "--extension", "8002", "--login-mode", "ask"], environment: home.environment(), input: "")
        #expect(again.succeeded, "\(again)")
        let updated = try AgentConfigFile.load(from: path)
        #expect(updated.agent.extension == "8002" && updated.agent.loginMode == .ask && updated.agent.password == "123456")

        let fresh = try TemporaryHome(label: "setup")
        defer { fresh.remove() }
        let prompted = try await ToolRun.run(binary, ["setup"], environment: fresh.environment(), input: "https://sdk.example\n5002\ndemo.cc\n8003\npw\n")
        #expect(prompted.succeeded, "\(prompted)")
        #expect(prompted.standardError.contains("CTI server URL"))
        let written = try AgentConfigFile.load(from: fresh.configHome + "/wellclient/config.toml")
        #expect(written.agent == .init(jobNumber: "5002", domain: "demo.cc", extension: "8003", password: "pw"))

        let refused = try await ToolRun.run(binary, ["setup"], environment: fresh.environment(["XDG_CONFIG_HOME": fresh.root + "/other"]), input: "")
        #expect(!refused.succeeded)
        #expect(refused.standardError.contains("pass --server"), "\(refused)")
    }
}
