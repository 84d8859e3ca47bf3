import Foundation
import Testing
import WellControl
import WellPanel
import WellProtocol
import WellTestSupport
import WellDBus
import WellDesktopSupport

@testable import WellAgent

/// The panel in the real agent, without a browser: started by the first `PanelURL`, its URL
/// printed by `wellclient panel --print-url`, its operations on the D-Bus methods' road.
@Suite("Panel in the agent: PanelURL, the CLI, the operations", .serialized, .timeLimit(.minutes(3)))
struct PanelAgentTests {
    @Test("the panel starts on the first PanelURL only; later calls and the CLI give the same URL")
    func lazyStart() async throws {
        try await AgentHarness.run(configText: { PanelHarness.config(url: $0) }) { h in
            // Logged in, and nobody asked for the panel: no server.
            #expect(await h.agent.panel == nil)
            let first = try #require(try await h.call("PanelURL").first?.string)
            #expect(first.wholeMatch(of: /http:\/\/127\.0\.0\.1:[0-9]+\/#[0-9a-f]{64}/) != nil, "\(first)")
            #expect(await h.agent.panel != nil)
            let second = try #require(try await h.call("PanelURL").first?.string)
            #expect(second == first)
            #expect(try await PanelHarness.printURL(h) == first)
            let port = try #require(await h.agent.panel?.port)
            let page = try await LoopbackHTTP.request(port: port, "GET", "/", headers: [("Host", "127.0.0.1:\(port)")])
            #expect(page.status == 200)
            // The state with the token carries the agent's status and the panel's settings.
            let token = String(first.split(separator: "#").last ?? "")
            let state = try await LoopbackHTTP.request(
                port: port, "GET", "/api/state", headers: [("Host", "127.0.0.1:\(port)"), ("Authorization", "Bearer \(token)")])
            let json = try JSONDecoder().decode(JSONValue.self, from: Data(state.body.utf8))
            #expect(json["loggedIn"] == true)
            #expect(json["agentId"] == "5001@demo.cc" || json["agentId"] == "5001", "\(state.body)")
            #expect(json["panel"]?["notReadyReasons"] == ["Break", "Lunch"])
        }
    }

