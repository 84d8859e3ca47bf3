import Foundation
import Testing
import WellProtocol
import WellTestSupport

/// Real clicks (DevTools `Input.dispatchMouseEvent`) in Debian's headless Chromium with the
/// extension, through the native host and the agent to the simulator. What the simulator
/// received is the verdict. An absence is proven with an ordering barrier: the extension dials
/// one at a time in the order asked, so after the click that must not dial, a real click that
/// must dial is made, and then the simulator must have seen exactly that one call.
@Suite("End to end: click-to-call in Chromium", .serialized, .timeLimit(.minutes(5)))
struct BrowserClickToCallTests {
    @Test("the seed's class rule, +86 with separators, a tel: link and a nested element each place exactly their call")
    func clicksDial() async throws {
        try await BrowserClickHarness.run { h in
            // The element shows that it can be clicked, without the page's own title being replaced.
            try await h.page.hover("#seed")
            #expect(try await h.page.evaluate("document.getElementById('seed').title") == "Call 800112")
            #expect(try await h.page.evaluate("getComputedStyle(document.getElementById('seed')).cursor") == "pointer")
            try await h.page.hover("#titled")
            #expect(try await h.page.evaluate("document.getElementById('titled').title") == "Mobile")

            try await h.page.click("#seed")
            try await h.expectOnlyCall(to: "800112")
            #expect(try await h.dialRecorded(count: 1)?["source"] == "class")
            try await h.paceForNextDial()

            try await h.page.click("#intl")
            try await h.expectOnlyCall(to: "8613800138000")
            try await h.paceForNextDial()

            // A tel: link: dialled by the tel: URI rules, its default stopped (the page stays).
            let before = try await h.page.evaluate("location.href")
            try await h.page.click("#tel")
            try await h.expectOnlyCall(to: "86108002")
            #expect(try await h.dialRecorded(count: 3)?["source"] == "link")
            #expect(try await h.page.evaluate("location.href") == before)
            try await h.paceForNextDial()

            // A click on a child of the marked element dials the marked element's text.
            try await h.page.click("#inner")
            try await h.expectOnlyCall(to: "13800138001")
            #expect(try await h.dialRecorded(count: 4)?["number"] == "13800138001")
        }
    }

    @Test("no dial from an element without the class, a script-made click, or a site that is not enabled")
    func whatMustNotDial() async throws {
        try await BrowserClickHarness.run { h in
            // Not marked: nothing.
            try await h.page.click("#plain")
            // A real click on the page's button, whose handler clicks a marked number by script
            // (element.click(): an untrusted event), then script-made events without any user action.
            try await h.page.click("#relay")
            _ = try await h.page.evaluate(
                """
                document.getElementById('seed').click();
                document.getElementById('nested').dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
                true
                """)
            // Barrier: a real click that must dial, then exactly that call.
            try await h.page.click("#intl")
            try await h.expectOnlyCall(to: "8613800138000")
            let one = try await h.dialRecorded(count: 1)
            let dials = try await h.recentDials()
            #expect(one != nil, "the extension asked for more than the one dial: \(dials)")
            try await h.paceForNextDial()

            // The same page on another port is another origin: not enabled, nothing shown, no dial.
            try await h.page.navigate(to: h.other.origin + "/")
            try await h.page.hover("#seed")
            #expect(try await h.page.evaluate("document.getElementById('seed').title") == "")
            #expect(try await h.page.evaluate("getComputedStyle(document.getElementById('seed')).cursor") != "pointer")
            try await h.page.click("#seed")
            try await h.page.click("#nested")
            // Barrier on the enabled origin.
            try await h.page.navigate(to: h.enabled.origin + "/")
            try await h.page.click("#seed")
            try await h.expectOnlyCall(to: "800112")
            let second = try await h.dialRecorded(count: 2)
            let all = try await h.recentDials()
            #expect(second?["number"] == "800112", "\(all)")
        }
    }

    @Test("a second real click within 2 s is refused by the agent's guard and places no call; the failure is shown")
    func twoSecondGuard() async throws {
        try await BrowserClickHarness.run { h in
            let first = ContinuousClock.now
            try await h.page.click("#seed")
            _ = try await h.agent.simulatorCall(to: "800112")
            try await h.hangUp() // so that only the 2 s guard can refuse the next one
            try await h.page.click("#intl")
            let refused = try await h.dialRecorded(count: 2)
            let elapsed = ContinuousClock.now - first
            try #require(elapsed < .seconds(2), "too slow to test the 2 s guard here: the second click came \(elapsed) after the first")
            #expect(refused?["ok"] == false, "\(String(describing: refused))")
            #expect(refused?["code"] == "refused", "\(String(describing: refused))")
            // The 2 s guard, not the one-call guard (the first call had ended for the agent too).
            #expect(refused?["message"]?.stringValue?.contains("per 2") == true, "\(String(describing: refused))")
            #expect(refused?["message"]?.stringValue?.hasPrefix("Could not call: ") == true, "\(String(describing: refused))")
            #expect(await h.agent.simulatorCalls().isEmpty, "the refused click placed a call")
            // The person sees it: the toolbar button of the tab carries the reason.
            let badge = try await h.worker.evaluate("chrome.tabs.query({}).then(t => Promise.all(t.map(x => chrome.action.getBadgeText({ tabId: x.id }))))")
            #expect(badge.arrayValue?.contains("!") == true, "\(badge)")

            // After the guard's 2 s the same click dials.
            try await h.paceForNextDial()
            try await h.page.click("#intl")
            try await h.expectOnlyCall(to: "8613800138000")
        }
    }

