import Foundation
import Testing
import WellClient
import WellControl
@testable import WellAgent
import WellProtocol
import WellTestSupport

/// The agent's small parts: password command, screen pop, saved session, settings, presentation.
@Suite("Agent parts")
struct AgentPartsTests {
    @Test(
        "passwordCommand is split like a shell would, without running one",
        arguments: [
            ("secret-tool lookup service wellclient", ["secret-tool", "lookup", "service", "wellclient"]),
            ("pass 'work/well client'", ["pass", "work/well client"]),
            (#"printf "%s\n" a\ b"#, ["printf", #"%s\n"#, "a b"]),
            ("  echo   x  ", ["echo", "x"]),
            ("echo $HOME;rm", ["echo", "$HOME;rm"]),
        ])
    func passwordCommandWords(line: String, words: [String]) throws {
        #expect(try PasswordCommand(line).words == words)
    }

    @Test("bad passwordCommand lines are refused", arguments: ["", "   ", "echo 'open", "echo \\"])
    func passwordCommandInvalid(line: String) {
        #expect(throws: AgentConfigurationError.self) { try PasswordCommand(line) }
    }

    @Test("passwordCommand: first output line; failures say why without the output")
    func passwordCommandRuns() async throws {
        let home = try TemporaryHome(label: "pwcmd")
        defer { home.remove() }
        try home.writeExecutable("give-secret", body: "printf 's3cr3t\\nsecond line\\n'")
        try home.writeExecutable("fail-secret", body: "echo leaked; exit 3")
        let environment = home.environment()
        #expect(try await PasswordCommand("give-secret").run(environment: environment) == "s3cr3t")
        do {
            _ = try await PasswordCommand("fail-secret").run(environment: environment)
            Issue.record("expected a failure")
        } catch {
            #expect(error.message.contains("status 3"))
            #expect(!error.description.contains("leaked"))
        }
        await #expect(throws: AgentConfigurationError.self) { try await PasswordCommand("no-such-tool-here").run(environment: environment) }
        // "$(…)" is an argument, not a command substitution: no shell runs.
        #expect(try await PasswordCommand("echo $(id)").run(environment: environment) == "$(id)")
    }

    @Test("screen pop URL: values are percent-encoded")
    func screenPopURL() {
        let pop = ScreenPop(template: "https://crm.example/search?phone={ani}&call={callId}")
        #expect(pop.url(ani: "13800138000", callId: "c-1") == "https://crm.example/search?phone=13800138000&call=c-1")
        #expect(pop.url(ani: "+86 1&x=y", callId: "a/b#c") == "https://crm.example/search?phone=%2B86%201%26x%3Dy&call=a%2Fb%23c")
    }

    @Test("screen pop runs the opener without a shell, with the URL as one argument")
    func screenPopOpens() async throws {
        let home = try TemporaryHome(label: "pop")
        defer { home.remove() }
        let out = home.root + "/opened"
        try home.writeExecutable("xdg-open", body: "printf '%s|' \"$@\" > '\(out)'")
        let pop = ScreenPop(template: "https://crm.example/?p={ani}")
        try await pop.open(ani: "1 2;rm", callId: "c", environment: home.environment())
        var text = ""
        try await eventually("the opener's output", timeout: .seconds(5), pollInterval: .milliseconds(50)) {
            text = (try? String(contentsOfFile: out, encoding: .utf8)) ?? ""
            return !text.isEmpty
        }
        #expect(text == "https://crm.example/?p=1%202%3Brm|")
    }

    @Test("saved session: 0600 round trip; a group-readable file is ignored")
    func savedSession() throws {
        let home = try TemporaryHome(label: "session")
        defer { home.remove() }
        let path = try #require(SavedSession.defaultPath(environment: home.environment()))
        #expect(path == home.stateHome + "/wellclient/session")
        let session = SavedSession(sessionId: "abc", agentId: "5001@demo.cc", serverURL: "http://x")
        try session.save(to: path)
        #expect(SavedSession.load(from: path) == session)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        chmod(path, 0o644)
        #expect(SavedSession.load(from: path) == nil)
        SavedSession.remove(at: path)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("settings from the config file: password command, calls and notifications switches")
    func settingsResolve() async throws {
        let home = try TemporaryHome(label: "settings")
        defer { home.remove() }
        try home.writeExecutable("pw", body: "echo fromcommand")
        let file = try AgentConfigFile.parse(
            """
            [server]
            url = "http://127.0.0.1:5088"
            [agent]
            jobNumber = "5001"
            domain = "demo.cc"
            extension = "8001"
            passwordCommand = "pw"
            loginMode = "ask"
            [calls]
            autoAnswer = true
            confirmDial = true
            screenPopURL = "https://crm/{ani}"
            [notifications]
            sound = false
            """, fileName: "config.toml")
        let settings = try await AgentSettings.resolve(file, path: "config.toml", environment: home.environment())
        #expect(settings.client.agent.password == "fromcommand")
        #expect(settings.client.agent.loginMode == .ask)
        #expect(settings.client.autoAnswer)
        #expect(settings.confirmDial)
        #expect(settings.screenPopURL == "https://crm/{ani}")
        #expect(!settings.sound)
        #expect(settings.serverURL == "http://127.0.0.1:5088")

        let incomplete = try AgentConfigFile.parse("[server]\nurl = \"http://x\"\n", fileName: "c.toml")
        await #expect(throws: AgentConfigurationError.self) {
            try await AgentSettings.resolve(incomplete, path: "c.toml", environment: home.environment())
        }
    }

    @Test("the agent named in a 459 answer is found")
    func agentNamedIn459() {
        #expect(AgentService.agentNamed(in: #"login failed: HTTP 459 extension in use — {"agent":"5002@demo.cc","status":459}"#) == "5002@demo.cc")
        #expect(AgentService.agentNamed(in: "HTTP 459") == nil)
    }

    @Test("client errors map to the control interface's error names, with HTTP status and meaning")
    func errorMapping() {
        let http = AgentControlError(WellClientError.http(status: 460, meaning: "calling", operation: "setAgentMode"))
        #expect(http.name == ControlInterface.ErrorName.server)
        #expect(http.message.contains("HTTP 460"))
        #expect(http.message.contains("calling"))
        #expect(AgentControlError(.notLoggedIn("x")).name == ControlInterface.ErrorName.notLoggedIn)
        #expect(AgentControlError(.refused("makeCall", "2 s")).name == ControlInterface.ErrorName.refused)
        #expect(AgentControlError(.transport("x", "y")).name == ControlInterface.ErrorName.unavailable)
        #expect(AgentControlError(.invalidNumber("makeCall", "bad")).name == ControlInterface.ErrorName.invalidNumber)
        #expect(AgentControlError(.invalidArgument("setCallData", "bad")).name == ControlInterface.ErrorName.invalidArgument)
    }
}
