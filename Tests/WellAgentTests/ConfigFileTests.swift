import Foundation
import Testing
import WellClient
import WellNumbers
import WellDesktopSupport
import WellAgent
import WellTestSupport

/// The config file (schema and defaults: the README's Configuration section): schema, defaults,
/// errors with file:line, permissions, writing 0600.
@Suite struct ConfigFileTests {
    static let full = #"""
        # full example
        [server]
        url = "https://sdk.example.cc:5088"
        tpiURL = "https://tpi.example.cc/login"
        wsURL = "wss://sdk.example.cc:5089/mvc/stomp/websocket"
        topic = "legacy"
        caFile = "/etc/ssl/extra.pem"
        [agent]
        jobNumber = "5001"
        domain = "demo.cc"
        extension = "8001"
        password = "s3cr\"et"
        loginMode = "ask"
        initialMode = "Ready"
        stayLoggedIn = true
        notReadyReasons = [
            "Break",     # 示忙
            "手工外呼",
        ]
        wrapUpSeconds = 30
        [dialPlan]
        plusPrefix = "00"
        outsidePrefix = "9"
        internalPattern = '^[78]\d{3}$'
        [calls]
        autoAnswer = true
        confirmDial = true
        screenPopURL = "https://crm.example/search?phone={ani}&call={callId}"
        [notifications]
        enabled = false
        sound = false
        """#

    @Test("a full file maps every key")
    func fullFile() throws {
        let config = try AgentConfigFile.parse(Self.full, fileName: "config.toml")
        let expected = AgentConfigFile(
            server: .init(
                url: "https://sdk.example.cc:5088", tpiURL: "https://tpi.example.cc/login", wsURL: "wss://sdk.example.cc:5089/mvc/stomp/websocket",
                topic: .legacy, caFile: "/etc/ssl/extra.pem"),
            agent: .init(
                jobNumber: "5001", domain: "demo.cc", extension: "8001", password: "s3cr\"et", loginMode: .ask, initialMode: .ready, stayLoggedIn: true,
                notReadyReasons: ["Break", "手工外呼"], wrapUpSeconds: 30),
            dialPlan: try DialPlan(plusPrefix: "00", outsidePrefix: .digits("9"), internalPattern: #"^[78]\d{3}$"#),
            calls: .init(autoAnswer: true, confirmDial: true, screenPopURL: "https://crm.example/search?phone={ani}&call={callId}"),
            notifications: .init(enabled: false, sound: false)
        )
        #expect(config == expected)
        #expect(config.missingLoginKeys.isEmpty)
    }

    @Test("only server.url is required; everything else has the README's default")
    func defaults() throws {
        let config = try AgentConfigFile.parse("[server]\nurl = \"http://127.0.0.1:5088\"\n", fileName: "config.toml")
        #expect(config == AgentConfigFile(server: .init(url: "http://127.0.0.1:5088")))
        #expect(config.server.topic == .agent)
        #expect(config.server.tpiURL == nil && config.server.wsURL == nil && config.server.caFile == nil)
        #expect(config.agent.loginMode == .force)
        #expect(config.agent.initialMode == .notReady)
        #expect(config.agent.stayLoggedIn == false)
        #expect(config.agent.notReadyReasons == [])
        #expect(config.agent.wrapUpSeconds == 0)
        #expect(config.dialPlan == .standard)
        #expect(config.dialPlan.internalPattern == #"^8\d{3,5}$"#)
        #expect(config.calls == .init(autoAnswer: false, confirmDial: false, screenPopURL: nil))
        #expect(config.notifications == .init(enabled: true, sound: true))
        #expect(config.missingLoginKeys == ["agent.jobNumber", "agent.domain", "agent.extension", "agent.password"])
    }

    @Test("the default TPI and event URLs come from the client's one rule: a path in server.url is kept")
    func defaultURLs() async throws {
        let home = try TemporaryHome(label: "urls")
        defer { home.remove() }
        for (url, tpi, events) in [
            ("http://127.0.0.1:5088", "http://127.0.0.1:5088/login", "ws://127.0.0.1:5088/mvc/stomp/websocket"),
            ("https://sdk.example.cc/cti", "https://sdk.example.cc/cti/login", "wss://sdk.example.cc/cti/mvc/stomp/websocket"),
        ] {
            let file = try AgentConfigFile.parse(
                "[server]\nurl = \"\(url)\"\n[agent]\njobNumber = \"5001\"\ndomain = \"demo.cc\"\nextension = \"8001\"\npassword = \"x\"\n",
                fileName: "config.toml")
            let settings = try await AgentSettings.resolve(file, path: "config.toml", environment: home.environment())
            #expect(settings.client.server.resolvedTPIURL.absoluteString == tpi)
            #expect(settings.client.server.resolvedWebSocketURL.absoluteString == events)
        }
    }

    @Test("the README's example itself parses (empty strings are defaults, the escaped pattern is the default)")
    func productExample() throws {
        let text = #"""
            [server]
            url = "https://sdk.example.cc:5088"   # CSTA REST base; required
            tpiURL = ""                           # default: url + "/login"
            wsURL = ""
            topic = "agent"
            caFile = ""
            [agent]
            jobNumber = "5001"
            domain = "demo.cc"
            extension = "8001"
            password = ""
            loginMode = "force"
            initialMode = "NotReady"
            stayLoggedIn = false
            [dialPlan]
            plusPrefix = ""
            outsidePrefix = ""
            internalPattern = "^8\\d{3,5}$"
            [calls]
            autoAnswer = false
            confirmDial = false
            screenPopURL = ""
            [notifications]
            enabled = true
            sound = true
            """#
        let config = try AgentConfigFile.parse(text, fileName: "config.toml")
        #expect(config.dialPlan == .standard)
        #expect(config.agent.password == nil)
        #expect(config.missingLoginKeys == ["agent.password"])
    }

    static func body(_ agentLines: String) -> String {
        "[server]\nurl = \"https://sdk.example.cc\"\n\n[agent]\njobNumber = \"5001\"\ndomain = \"demo.cc\"\n" + agentLines
    }

    @Test(
        "errors name the file, the line and the key",
        arguments: [
            (body("pasword = \"x\""), "config.toml:7: unknown key 'agent.pasword'", ConfigFileError.Code.unknownKey),
            ("[sever]\nurl = \"https://x\"", "config.toml:1: unknown table [sever]", .unknownKey),
            ("url = \"https://x\"", "config.toml:1: unknown key 'url' outside any table", .unknownKey),
            (body("extension = 8001"), "config.toml:7: 'agent.extension' must be a string (in quotes), not integer", .wrongType),
            (body("stayLoggedIn = \"yes\""), "config.toml:7: 'agent.stayLoggedIn' must be true or false, not string \"yes\"", .wrongType),
            (body("loginMode = \"Force\""), "config.toml:7: invalid value for 'agent.loginMode': \"Force\" is not one of \"force\", \"ask\", \"stop\"", .invalidValue),
            (body("initialMode = \"Busy\""), "config.toml:7: invalid value for 'agent.initialMode'", .invalidValue),
            (body("wrapUpSeconds = -1"), "config.toml:7: invalid value for 'agent.wrapUpSeconds': -1 must be from 0 (not known) to 3600 seconds", .invalidValue),
            (body("wrapUpSeconds = 86400"), "config.toml:7: invalid value for 'agent.wrapUpSeconds'", .invalidValue),
            (body("wrapUpSeconds = \"15\""), "config.toml:7: 'agent.wrapUpSeconds' must be an integer (no quotes), not string", .wrongType),
            ("[server]\nurl = \"sdk.example.cc:5088\"", "config.toml:2: invalid value for 'server.url': \"sdk.example.cc:5088\" is not a URL", .invalidValue),
            ("[server]\nurl = \"ftp://sdk\"", "config.toml:2: invalid value for 'server.url': \"ftp://sdk\" has the wrong scheme", .invalidValue),
            ("[server]\nurl = \"https://\"", "config.toml:2: invalid value for 'server.url': \"https://\" has no host", .invalidValue),
            ("[server]\nurl = \"https://a\"\nwsURL = \"https://a\"", "config.toml:3: invalid value for 'server.wsURL'", .invalidValue),
            ("[server]\nurl = \"https://a\"\ntopic = \"csta\"", "config.toml:3: invalid value for 'server.topic'", .invalidValue),
            ("[server]\nurl = \"https://a\"\n[dialPlan]\ninternalPattern = '^8(\\d{3}$'", "config.toml:4: invalid value for 'dialPlan.internalPattern'", .invalidValue),
            ("[server]\nurl = \"https://a\"\n[dialPlan]\noutsidePrefix = \"9-\"", "config.toml:4: invalid value for 'dialPlan.outsidePrefix'", .invalidValue),
            ("[server]\nurl = \"https://a\"\n[dialPlan]\nplusPrefix = \"+\"", "config.toml:4: invalid value for 'dialPlan.plusPrefix'", .invalidValue),
            ("[server]\nurl = \"https://a\"\n[calls]\nscreenPopURL = \"crm/{ani}\"", "config.toml:4: invalid value for 'calls.screenPopURL'", .invalidValue),
            (body("password = \"a\"\npasswordCommand = \"pass wc\""), "config.toml:8: 'agent.password' and 'agent.passwordCommand' are both set", .invalidValue),
            ("[agent]\njobNumber = \"5001\"", "config.toml: missing required key 'server.url'", .missingKey),
            ("[server]\nurl = \"\"", "config.toml: missing required key 'server.url'", .missingKey),
            ("[server]\nurl = \"https://a\"\nurl = \"https://b\"", "config.toml:3: key 'server.url' is defined twice", .syntax),
            ("[server]\nurl = \"https://a", "config.toml:2: unterminated string", .syntax),
        ]
    )
    func errors(text: String, message: String, code: ConfigFileError.Code) {
        #expect {
            _ = try AgentConfigFile.parse(text, fileName: "config.toml")
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.code == code && error.description.hasPrefix(message)
        }
    }

    @Test("the unknown-key error is exactly the documented sentence and carries line and key")
    func exactUnknownKey() {
        do {
            _ = try AgentConfigFile.parse(Self.body("pasword = \"x\""), fileName: "config.toml")
            Issue.record("parsed")
        } catch {
            #expect(error.description == "config.toml:7: unknown key 'agent.pasword'")
            #expect(error.line == 7)
            #expect(error.key == "agent.pasword")
            #expect(error.file == "config.toml")
        }
    }

    @Test("render → parse gives the same configuration")
    func roundTrip() throws {
        let configs = [
            try AgentConfigFile.parse(Self.full, fileName: "config.toml"),
            AgentConfigFile(server: .init(url: "http://127.0.0.1:5088")),
            AgentConfigFile(
                server: .init(url: "https://a.example"),
                agent: .init(jobNumber: "5001", domain: "d", extension: "8001", passwordCommand: "secret-tool lookup service \"wellclient\"")),
            AgentConfigFile(server: .init(url: "https://a.example"), dialPlan: try DialPlan(outsidePrefix: .auto, internalPattern: #"^\d{4}$"#)),
            AgentConfigFile(server: .init(url: "https://a.example"), agent: .init(notReadyReasons: ["Break", "say \"hi\", \\ then ]", "# not a comment"])),
        ]
        for config in configs {
            #expect(try AgentConfigFile.parse(config.render(), fileName: "rendered.toml") == config)
        }
    }

    @Test("write creates the file and its directory private, and load reads it back")
    func writeAndLoad() throws {
        let home = try TemporaryHome(label: "config")
        defer { home.remove() }
        let path = AgentConfigFile.defaultPath(environment: home.environment())!
        #expect(path == home.configHome + "/wellclient/config.toml")
        let config = try AgentConfigFile.parse(Self.full, fileName: "config.toml")
        try config.write(to: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        let directory = try FileManager.default.attributesOfItem(atPath: home.configHome + "/wellclient")
        #expect((directory[.posixPermissions] as? Int) == 0o700)
        #expect(try AgentConfigFile.load(from: path) == config)
        #expect(home.files() == ["config/wellclient/config.toml"])
    }

    @Test("writing over a readable file leaves it 0600")
    func rewriteTightensMode() throws {
        let home = try TemporaryHome(label: "config")
        defer { home.remove() }
        let path = home.root + "/config.toml"
        try "old".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        try AgentConfigFile(server: .init(url: "https://a.example")).write(to: path)
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
    }

    @Test("a group/world-readable file with a password is refused; passwordCommand is not")
    func permissions() throws {
        let home = try TemporaryHome(label: "config")
        defer { home.remove() }
        let path = home.root + "/config.toml"
        try Self.body("extension = \"8001\"\npassword = \"hunter2\"\n").write(toFile: path, atomically: false, encoding: .utf8)
        for mode in [0o644, 0o640, 0o604, 0o660] {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
            #expect {
                _ = try AgentConfigFile.load(from: path)
            } throws: { error in
                guard let error = error as? ConfigFileError else { return false }
                return error.code == .insecurePermissions && error.line == 8 && error.key == "agent.password"
                    && error.description.contains("chmod 600") && !error.description.contains("hunter2")
            }
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        #expect(try AgentConfigFile.load(from: path).agent.password == "hunter2")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try AgentConfigFile.load(from: path, allowingReadablePassword: true).agent.password == "hunter2")

        try Self.body("passwordCommand = \"pass show wc\"\n").write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try AgentConfigFile.load(from: path).agent.passwordCommand == "pass show wc")
    }

    @Test("load reports missing and non-regular files")
    func loadFailures() throws {
        let home = try TemporaryHome(label: "config")
        defer { home.remove() }
        #expect { try AgentConfigFile.load(from: home.root + "/absent.toml") } throws: { ($0 as? ConfigFileError)?.code == .io }
        #expect { try AgentConfigFile.load(from: home.root) } throws: { ($0 as? ConfigFileError)?.code == .io }
        let bad = home.root + "/bad.toml"
        try Data([0x5B, 0xFF, 0x5D]).write(to: URL(fileURLWithPath: bad))
        #expect { try AgentConfigFile.load(from: bad) } throws: { ($0 as? ConfigFileError)?.code == .syntax }
    }

    @Test("the path comes from XDG_CONFIG_HOME, else HOME/.config")
    func defaultPath() {
        #expect(AgentConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "/x/cfg", "HOME": "/h"]) == "/x/cfg/wellclient/config.toml")
        #expect(AgentConfigFile.defaultPath(environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/h"]) == "/h/.config/wellclient/config.toml")
        #expect(AgentConfigFile.defaultPath(environment: ["HOME": "/h"]) == "/h/.config/wellclient/config.toml")
        #expect(AgentConfigFile.defaultPath(environment: [:]) == nil)
    }
}
