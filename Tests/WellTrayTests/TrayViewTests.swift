import Foundation
import Testing
import WellTray

/// The pure model: agent state → look, title, tooltip and which menu items exist.
struct TrayViewTests {
    static let en = TrayStrings(simplifiedChinese: false)
    static let zh = TrayStrings(simplifiedChinese: true)
    static let reasons = ["Break", "Lunch"]

    static func loggedIn(_ mode: TrayState.Mode?, ringing: TrayState.Ringing? = nil, active: TrayState.Active? = nil, missed: Int = 0) -> TrayState {
        TrayState(
            session: .loggedIn, agentId: "5001", extensionNumber: "8001", mode: mode, ringing: ringing, active: active,
            missedCalls: missed, notReadyReasons: reasons)
    }

    /// The ids of the root's items (separators left out) and their labels.
    static func labels(_ view: TrayView) -> [String] {
        view.menu.filter { !$0.isSeparator }.map(\.label)
    }

    @Test func everySessionStateBeforeLoginIsGreyButStaysShown() {
        for session in [TrayState.Session.notConfigured, .loggingIn, .loggedOut, .linkDown] {
            let view = TrayView(TrayState(session: session, mode: .ready), strings: Self.en)
            #expect(view.look == .offline, "\(session)")
            #expect(view.look.row.status == "Active" && view.look.row.iconName == "wellclient-offline")
        }
        #expect(TrayView(TrayState(session: .notConfigured), strings: Self.en).title == "Not configured")
        #expect(TrayView(TrayState(session: .linkDown), strings: Self.en).title == "Connection lost; reconnecting…")
    }

    @Test func menuBeforeLoginOffersLogInAndQuitOnly() {
        let loggedOut = TrayView(TrayState(session: .loggedOut, agentId: "5001", extensionNumber: "8001"), strings: Self.en)
        #expect(Self.labels(loggedOut) == ["5001 · 8001 · Logged out", "Log in", "Quit"])
        #expect(loggedOut.menu.first?.enabled == false)
        #expect(loggedOut.menu.first { $0.label == "Log in" }?.action == .logIn)
        let loggingIn = TrayView(TrayState(session: .loggingIn), strings: Self.en)
        #expect(loggingIn.menu.first { $0.id == TrayView.ItemID.logIn }?.enabled == false)
        let unconfigured = TrayView(TrayState(session: .notConfigured), strings: Self.en)
        #expect(Self.labels(unconfigured) == ["Not configured", "Quit"])
    }

    @Test func readyAndNotReadyAreRadioItemsWithReasons() throws {
        let ready = TrayView(Self.loggedIn(.ready), strings: Self.en)
        #expect(ready.look == .ready && ready.look.row.status == "Active" && ready.title == "Ready")
        #expect(Self.labels(ready) == ["5001 · 8001 · Ready", "Ready", "Not Ready", "Log out", "Quit"])
        let readyItem = try #require(ready.menu.first { $0.id == TrayView.ItemID.ready })
        #expect(readyItem.toggle == .radio(selected: true) && readyItem.action == .ready)
        let notReadyItem = try #require(ready.menu.first { $0.id == TrayView.ItemID.notReady })
        #expect(notReadyItem.toggle == .radio(selected: false) && notReadyItem.action == nil)
        #expect(notReadyItem.children.map(\.label) == ["Break", "Lunch"])
        #expect(notReadyItem.children.map(\.action) == [.notReady(reason: "Break"), .notReady(reason: "Lunch")])
        #expect(notReadyItem.properties["children-display"] == .string("submenu"))

        let lunch = TrayView(Self.loggedIn(.notReady(reason: "Lunch")), strings: Self.en)
        #expect(lunch.look == .notReady && lunch.title == "Not Ready: Lunch")
        let submenu = try #require(lunch.menu.first { $0.id == TrayView.ItemID.notReady })
        #expect(submenu.toggle == .radio(selected: true))
        #expect(submenu.children.map(\.toggle) == [.radio(selected: false), .radio(selected: true)])
        #expect(lunch.menu.first { $0.id == TrayView.ItemID.ready }?.toggle == .radio(selected: false))
    }

    @Test func notReadyWithoutConfiguredReasonsIsOneItem() throws {
        var state = Self.loggedIn(.ready)
        state.notReadyReasons = []
        let item = try #require(TrayView(state, strings: Self.en).menu.first { $0.id == TrayView.ItemID.notReady })
        #expect(item.children.isEmpty && item.action == .notReady(reason: ""))
    }

    @Test func afterCallWorkShowsTimeLeftOrSince() {
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        let timed = TrayView(Self.loggedIn(.afterCallWork(since: start, until: start + 15)), strings: Self.en, now: start + 5.5)
        #expect(timed.look == .afterCallWork && timed.title == "After-call work")
        #expect(timed.details.contains("10 s left"))
        let open = TrayView(Self.loggedIn(.afterCallWork(since: start, until: nil)), strings: Self.en, now: start + 5)
        #expect(open.details.contains { $0.hasPrefix("since ") })
        // Neither radio item is selected during after-call work.
        #expect(open.menu.filter { $0.toggle == .radio(selected: true) }.isEmpty)
    }

    @Test func ringingNeedsAttentionAndOffersAnswerAndReject() {
        let view = TrayView(
            Self.loggedIn(.ready, ringing: .init(callId: "c1", caller: "13800138000", queue: "7000")), strings: Self.en)
        #expect(view.look == .ringing)
        #expect(view.look.row.status == "NeedsAttention" && view.look.row.attentionIconName == "wellclient-ringing-attention")
        #expect(view.title == "Incoming call from 13800138000")
        #expect(view.details == ["Agent 5001 · extension 8001", "Queue: 7000"])
        #expect(Self.labels(view) == ["5001 · 8001 · Incoming call from 13800138000", "Ready", "Not Ready", "Answer", "Reject", "Log out", "Quit"])
        #expect(view.menu.first { $0.label == "Answer" }?.action == .answer(callId: "c1"))
        #expect(view.menu.first { $0.label == "Reject" }?.action == .reject(callId: "c1"))
    }

