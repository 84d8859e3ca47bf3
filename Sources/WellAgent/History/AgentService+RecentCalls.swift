#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellControl
import WellDBus
import WellHistory
import WellPanel
import WellProtocol
import WellTray

extension AgentService {
    /// The tray's "Recent calls" lists this many calls.
    static let trayRecentCalls = 8
    /// The panel's recent calls list this many.
    static let panelRecentCalls = 20
    /// The id of the tray's "Recent calls" section.
    static let recentCallsSectionId = "recent"

    /// The history file changed (a call ended, calls were pruned, missed calls were seen):
    /// everything that shows it reads it again.
    func historyChanged() async {
        missedCallsShown = await missedCallsForStatus() ?? 0
        await refreshRecentCalls()
        await refreshTray()
        panel?.stateChanged()
    }

    /// Puts the newest ended calls in the tray's "Recent calls" submenu; a click calls the
    /// number back through `PlaceCall` (the user chose it, as in the panel). Without history
    /// the section is empty, and an empty section is not shown.
    func refreshRecentCalls() async {
        var calls: [HistoryCall] = []
        if let store = history?.store {
            do {
                calls = try await store.recent(limit: Self.trayRecentCalls)
            } catch {
                logger.warning("history: cannot read the recent calls for the tray: \(error)")
            }
        }
        let strings = trayStrings
        let items = calls.map { call in
            TrayMenuSection.Item(
                key: call.number,
                label: strings.recentCall(
                    number: call.number, incoming: !call.placedHere, missed: call.isMissed, when: HistoryDate.short(call.startedAt)),
                enabled: !call.number.isEmpty)
        }
        let section = TrayMenuSection(id: Self.recentCallsSectionId, title: strings.recentCalls, items: items, order: 10)
        await setTraySection(section) { [weak self] number in
            guard let self, !number.isEmpty else { return }
            await self.performFromTray(.placeCall, [.string(number)], label: strings.recentCalls)
        }
    }

    /// The panel's `history`: the newest ended calls, each `{number, direction, incoming,
    /// missed, unseen, startedAt}`; `nil` (no section on the page) without history.
    func panelHistory() async -> JSONValue? {
        guard let store = history?.store else { return nil }
        do {
            let calls = try await store.recent(limit: Self.panelRecentCalls)
            return .array(
                calls.map { call in
                    [
                        "number": .string(call.number), "direction": .string(call.direction.rawValue), "incoming": .bool(!call.placedHere), "missed": .bool(call.isMissed),
                        "unseen": .bool(call.isMissed && !call.seen), "startedAt": .string(HistoryDate.short(call.startedAt)),
                    ]
                })
        } catch {
            logger.warning("history: cannot read the recent calls for the panel: \(error)")
            return nil
        }
    }
}
