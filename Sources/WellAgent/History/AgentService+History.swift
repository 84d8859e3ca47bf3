#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellClient
import WellHistory
import WellNotifications
import WellControl
import WellNumbers

extension AgentService {
    /// How often the history is pruned after the prune at start.
    static let historyPruneInterval: Duration = .seconds(86_400)
    /// `History(0)` answers this many calls.
    static let historyDefaultLimit = 50
    /// `History(n)` answers at most this many calls.
    static let historyMaxLimit = 10_000

    /// The `[history]` table in force: the config file's, or the defaults (demo, no file).
    var historyConfig: AgentConfigFile.History { pendingFile?.0.history ?? AgentConfigFile.History() }

    /// Opens the history file (moving a corrupt one aside, with a notice), takes over the rows an
    /// earlier run left open and queues the first prune. Returns the daily prune loop. Without
    /// a usable file the agent runs on without history.
    func openHistory() async -> (@Sendable () async -> Void)? {
        let config = historyConfig
        guard config.enabled else {
            logger.info("history: off ([history] enabled = false)")
            return nil
        }
        guard let path = HistoryLocation.path(environment: options.environment) else {
            logger.warning("history: neither XDG_DATA_HOME nor HOME is set; no call history")
            return nil
        }
        let opening = HistoryStore.openRecovering(at: path)
        if let aside = opening.movedAside {
            logger.warning("history: \(path) could not be used (\(opening.problem ?? "")); moved to \(aside), starting a new one")
            await notifications?.notice(
                NotificationRequest(
                    summary: strings.appName, body: strings.historyMovedAside(aside), appIcon: ControlInterface.busName,
                    desktopEntry: ControlInterface.busName))
        }
        guard let store = opening.store else {
            logger.error("history: \(opening.problem ?? "cannot open \(path)"); no call history")
            return nil
        }
        do {
            historyLeftOpen = try await store.openCalls()
        } catch {
            logger.warning("history: cannot read the calls left open: \(error)")
        }
        let recorder = HistoryRecorder(store: store, logger: logger) { [weak self] in await self?.historyChanged() }
        history = recorder
        recorder.prune(keepDays: config.keepDays, maxCalls: config.maxCalls)
        return {
            while !Task.isCancelled {
                do { try await Task.sleep(for: Self.historyPruneInterval) } catch { return }
                recorder.prune(keepDays: config.keepDays, maxCalls: config.maxCalls)
            }
        }
    }

    /// Feeds one client event to the history: the tracker's rows are queued for the writer,
    /// never awaited here.
    func recordHistory(_ event: WellEvent) {
        guard let history else { return }
        if historyTracker == nil {
            guard let settings else { return }
            let plan = settings.client.dialPlan
            var tracker = HistoryTracker(ownDevice: settings.client.agent.deviceId, isInternal: { plan.isInternal($0) })
            tracker.adoptLeftOpen(historyLeftOpen)
            historyLeftOpen = []
            historyTracker = tracker
        }
        guard let writes = historyTracker?.apply(event, now: Date()), !writes.isEmpty else { return }
        history.enqueue(writes)
    }

    /// Writes what is queued, then closes the writer (at shutdown).
    func closeHistory() async {
        guard let history else { return }
        self.history = nil
        await history.close()
    }

    private func historyStore() throws(AgentControlError) -> HistoryStore {
        guard let store = history?.store else {
            throw AgentControlError(
                ControlInterface.ErrorName.unavailable,
                historyConfig.enabled ? "the call history file could not be opened (see the agent's log)" : "the call history is off ([history] enabled = false)")
        }
        return store
    }

    /// `History(limit)`: the newest ended calls as a JSON array of ``HistoryCall/JSON`` objects
    /// (`limit` 0: 50; at most 10,000).
    func historyJSON(limit: UInt32) async throws(AgentControlError) -> String {
        let store = try historyStore()
        let count = limit == 0 ? Self.historyDefaultLimit : min(Int(limit), Self.historyMaxLimit)
        do {
            return HistoryCall.jsonArray(try await store.recent(limit: count))
        } catch {
            throw AgentControlError(ControlInterface.ErrorName.unavailable, "cannot read the call history: \(error)")
        }
    }

    /// `MissedCount()`: missed calls not yet seen.
    func missedCallCount() async throws(AgentControlError) -> UInt32 {
        let store = try historyStore()
        do {
            return UInt32(clamping: try await store.missedCount())
        } catch {
            throw AgentControlError(ControlInterface.ErrorName.unavailable, "cannot read the call history: \(error)")
        }
    }

    /// `MarkMissedSeen()`: the user has looked at the missed calls.
    func markMissedSeen() async throws(AgentControlError) {
        let store = try historyStore()
        let marked: Int
        do {
            marked = try await store.markMissedSeen()
        } catch {
            throw AgentControlError(ControlInterface.ErrorName.unavailable, "cannot write the call history: \(error)")
        }
        if marked > 0 { await historyChanged() }
    }

    /// `ClearHistory()`: deletes every call; the tray's recent calls and missed count and the
    /// panel follow at once.
    /// - Returns: how many calls were deleted.
    func clearHistory() async throws(AgentControlError) -> UInt32 {
        let store = try historyStore()
        let removed: Int
        do {
            removed = try await store.clear()
        } catch {
            throw AgentControlError(ControlInterface.ErrorName.unavailable, "cannot write the call history: \(error)")
        }
        await historyChanged()
        return UInt32(clamping: removed)
    }

    /// The missed count for `Status` (`nil` without history).
    func missedCallsForStatus() async -> Int? {
        guard let store = history?.store else { return nil }
        return try? await store.missedCount()
    }
}