    @Test func onCallOffersHoldAndHangUpThenRetrieveWhenHeld() {
        let since = Date(timeIntervalSince1970: 1_800_000_000)
        let talking = TrayView(Self.loggedIn(.ready, active: .init(callId: "c1", party: "8002", since: since)), strings: Self.en)
        #expect(talking.look == .onCall && talking.title == "On call with 8002")
        #expect(talking.details.contains("since \(Self.clock(since))"))
        #expect(Self.labels(talking).suffix(4) == ["Hold", "Hang up", "Log out", "Quit"])
        #expect(talking.menu.first { $0.label == "Hold" }?.action == .hold(callId: "c1"))
        let held = TrayView(Self.loggedIn(.ready, active: .init(callId: "c1", party: "8002", held: true)), strings: Self.en)
        #expect(held.look == .onHold && held.title == "On hold: 8002")
        #expect(Self.labels(held).suffix(4) == ["Retrieve", "Hang up", "Log out", "Quit"])
        let conference = TrayView(Self.loggedIn(.ready, active: .init(callId: "c2", party: "8002", conference: true)), strings: Self.en)
        #expect(conference.title == "Conference call" && conference.details.contains("8002"))
        let dialling = TrayView(Self.loggedIn(.ready, active: .init(callId: "c3", party: "8003", dialling: true)), strings: Self.en)
        #expect(dialling.title == "Calling 8003…" && !Self.labels(dialling).contains("Hold"))
    }

    @Test func missedCallsAreCountedInTheTooltip() {
        #expect(TrayView(Self.loggedIn(.ready, missed: 1), strings: Self.en).details.last == "1 missed call")
        #expect(TrayView(Self.loggedIn(.ready, missed: 3), strings: Self.en).details.last == "3 missed calls")
        #expect(TrayView(Self.loggedIn(.ready, missed: 3), strings: Self.zh).details.last == "3 个未接来电")
    }

    @Test func simplifiedChineseLabels() {
        let view = TrayView(Self.loggedIn(.ready, ringing: .init(callId: "c1", caller: "")), strings: Self.zh)
        #expect(Self.labels(view) == ["5001 · 8001 · 来电：未知号码", "就绪", "示忙", "接听", "拒接", "签出", "退出"])
    }

    @Test func sectionsAreTheExtensionPoint() throws {
        let recent = TrayMenuSection(
            id: "recent", title: "Recent calls", items: [.init(key: "13800138000", label: "13800138000"), .init(key: "8002", label: "8002")])
        let panel = TrayMenuSection(id: "panel", title: "", items: [.init(key: "open", label: "Open panel")])
        let empty = TrayMenuSection(id: "none", title: "Nothing", items: [])
        let view = TrayView(Self.loggedIn(.ready), strings: Self.en, sections: [recent, panel, empty])
        let submenu = try #require(view.menu.first { $0.label == "Recent calls" })
        #expect(submenu.children.map(\.action) == [.section(id: "recent", key: "13800138000"), .section(id: "recent", key: "8002")])
        #expect(view.menu.first { $0.label == "Open panel" }?.action == .section(id: "panel", key: "open"))
        #expect(!Self.labels(view).contains("Nothing"))
        // Ids are unique across the whole tree.
        let ids = TrayMenuItem(id: 0, label: "", children: view.menu).flattened.map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    @Test func itemIdsStayTheSameAcrossStates() {
        let a = TrayView(Self.loggedIn(.ready), strings: Self.en)
        let b = TrayView(Self.loggedIn(.notReady(reason: "Break")), strings: Self.en)
        #expect(a.menu.map(\.id) == b.menu.map(\.id))
    }

    @Test func theLookTableCoversEveryLookWithDistinctIcons() {
        let names = TrayLook.allCases.map(\.row.iconName)
        #expect(Set(names).count == TrayLook.allCases.count)
        #expect(TrayLook.iconNames.count == TrayLook.allCases.count + 1)
        #expect(TrayLook.allCases.filter { $0.row.status == "NeedsAttention" } == [.ringing])
        // No look is Passive: hosts hide passive items (xfce4-panel does).
        #expect(TrayLook.allCases.allSatisfy { $0.row.status != "Passive" })
    }

    @Test func pixmapIsARGB32InNetworkOrder() {
        let image = TrayPixmap.disc(colour: 0x2E9E44, size: 16)
        #expect(image.width == 16 && image.height == 16 && image.argb.count == 16 * 16 * 4)
        // The centre pixel is opaque and the colour's bytes follow alpha: A, R, G, B.
        let centre = (8 * 16 + 8) * 4
        #expect(Array(image.argb[centre..<centre + 4]) == [0xFF, 0x2E, 0x9E, 0x44])
        // A corner lies outside the disc: transparent.
        #expect(image.argb[0] == 0)
        let ring = TrayPixmap.disc(colour: 0x1E6FD9, size: 48, ring: true)
        let onRing = (24 * 48 + 24 + 12) * 4
        #expect(Array(ring.argb[onRing..<onRing + 4]) == [0xFF, 0xFF, 0xFF, 0xFF])
    }

    static func clock(_ date: Date) -> String {
        let c = Calendar.current.dateComponents([.hour, .minute, .second], from: date)
        return [c.hour ?? 0, c.minute ?? 0, c.second ?? 0].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined(separator: ":")
    }
}
