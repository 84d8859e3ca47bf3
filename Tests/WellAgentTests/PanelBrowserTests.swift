import Foundation
import Testing
import WellDBus
import WellProtocol
import WellTestSupport
import WellSimulator

/// The softphone panel in Debian's headless Chromium, through the agent to the simulator: real
/// mouse clicks and key presses on the seed's controls; what the simulator received is the verdict.
@Suite("End to end: the softphone panel in Chromium", .serialized, .timeLimit(.minutes(5)))
struct PanelBrowserTests {
    @Test("#number takes a pasted number, #make dials it (a bad one shows the error); #hold holds and retrieves; #dropCon ends")
    func makeHoldDrop() async throws {
        try await PanelBrowserHarness.run { h in
            // Nothing typed: nothing to dial.
            try await h.waitEnabled("make", false)
            // Not a number: the agent's refusal is shown under the controls, nothing is placed.
            try await h.enterNumber("call me")
            try await h.press("make")
            #expect(try await h.page.waitUntil("document.getElementById('error').textContent.includes('invalid number')"))
            try await h.enterNumber("+86 138-0013-8000")
            try await h.waitEnabled("make")
            try await h.press("make")
            _ = try await h.panel.simulatorCall(to: "8613800138000")
            // Barrier: the valid dial is the simulator's only call, and the error is gone.
            #expect(await h.agent.simulatorCalls().count == 1)
            #expect(try await h.text("error") == "")
            // While it rings out, no second dial and nothing to hold.
            try await h.waitEnabled("make", false)
            try await h.agent.sim.simulator.answer(from: "8613800138000")
            try await h.panel.waitForParty("8001", "Connect")
            try await h.waitEnabled("hold")
            try await h.press("hold")
            try await h.panel.waitForParty("8001", "Hold")
            #expect(try await h.page.waitUntil("document.getElementById('hold').textContent === 'Retrieve'"))
            try await h.press("hold")
            try await h.panel.waitForParty("8001", "Connect")
            #expect(try await h.page.waitUntil("document.getElementById('hold').textContent === 'Hold'"))
            // The call list shows the other party.
            #expect(try await h.page.waitUntil("document.querySelector('#calls li .party')?.textContent === '8613800138000'"))
            try await h.press("dropCon")
            try await h.panel.waitForNoCalls()
            try await h.waitEnabled("dropCon", false)
        }
    }

    @Test("a ring enables #answer and pressing it connects; Enter dials the seed's 8001sd12; Esc clears")
    func answerAndKeyboard() async throws {
        try await PanelBrowserHarness.run { h in
            try await h.ringAndAnswer(from: "13800138000")
            // Alt+H hangs up.
            try await h.page.press(letter: "h", modifiers: 1)
            try await h.panel.waitForNoCalls()
            try await h.panel.paceForNextDial()

            try await h.enterNumber("8001sd12")
            try await h.page.press(.enter)
            _ = try await h.panel.simulatorCall(to: "800112")
            #expect(await h.agent.simulatorCalls().count == 1)
            try await h.press("dropCon")
            try await h.panel.waitForNoCalls()
            try await h.page.click("#number")
            try await h.page.press(.escape)
            #expect(try await h.page.evaluate("document.getElementById('number').value") == "")
            try await h.waitEnabled("make", false)
        }
    }

    @Test("#setMode sets Ready, Not Ready with a configured reason, and shows the mode the server reports")
    func setMode() async throws {
        try await PanelBrowserHarness.run { h in
            // The config's initial mode is Not Ready.
            #expect(try await h.page.waitUntil("document.getElementById('setMode').value === 'NotReady|'"))
            let labels = try await h.page.evaluate("[...document.getElementById('setMode').options].map(o => o.textContent)")
            #expect(labels == ["Ready", "Not ready", "Not ready: Break", "Not ready: Lunch", "After-call work", "Logged out"])
            // Keyboard on the focused select: each arrow changes the choice and sends it.
            _ = try await h.page.evaluate("document.getElementById('setMode').focus(), true")
            try await h.page.press(.arrowUp)
            try await eventually("the simulator's mode to be Ready") { await h.simulatorMode().mode == "Ready" }
            #expect(try await h.page.waitUntil("document.getElementById('setMode').value === 'Ready|'"))
            try await h.page.press(.arrowDown)
            try await eventually("the simulator's mode to be NotReady") { await h.simulatorMode().mode == "NotReady" }
            #expect(try await h.page.waitUntil("document.getElementById('setMode').value === 'NotReady|'"))
            try await h.page.press(.arrowDown)
            try await eventually("the simulator's reason to be Break") { await h.simulatorMode().reason == "Break" }
            #expect(try await h.page.waitUntil("document.getElementById('setMode').value === 'NotReady|Break'"))
        }
    }

