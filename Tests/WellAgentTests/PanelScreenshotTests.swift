import Foundation
import Testing
import WellProtocol
import WellTestSupport
import WellSimulator

/// The panel's screenshots for the README, taken in its states by the same Chromium driver:
/// `scripts/panel-screenshots.sh` runs this suite with `WELLCLIENT_SCREENSHOTS=docs/screenshots`
/// to renew them. Without the variable the pictures go to a temporary folder; either way each
/// must be a PNG of the narrow window it was taken in.
@Suite("End to end: the panel's screenshots", .serialized, .timeLimit(.minutes(5)))
struct PanelScreenshotTests {
    static let width = 380, height = 720

    static func save(_ page: DevToolsSession, _ name: String, in folder: String) async throws {
        let png = try await page.screenshot()
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "\(name) is not a PNG")
        // The IHDR chunk: width and height, big-endian, at bytes 16–23.
        let size = png.count >= 24 ? (png[16..<20].reduce(0) { $0 << 8 | Int($1) }, png[20..<24].reduce(0) { $0 << 8 | Int($1) }) : (0, 0)
        #expect(size == (width, height), "\(name) is \(size)")
        try png.write(to: URL(fileURLWithPath: folder + "/panel-\(name).png"))
    }

    /// A missed call from `caller`, shown under Recent calls before the pictures are taken.
    static func missedCall(_ h: PanelBrowserHarness, from caller: String) async throws {
        _ = try await h.agent.sim.simulator.ring("8001", from: caller)
        try await h.waitEnabled("answer")
        try await h.agent.sim.simulator.hangup(from: caller)
        try await h.panel.waitForNoCalls()
        #expect(try await h.page.waitUntil("document.getElementById('historyList').textContent.includes('\(caller)')"))
    }

    @Test("idle, ringing, talking, held, consulting, in Chinese, with hidden controls")
    func screenshots() async throws {
        let folder = ProcessInfo.processInfo.environment["WELLCLIENT_SCREENSHOTS"] ?? NSTemporaryDirectory() + "wellclient-panel-shots-\(getpid())"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try await PanelBrowserHarness.run { h in
            try await h.page.setViewport(width: Self.width, height: Self.height)
            _ = try await h.page.evaluate("document.getElementById('setMode').focus(), true")
            try await h.page.press(.arrowUp)
            #expect(try await h.page.waitUntil("document.getElementById('setMode').value === 'Ready|'"))
            try await Self.missedCall(h, from: "13900139000")
            try await Self.save(h.page, "idle", in: folder)
            _ = try await h.agent.sim.simulator.ring("8001", from: "13800138000")
            try await h.waitEnabled("answer")
            try await Self.save(h.page, "ringing", in: folder)
            try await h.press("answer")
            try await h.waitEnabled("hold")
            try await h.enterNumber("13800138001")
            try await Self.save(h.page, "talking", in: folder)
            try await h.press("ask")
            _ = try await h.panel.simulatorCall(to: "13800138001")
            try await h.agent.sim.simulator.answer(from: "13800138001")
            try await h.waitEnabled("conf")
            try await Self.save(h.page, "consulting", in: folder)
            try await h.press("cancelAsk")
            try await h.panel.waitForParty("8001", "Connect")
            try await h.press("hold")
            #expect(try await h.page.waitUntil("document.getElementById('hold').textContent === 'Retrieve'"))
            try await Self.save(h.page, "held", in: folder)
            try await h.clearCalls(["13800138000", "13800138001"])
        }
        try await PanelBrowserHarness.run(panel: "hideButton = [\"sConf\", \"conf\"]", language: "zh-CN") { h in
            try await h.page.setViewport(width: Self.width, height: Self.height)
            #expect(try await h.page.waitUntil("document.getElementById('make').textContent === '拨号'"))
            try await Self.missedCall(h, from: "13900139000")
            try await Self.save(h.page, "zh-hidden", in: folder)
        }
    }
}
