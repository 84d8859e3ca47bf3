import Foundation
import Testing
import WellBrowserHost
import WellDBus
import WellControl
import DesktopTestSupport
import WellProtocol
import WellSimulator
import WellTestSupport

/// The real `wellclient-browser-host` binary over pipes, as a browser runs it, against the real
/// `wellclient agent` on a private bus, logged in to an in-process simulator. Each test has its
/// own simulator, bus and agent (the agent's one-call and 2 s guards would otherwise couple them).
@Suite("Browser host end to end: the real host and agent binaries")
struct HostEndToEndTests {
    /// One agent logged in as 5001 on extension 8001, and the environment a browser would give the host.
    struct Rig: Sendable {
        let sim: SimulatorHarness
        let bus: PrivateBus
        let home: TemporaryHome
        let host: String

        var hostEnvironment: [String: String] { self.home.environment(["DBUS_SESSION_BUS_ADDRESS": self.bus.address]) }

        /// Runs the host once with `input` on standard input (closed after it) and returns its
        /// exit status, the replies it framed on standard output, and its standard error.
        func runHost(_ input: [UInt8], arguments: [String] = [BrowserCaller.chromiumOrigin]) async throws
            -> (status: Int32?, replies: [JSONValue], standardError: String)
        {
            let run = try await HostBinary.run(self.host, arguments: arguments, environment: self.hostEnvironment, input: input)
            return (run.status, try Frames.replies(run.output), run.standardError)
        }

        func runHost(_ requests: [String]) async throws -> (status: Int32?, replies: [JSONValue], standardError: String) {
            try await self.runHost(requests.flatMap(Frames.frame))
        }

        /// The calls the simulator has from extension 8001 to `number`.
        func callsTo(_ number: String) async -> [JSONValue] {
            let calls = await self.sim.simulator.state()["calls"]?.arrayValue ?? []
            return calls.filter {
                $0["callingDevice"]?.stringValue == "8001@\(self.sim.namespace)" && $0["calledDevice"]?.stringValue == "\(number)@\(self.sim.namespace)"
            }
        }

        /// Every call the simulator has.
        func allCalls() async -> [JSONValue] { await self.sim.simulator.state()["calls"]?.arrayValue ?? [] }
    }

    static func config(_ url: URL, namespace: String, browser: String) -> String {
        TestAgentConfig.text(url: url.absoluteString, namespace: namespace, extra: browser)
    }

    /// Starts everything, waits until the agent is logged in, runs `body`, stops the agent.
    static func withRig(browser: String = "", _ body: @Sendable (Rig) async throws -> Void) async throws {
        let wellclient = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        let host = try #require(ToolRun.builtExecutable(named: "wellclient-browser-host"), "wellclient-browser-host is not built")
        let home = try TemporaryHome(label: "browser-host")
        defer { home.remove() }
        try await SimulatorHarness.with { sim in
            let bus = try await PrivateBus.start()
            defer { bus.stop() }
            let configPath = home.configHome + "/wellclient/config.toml"
            try FileManager.default.createDirectory(atPath: home.configHome + "/wellclient", withIntermediateDirectories: true)
            let text = Self.config(sim.baseURL, namespace: sim.namespace, browser: browser)
            #expect(FileManager.default.createFile(atPath: configPath, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]))
            let agent = try await SpawnedProcess.spawn(
                wellclient, arguments: ["agent", "--config", configPath, "--bus-address", bus.address],
                environment: home.environment(), stdout: .file(home.root + "/agent.log"), stderr: .file(home.root + "/agent.log"))
            let rig = Rig(sim: sim, bus: bus, home: home, host: host)
            do {
                try await Self.waitUntilLoggedIn(bus.address)
                try await body(rig)
            } catch {
                let log = (try? String(contentsOfFile: home.root + "/agent.log", encoding: .utf8)) ?? ""
                Issue.record("agent log:\n\(log.suffix(3000))")
                await agent.terminate(grace: .seconds(5))
                throw error
            }
            await agent.terminate(grace: .seconds(5))
        }
    }