    @Test("#ask then #conf makes a conference; #ask then #transfer transfers")
    func consultation() async throws {
        try await PanelBrowserHarness.run { h in
            try await h.ringAndAnswer(from: "13800138000")
            try await h.enterNumber("13800138001")
            try await h.waitEnabled("ask")
            try await h.press("ask")
            _ = try await h.panel.simulatorCall(to: "13800138001")
            try await h.agent.sim.simulator.answer(from: "13800138001")
            try await h.waitEnabled("conf")
            try await h.press("conf")
            try await eventually("one call with the agent and both customers") {
                let calls = await h.agent.simulatorCalls()
                guard calls.count == 1, let parties = calls[0]["parties"]?.arrayValue else { return false }
                let devices = parties.compactMap { $0["device"]?.stringValue?.split(separator: "@").first.map(String.init) }
                return Set(["8001", "13800138000", "13800138001"]).isSubset(of: Set(devices))
            }
            try await h.press("dropCon")
            try await h.clearCalls(["13800138000", "13800138001"])

            try await h.ringAndAnswer(from: "13800138000")
            try await h.enterNumber("13800138002")
            try await h.press("ask")
            _ = try await h.panel.simulatorCall(to: "13800138002")
            try await h.agent.sim.simulator.answer(from: "13800138002")
            try await h.waitEnabled("transfer")
            try await h.press("transfer")
            // The agent is out; the customer and the colleague talk.
            try await h.panel.waitForParty("8001", nil)
            try await h.panel.waitForParty("13800138000", "Connect")
            try await h.panel.waitForParty("13800138002", "Connect")
            try await h.clearCalls(["13800138000", "13800138002"])
        }
    }

    @Test("#sTran hands the call to the typed number; #sConf adds it")
    func singleStep() async throws {
        try await PanelBrowserHarness.run { h in
            try await h.ringAndAnswer(from: "13800138000")
            try await h.enterNumber("13800138003")
            try await h.waitEnabled("sTran")
            try await h.press("sTran")
            try await h.panel.waitForParty("8001", nil)
            try await h.panel.waitForParty("13800138003", "Alerting")
            try await h.clearCalls(["13800138000", "13800138003"])

            try await h.ringAndAnswer(from: "13800138000")
            try await h.enterNumber("13800138004")
            try await h.press("sConf")
            try await h.panel.waitForParty("13800138004", "Alerting")
            #expect(await h.agent.simulatorPartyState("8001") == "Connect")
            try await h.press("dropCon")
            try await h.clearCalls(["13800138000", "13800138004"])
        }
    }

    @Test("a selected call's data is shown and edited through SetCallData")
    func callData() async throws {
        try await PanelBrowserHarness.run { h in
            try await h.ringAndAnswer(from: "13800138000")
            try await h.page.click("#calls li")
            #expect(try await h.page.waitUntil("document.getElementById('callData').hidden === false"))
            try await h.page.click("#dataKey")
            try await h.page.type("ticket")
            try await h.page.click("#dataValue")
            try await h.page.type("T-42")
            try await h.press("dataSave")
            try await eventually("the simulator's call to carry ticket = T-42") {
                await h.agent.simulatorCalls().first?["userData"]?["ticket"] == "T-42"
            }
            // Read back from the server into the list of the selected call.
            #expect(try await h.page.waitUntil("document.getElementById('callDataRows').textContent.includes('ticket:T-42')"))
            try await h.press("dropCon")
            try await h.clearCalls(["13800138000"])
        }
    }