    @Test("the popup shows the agent's state; its switch enables another origin for this user, and disables it again")
    func popupSwitch() async throws {
        try await BrowserClickHarness.run { h in
            // On the enabled site: the agent's state, and the switch on.
            var popup = try await h.openPopup()
            let shown = try await popup.evaluate("document.body.innerText")
            #expect(
                try await popup.evaluate("document.getElementById('agent').textContent").stringValue?.hasPrefix("5001@demo.cc: logged in") == true,
                "\(shown)")
            #expect(try await popup.evaluate("document.getElementById('origin').textContent") == .string(h.enabled.origin))
            #expect(try await popup.evaluate("[document.getElementById('site').checked, document.getElementById('site').disabled]") == [true, false])
            try await popup.closeTarget()

            // On the other origin: off; a real click on the switch turns it on for this origin only.
            try await h.page.navigate(to: h.other.origin + "/")
            popup = try await h.openPopup()
            #expect(try await popup.evaluate("[document.getElementById('site').checked, document.getElementById('site').disabled]") == [false, false])
            try await popup.click("#site")
            let both = "['\(h.enabled.origin)', '\(h.other.origin)']"
            let stored = try await h.worker.waitUntil("chrome.storage.local.get('userSites').then(s => JSON.stringify(s.userSites) === JSON.stringify(\(both)))")
            let storage = try await h.worker.evaluate("chrome.storage.local.get(null)")
            #expect(stored, "\(storage)")
            try await popup.closeTarget()
            // The open page follows at once: the title, then a click that dials.
            try await h.page.hover("#seed")
            #expect(try await h.page.evaluate("document.getElementById('seed').title") == "Call 800112")
            try await h.page.click("#seed")
            try await h.expectOnlyCall(to: "800112")
            try await h.paceForNextDial()

            // Switched off again: the same click does nothing (barrier: a dial on the enabled site).
            popup = try await h.openPopup()
            try await popup.click("#site")
            #expect(try await h.worker.waitUntil("chrome.storage.local.get('userSites').then(s => JSON.stringify(s.userSites) === JSON.stringify(['\(h.enabled.origin)']))"))
            try await popup.closeTarget()
            #expect(try await h.page.waitUntil("getComputedStyle(document.getElementById('seed')).cursor !== 'pointer'"))
            try await h.page.click("#seed")
            try await h.page.navigate(to: h.enabled.origin + "/")
            try await h.page.click("#intl")
            try await h.expectOnlyCall(to: "8613800138000")
            let last = try await h.dialRecorded(count: 2)
            let dials = try await h.recentDials()
            #expect(last?["number"] == "8613800138000", "\(dials)")
        }
    }

    /// The native menu itself cannot be driven headless; what it does when chosen can: the
    /// worker's menu handler, called as the browser calls it, with the page's real selection.
    @Test("\"Call …\" on selected text dials it on any site (here one that is not enabled); the selection's source is recorded")
    func contextMenuOnSelection() async throws {
        try await BrowserClickHarness.run { h in
            try await h.page.navigate(to: h.other.origin + "/")
            let selected = try await h.page.evaluate(
                "(() => { const r = document.createRange(); r.selectNodeContents(document.getElementById('plain')); const s = getSelection(); s.removeAllRanges(); s.addRange(r); return s.toString(); })()"
            )
            let text = try #require(selected.stringValue)
            #expect(text == "13800138002")
            // The extension may not read tabs' URLs (no "tabs" permission): the page's tab is the active one.
            try await h.page.activate()
            let tabs = try await h.worker.evaluate("chrome.tabs.query({ active: true }).then(t => t.map(x => x.id))")
            let tabId = try #require(tabs.arrayValue?.first?.intValue, "\(tabs)")
            _ = try await h.worker.evaluate(
                "(onMenuClicked({ menuItemId: 'wellclient-call-selection', selectionText: '\(text)', frameId: 0 }, { id: \(tabId) }), true)")
            try await h.expectOnlyCall(to: "13800138002")
            let dial = try await h.dialRecorded(count: 1)
            #expect(dial?["source"] == "selection", "\(String(describing: dial))")
            #expect(dial?["ok"] == true)
            // Another menu's click is not ours: nothing is dialled (barrier: the next real click).
            try await h.paceForNextDial()
            _ = try await h.worker.evaluate(
                "(onMenuClicked({ menuItemId: 'something-else', selectionText: '13800138009', frameId: 0 }, { id: \(tabId) }), true)")
            try await h.page.navigate(to: h.enabled.origin + "/")
            try await h.page.click("#seed")
            try await h.expectOnlyCall(to: "800112")
            #expect(try await h.recentDials().count == 2)
        }
    }
}