    /// Polls the agent's Status until it says it is logged in (a condition to reach, not an absence).
    static func waitUntilLoggedIn(_ address: String) async throws {
        let connection = try await DBusConnection.connect(address: address)
        defer { Task { await connection.close() } }
        try await eventually("the agent's Status saying logged in", timeout: .seconds(30), pollInterval: .milliseconds(50)) {
            guard
                let reply = try? await connection.call(
                    destination: ControlInterface.busName, path: ControlInterface.objectPath, interface: ControlInterface.interface,
                    member: "Status", timeout: .seconds(5)),
                let text = reply.first?.string,
                let status = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
            else { return false }
            return status["login"] == "loggedIn"
        }
    }

    @Test("a class text `8001sd12` dials 800112: the simulator has the call from 8001")
    func classText() async throws {
        try await Self.withRig { rig in
            let run = try await rig.runHost([#"{"dial":"8001sd12","source":"class","id":1}"#])
            #expect(run.status == 0, "\(run)")
            let reply = try #require(run.replies.first)
            #expect(run.replies.count == 1)
            #expect(reply["ok"] == true, "\(reply)")
            #expect(reply["number"] == "800112")
            #expect(reply["id"] == 1)
            let calls = await rig.callsTo("800112")
            let all = await rig.allCalls()
            #expect(calls.count == 1, "\(all)")
            #expect(calls.first?["callId"] == reply["callId"])
        }
    }

    @Test("a link `tel:+86 138-0013-8000` dials 8613800138000; a status on the same connection follows")
    func telLink() async throws {
        try await Self.withRig { rig in
            let run = try await rig.runHost([#"{"dial":"tel:+86 138-0013-8000","source":"link"}"#, #"{"status":true}"#])
            #expect(run.status == 0, "\(run)")
            #expect(run.replies.count == 2)
            #expect(run.replies.first?["ok"] == true, "\(run.replies)")
            #expect(run.replies.first?["number"] == "8613800138000")
            let calls = await rig.callsTo("8613800138000")
            #expect(calls.count == 1, "\(calls)")
            #expect(run.replies.last?["status"]?["login"] == "loggedIn")
        }
    }

    @Test("status and config: the agent's Status object and its [browser] settings")
    func statusAndConfig() async throws {
        let browser = """
            [browser]
            sites = ["https://crm.example.com", "http://127.0.0.1:8080"]
            clickCallClass = "crm-phone"
            """
        try await Self.withRig(browser: browser) { rig in
            let run = try await rig.runHost([#"{"status":true,"id":"a"}"#, #"{"config":true,"id":"b"}"#])
            #expect(run.status == 0, "\(run)")
            #expect(run.replies.count == 2)
            let status = run.replies.first
            #expect(status?["ok"] == true)
            #expect(status?["id"] == "a")
            #expect(status?["status"]?["agentId"] == .string("5001@\(rig.sim.namespace)"))
            #expect(status?["status"]?["login"] == "loggedIn")
            #expect(
                run.replies.last == [
                    "ok": true, "id": "b",
                    "config": ["sites": ["https://crm.example.com", "http://127.0.0.1:8080"], "clickCallClass": "crm-phone"],
                ])
        }
    }

    @Test("hostile input places no call: every hostile message gets its error, and a status after them shows no call")
    func hostileInput() async throws {
        try await Self.withRig { rig in
            var stream: [UInt8] = []
            for body in [
                #"{"dial":"tel:1-800-FLOWERS","source":"link"}"#, #"{"dial":"8002","source":"link"}"#,
                #"{"dial":"javascript:alert(8002)","source":"link"}"#, #"{"dial":"8002"}"#,
                #"{"dial":"8002","source":"class","status":true}"#, #"{"dial":"no digits","source":"selection"}"#,
                #"{"dial":"8002","#, "", #"{"Dial":"8002","source":"class"}"#,
            ] {
                stream += Frames.frame(body)
            }
            stream += NativeMessageFrame.encode([0x7B, 0x22, 0x64, 0xFF, 0x22, 0x7D])
            stream += Frames.frame(#"{"status":true}"#)
            let run = try await rig.runHost(stream)
            #expect(run.status == 0, "\(run)")
            #expect(run.replies.count == 11)
            #expect(run.replies.dropLast().allSatisfy { $0["ok"] == false }, "\(run.replies)")
            #expect(
                run.replies.dropLast().map { $0["code"]?.stringValue ?? "" } == [
                    "invalidNumber", "invalidNumber", "invalidNumber", "invalidRequest", "invalidRequest", "invalidNumber",
                    "invalidRequest", "invalidRequest", "invalidRequest", "invalidRequest",
                ])
            // The barrier: the status was answered after every earlier message was handled.
            #expect(run.replies.last?["status"]?["calls"] == [])
            #expect(await rig.allCalls() == [])
        }
    }

    @Test("an over-cap length: the host replies invalidRequest and exits 1 without reading the body; no call")
    func overCap() async throws {
        try await Self.withRig { rig in
            let header = NativeMessageFrame.header(length: UInt32.max)
            let run = try await rig.runHost(header + Frames.frame(#"{"dial":"8002","source":"class"}"#))
            #expect(run.status == 1)
            #expect(run.replies == [["ok": false, "code": "invalidRequest", "error": "the message is larger than 65536 bytes"]])
            #expect(run.standardError.contains("over the limit"), "\(run.standardError)")
            // Barrier: a second host's status round trip comes after anything the first could have done.
            let status = try await rig.runHost([#"{"status":true}"#])
            #expect(status.replies.first?["status"]?["calls"] == [])
            #expect(await rig.allCalls() == [])
        }
    }

    @Test("a caller that is not the extension gets forbidden, exit 1, and no call")
    func wrongOrigin() async throws {
        try await Self.withRig { rig in
            let run = try await rig.runHost(
                Frames.frame(#"{"dial":"8002","source":"class"}"#),
                arguments: ["chrome-extension://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/"])
            #expect(run.status == 1)
            #expect(run.replies == [["ok": false, "code": "forbidden", "error": "this host answers only the WellClient extension"]])
            let status = try await rig.runHost([#"{"status":true}"#])
            #expect(status.replies.first?["status"]?["calls"] == [])
            #expect(await rig.allCalls() == [])
        }
    }

    @Test("Firefox's arguments (manifest path, add-on id) are accepted")
    func firefoxCaller() async throws {
        try await Self.withRig { rig in
            let run = try await rig.runHost(
                Frames.frame(#"{"status":true}"#),
                arguments: [rig.home.home + "/.mozilla/native-messaging-hosts/cc.wellcloud.wellclient.json", BrowserCaller.firefoxAddonID])
            #expect(run.status == 0)
            #expect(run.replies.first?["ok"] == true)
        }
    }
}

/// The host without an agent: a clear `unavailable`, never a crash.
@Suite("Browser host without an agent")
struct HostWithoutAgentTests {
    @Test("no bus at all, and a bus where no agent runs: unavailable, exit 0")
    func noAgent() async throws {
        let host = try #require(ToolRun.builtExecutable(named: "wellclient-browser-host"))
        let home = try TemporaryHome(label: "browser-host-none")
        defer { home.remove() }
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        for environment in [home.environment(), home.environment(["DBUS_SESSION_BUS_ADDRESS": bus.address])] {
            let input = Frames.frame(#"{"dial":"8002","source":"class"}"#) + Frames.frame(#"{"config":true}"#)
            let result = try await HostBinary.run(host, arguments: [BrowserCaller.chromiumOrigin], environment: environment, input: input)
            #expect(result.status == 0)
            let replies = try Frames.replies(result.output)
            #expect(replies.map { $0["code"] } == ["unavailable", "unavailable"], "\(replies)")
        }
    }
}

/// `wellclient dial --selection`: the primary selection, read with the session's tool (here a
/// stand-in script on PATH printing what a user selected), dialled by the bare-string rule.
@Suite("wellclient dial --selection")
struct DialSelectionTests {
    @Test("the selected text `Call 1380-0138-000 today` dials 13800138000 (X11: xclip)")
    func dialsTheSelection() async throws {
        let wellclient = try #require(ToolRun.builtExecutable(named: "wellclient"))
        try await HostEndToEndTests.withRig { rig in
            try rig.home.writeExecutable("xclip", body: #"[ "$*" = "-out -selection primary" ] || exit 9; printf 'Call 1380-0138-000 today\n'"#)
            let run = try await ToolRun.run(wellclient, ["dial", "--selection"], environment: rig.hostEnvironment.merging(["DISPLAY": ":99"]) { $1 })
            #expect(run.exitCode == 0, "\(run)")
            #expect(run.standardOutput.hasPrefix("dialled 13800138000"), "\(run)")
            let calls = await rig.callsTo("13800138000")
            #expect(calls.count == 1, "\(calls)")
        }
    }

    @Test("under Wayland wl-paste --primary is asked first; a selection starting with tel: is still text")
    func waylandAndTelText() async throws {
        let wellclient = try #require(ToolRun.builtExecutable(named: "wellclient"))
        try await HostEndToEndTests.withRig { rig in
            try rig.home.writeExecutable("wl-paste", body: #"[ "$1" = "--primary" ] || exit 9; printf 'tel:8001sd12'"#)
            try rig.home.writeExecutable("xclip", body: "exit 9")
            let environment = rig.hostEnvironment.merging(["WAYLAND_DISPLAY": "wayland-0", "DISPLAY": ":0"]) { $1 }
            let run = try await ToolRun.run(wellclient, ["dial", "--selection"], environment: environment)
            #expect(run.exitCode == 0, "\(run)")
            let calls = await rig.callsTo("800112")
            let all = await rig.allCalls()
            #expect(calls.count == 1, "\(all)")
        }
    }

    @Test("no graphical session, no tool, nothing selected, no digits: a clear error and no call")
    func failures() async throws {
        let wellclient = try #require(ToolRun.builtExecutable(named: "wellclient"))
        try await HostEndToEndTests.withRig { rig in
            let base = rig.hostEnvironment
            let noSession = try await ToolRun.run(wellclient, ["dial", "--selection"], environment: base)
            #expect(noSession.exitCode == 69, "\(noSession)")
            #expect(noSession.standardError.contains("no graphical session"), "\(noSession)")

            let onlyOurBin = base.merging(["DISPLAY": ":99", "PATH": rig.home.binDirectory]) { $1 }
            let noTool = try await ToolRun.run(wellclient, ["dial", "--selection"], environment: onlyOurBin)
            #expect(noTool.exitCode == 69, "\(noTool)")
            #expect(noTool.standardError.contains("install xclip or xsel"), "\(noTool)")

            try rig.home.writeExecutable("xclip", body: "echo 'Error: target STRING not available' >&2; exit 1")
            let empty = try await ToolRun.run(wellclient, ["dial", "--selection"], environment: onlyOurBin)
            #expect(empty.exitCode == 64, "\(empty)")
            #expect(empty.standardError.contains("nothing is selected"), "\(empty)")

            try rig.home.writeExecutable("xclip", body: "printf 'no number here'")
            let noDigits = try await ToolRun.run(wellclient, ["dial", "--selection"], environment: onlyOurBin)
            #expect(noDigits.exitCode == 64, "\(noDigits)")
            #expect(noDigits.standardError.contains("the selection holds no number to dial"), "\(noDigits)")

            let both = try await ToolRun.run(wellclient, ["dial", "--selection", "8002"], environment: onlyOurBin)
            #expect(both.exitCode == 64, "\(both)")

            // Barrier: a status round trip through the agent after every attempt above.
            let status = try await rig.runHost([#"{"status":true}"#])
            #expect(status.replies.first?["status"]?["calls"] == [])
            #expect(await rig.allCalls() == [])
        }
    }
}
