import Foundation
import Testing
import WellBrowserHost
import WellProtocol
import WellSimulator
import WellTestSupport
import DesktopTestSupport

/// The demo: the simulator's CRM page, and `wellclient agent --demo` enabling its origin.
@Suite("Demo CRM page")
struct DemoPageTests {
    @Test("the simulator serves the page: tel: links, class-marked spans with the seed's examples, plain text, and no script")
    func pageContents() async throws {
        try await SimulatorHarness.with { sim in
            let page = try await sim.send(method: "GET", path: DemoCRMPage.path, headers: [], body: nil)
            #expect(page.status == 200)
            #expect(page.headers.first { $0.key.lowercased() == "content-type" }?.value == "text/html; charset=utf-8")
            let policy = page.headers.first { $0.key.lowercased() == "content-security-policy" }?.value ?? ""
            #expect(policy.contains("default-src 'none'") && !policy.contains("script-src"), "\(policy)")
            let html = String(decoding: page.body, as: UTF8.self)
            #expect(html == DemoCRMPage.html)
            for fragment in [
                #"<a id="tel-link" href="tel:+86 138-0013-8000">"#,
                #"<span id="class-seed" class="well-canBeCalled">8001sd12</span>"#,
                #"<span id="class-mobile" class="well-canBeCalled">1380-0138-000</span>"#,
                #"<span id="plain-text">139 0013 9000</span>"#,
                #"<span id="no-class" class="phone">8003</span>"#,
            ] {
                #expect(html.contains(fragment), "missing \(fragment)")
            }
            #expect(!html.lowercased().contains("<script"))
        }
    }

    @Test("`wellclient agent --demo` prints the page's address and enables its origin; the host finds the demo bus through its address file")
    func demoAgentEnablesThePage() async throws {
        let wellclient = try #require(ToolRun.builtExecutable(named: "wellclient"))
        let host = try #require(ToolRun.builtExecutable(named: "wellclient-browser-host"))
        let home = try TemporaryHome(label: "demo-page")
        defer { home.remove() }
        let bus = try await PrivateBus.start()
        defer { bus.stop() }
        let log = home.root + "/agent.log"
        let agent = try await SpawnedProcess.spawn(
            wellclient, arguments: ["agent", "--demo", "--port", "0", "--bus-address", bus.address],
            environment: home.environment(), stdout: .file(log), stderr: .file(log))
        defer { agent.kill() }
        // The banner line naming the page (a line to wait for, not an absence).
        var pageURL: URL?
        try await eventually(
            "the page address in the banner", timeout: .seconds(30), pollInterval: .milliseconds(50),
            lastSeen: { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }
        ) {
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            if let line = text.split(separator: "\n").first(where: { $0.hasPrefix("Click-to-call in the browser") }),
                let start = line.range(of: "http://")
            {
                pageURL = URL(string: String(line[start.lowerBound...]))
            }
            return pageURL != nil
        }
        let url = try #require(pageURL, "no page address in the banner: \((try? String(contentsOfFile: log, encoding: .utf8)) ?? "")")
        #expect(url.path == DemoCRMPage.path)
        let origin = "http://127.0.0.1:\(try #require(url.port))"

        // As a browser started from this session would run it: no DBUS_SESSION_BUS_ADDRESS,
        // only the runtime directory where the demo agent left its bus address.
        let result = try await HostBinary.run(
            host, arguments: [BrowserCaller.chromiumOrigin], environment: home.environment(),
            input: Frames.frame(#"{"config":true}"#))
        #expect(result.status == 0)
        let replies = try Frames.replies(result.output)
        #expect(replies == [["ok": true, "config": ["sites": .array([.string(origin)]), "clickCallClass": "well-canBeCalled"]]])
        await agent.terminate(grace: .seconds(10))
    }
}