    @Test("hideButton = [\"sConf\", \"conf\"] hides those two controls and only those")
    func hideButton() async throws {
        try await PanelBrowserHarness.run(panel: "hideButton = [\"sConf\", \"conf\"]") { h in
            let shown = try await h.page.evaluate(
                """
                ['setMode','number','make','answer','hold','sTran','sConf','ask','conf','dropCon','logout','login']
                  .filter(id => getComputedStyle(document.getElementById(id)).display !== 'none')
                """)
            #expect(shown == ["setMode", "number", "make", "answer", "hold", "sTran", "ask", "dropCon", "logout", "login"])
        }
    }

    @Test("without its token the page shows no agent state and can do nothing")
    func withoutToken() async throws {
        try await PanelBrowserHarness.run { h in
            let base = "http://127.0.0.1:\(h.panel.port)/"
            for url in [base, base + "#" + String(repeating: "0", count: 64)] {
                // Through a blank page: a change of the fragment alone would not load the page again.
                try await h.page.navigate(to: "about:blank")
                try await h.page.navigate(to: url)
                #expect(try await h.page.waitUntil("document.getElementById('agentLine').textContent.includes('wellclient panel')"))
                let enabled = try await h.page.evaluate("[...document.querySelectorAll('#bar button, #bar select')].filter(e => !e.disabled).map(e => e.id)")
                #expect(enabled == [], "\(url): enabled \(enabled)")
                #expect(try await h.page.evaluate("document.body.textContent.includes('5001')") == false)
                try await h.page.click("#login")
                try await h.page.click("#make")
                // The page's own script cannot read or change anything without the token either.
                let status = try await h.page.evaluate(
                    "fetch('/api/action', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({method: 'PlaceCall', args: ['8002']})}).then(r => r.status)"
                )
                #expect(status == 401)
            }
            // Barrier: with the token the same page dials, and that is the simulator's only call.
            try await h.page.navigate(to: "about:blank")
            try await h.page.navigate(to: h.panel.url)
            try await h.waitEnabled("logout")
            try await h.enterNumber("8002")
            try await h.press("make")
            _ = try await h.panel.simulatorCall(to: "8002")
            #expect(await h.agent.simulatorCalls().count == 1)
            try await h.press("dropCon")
            try await h.panel.waitForNoCalls()
        }
    }

    @Test("a missed call appears under Recent calls, counts as seen once shown, and Call back dials it")
    func recentAndMissedCalls() async throws {
        try await PanelBrowserHarness.run { h in
            let caller = "13800138000"
            // History on, no calls yet: the section is there and empty.
            #expect(try await h.page.waitUntil("document.getElementById('history').hidden === false"))
            #expect(try await h.page.evaluate("document.querySelectorAll('#historyList li').length") == 0)
            #expect(try await h.page.waitUntil("document.getElementById('historyEmpty').hidden === false"))
            #expect(try await h.text("historyEmpty") == "No calls yet.")

            // The caller gives up while it rings: listed, incoming, marked missed.
            _ = try await h.agent.sim.simulator.ring("8001", from: caller)
            try await h.waitEnabled("answer")
            try await h.agent.sim.simulator.hangup(from: caller)
            #expect(
                try await h.page.waitUntil(
                    "[...document.querySelectorAll('#historyList li')].some(li => li.textContent.includes('↙ \(caller)') && li.textContent.includes('missed'))"
                ))
            #expect(try await h.page.evaluate("document.getElementById('historyEmpty').hidden") == true)
            // The page was showing it, so the agent counts it as seen (MarkMissedSeen).
            try await eventually("the missed call seen") { try await h.agent.call("MissedCount").first?.uint32 == 0 }
            try await h.agent.waitForStatus { $0["missedCalls"] == 0 }
            #expect(try await h.page.waitUntil("document.querySelector('#historyList li.unseen') === null"))

            // Call back: a real click on the entry's button places the call.
            #expect(try await h.page.waitUntil("document.querySelector('#historyList li button')?.disabled === false"))
            try await h.page.click("#historyList li button")
            _ = try await h.panel.simulatorCall(to: caller)
            try await h.press("dropCon")
            try await h.clearCalls([caller])
            // The call back ended: it heads the list, outgoing.
            #expect(
                try await h.page.waitUntil(
                    "document.querySelector('#historyList li')?.textContent.includes('↗ \(caller)') === true"))
            #expect(try await h.page.evaluate("document.getElementById('historyError').textContent") == "")
        }
    }
}