    @Test("the panel's port is closed until the first PanelURL (logged in and idle), then it serves the page")
    func notListeningUntilAsked() async throws {
        // A fixed free port below the ephemeral range, so that "closed" can be asked of it.
        let port = try #require(try RabbitMQBroker.freePorts(1).first)
        try await AgentHarness.run(configText: { PanelHarness.config(url: $0, panel: "port = \(port)") }) { h in
            try await h.waitForStatus { $0["login"] == "loggedIn" }
            // Barrier: the agent answered a D-Bus call after its start-up, so a server started
            // at start would be listening by now.
            _ = try await h.call("Status")
            let refused = await #expect(throws: LoopbackHTTP.Failure.self, "nothing may listen on \(port) before PanelURL") {
                try await LoopbackHTTP.request(port: port, "GET", "/", headers: [("Host", "127.0.0.1:\(port)")])
            }
            #expect(refused?.description.contains("refused") == true, "\(String(describing: refused))")
            let url = try #require(try await h.call("PanelURL").first?.string)
            #expect(url.hasPrefix("http://127.0.0.1:\(port)/#"), "\(url)")
            let page = try await LoopbackHTTP.request(port: port, "GET", "/", headers: [("Host", "127.0.0.1:\(port)")])
            #expect(page.status == 200)
            #expect(page.body.contains("<html"), "\(page.body.prefix(200))")
        }
    }

    @Test("a panel operation dials by the product's number rules and meets the same guards as D-Bus")
    func operations() async throws {
        try await PanelHarness.run { p in
            let placed = try await p.action("PlaceCall", ["+86 138-0013-8000"])
            #expect(placed.status == 200, "\(placed)")
            #expect(placed.body.contains("\"8613800138000\""))
            _ = try await p.simulatorCall(to: "8613800138000")
            // A second dial while the call is up: refused by the agent's guard, as over D-Bus.
            let again = try await p.action("PlaceCall", ["8002"])
            #expect(again.status == 409)
            let overBus = await p.agent.callError("PlaceCall", [.string("8002")])
            #expect(again.body.contains(overBus?.name ?? "no D-Bus error"), "panel: \(again.body), D-Bus: \(String(describing: overBus))")
            try await p.agent.waitForStatus { $0["calls"]?.arrayValue?.count == 1 }
            #expect(try await p.action("HangUp", [""]).status == 200)
            try await p.waitForNoCalls()
            try await p.paceForNextDial()

            // Not a number: InvalidNumber, nothing placed. Barrier: the seed's 8001sd12 dials 800112.
            let bad = try await p.action("PlaceCall", ["call me"])
            #expect(bad.status == 409)
            #expect(bad.body.contains(ControlInterface.ErrorName.invalidNumber), "\(bad)")
            let seed = try await p.action("PlaceCall", ["8001sd12"])
            #expect(seed.status == 200, "\(seed)")
            _ = try await p.simulatorCall(to: "800112")
            #expect(await p.agent.simulatorCalls().count == 1)
            #expect(try await p.action("HangUp", [""]).status == 200)
            try await p.waitForNoCalls()
        }
    }

    @Test("wellclient panel opens a private page that forwards to the URL: in Chromium's app window, else with xdg-open")
    func openCommand() async throws {
        try await AgentHarness.run(configText: { PanelHarness.config(url: $0) }) { h in
            let binary = try #require(ToolRun.builtExecutable(named: "wellclient"))
            let record = h.home.root + "/opened.txt"
            // Only the home's bin folder on PATH: the stand-ins there are all the command can find.
            let environment = h.home.environment(["DBUS_SESSION_BUS_ADDRESS": h.bus.address, "PATH": h.home.binDirectory])
            try h.home.writeExecutable("xdg-open", body: "printf 'xdg-open %s\\n' \"$*\" >> '\(record)'")
            func opened() -> [String] {
                ((try? String(contentsOfFile: record, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            }
            let file = h.home.runtimeDirectory + "/wellclient/panel.html"
            let viaXdg = try await ToolRun.run(binary, ["panel"], environment: environment)
            #expect(viaXdg.succeeded, "\(viaXdg)")
            try await eventually("xdg-open to be run") { !opened().isEmpty }
            #expect(opened() == ["xdg-open file://\(file)"])
            let url = try #require(try await h.call("PanelURL").first?.string)
            let page = try String(contentsOfFile: file, encoding: .utf8)
            #expect(page.contains("<meta http-equiv=\"refresh\" content=\"0;url=\(url)\">"), "\(page)")
            let attributes = try FileManager.default.attributesOfItem(atPath: file)
            #expect((attributes[.posixPermissions] as? Int) == 0o600)
            let folder = try FileManager.default.attributesOfItem(atPath: h.home.runtimeDirectory + "/wellclient")
            #expect((folder[.posixPermissions] as? Int) == 0o700)

            try h.home.writeExecutable("chromium", body: "printf 'chromium %s\\n' \"$*\" >> '\(record)'")
            let viaChromium = try await ToolRun.run(binary, ["panel"], environment: environment)
            #expect(viaChromium.succeeded, "\(viaChromium)")
            try await eventually("chromium to be run") { opened().count == 2 }
            #expect(opened().last == "chromium --app=file://\(file)")
            // The token is on no command line.
            #expect(!opened().joined().contains(String(url.split(separator: "#").last ?? "")))
        }
    }

    @Test("[panel] port and hideButton are read with file, line and key errors")
    func config() throws {
        let base = "[server]\nurl = \"http://127.0.0.1:1\"\n[panel]\n"
        let good = try AgentConfigFile.parse(base + "port = 4711\nhideButton = [\"sConf\", \"conf\"]\n", fileName: "c.toml")
        #expect(good.panel.port == 4711)
        #expect(good.panel.hideButton == [.sConf, .conf])
        #expect(try AgentConfigFile.parse(base, fileName: "c.toml").panel == AgentConfigFile.Panel())
        #expect(try AgentConfigFile.parse(good.render(), fileName: "c.toml") == good)
        let cases: [(String, String)] = [
            ("port = 70000", "panel.port"), ("port = -1", "panel.port"), ("port = \"80\"", "panel.port"),
            ("hideButton = [\"sConf\", \"nope\"]", "panel.hideButton"), ("hideButton = [\"conf\", \"conf\"]", "panel.hideButton"),
            ("hideButton = [\"transfer\"]", "panel.hideButton"), ("hideButton = \"conf\"", "panel.hideButton"), ("colour = 1", "panel.colour"),
        ]
        for (line, key) in cases {
            do {
                _ = try AgentConfigFile.parse(base + line + "\n", fileName: "c.toml")
                Issue.record("\(line) was accepted")
            } catch {
                #expect(error.file == "c.toml")
                #expect(error.line == 4, "\(line): \(error)")
                #expect(error.key == key, "\(line): \(error)")
            }
        }
    }
}
