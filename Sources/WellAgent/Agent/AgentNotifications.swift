#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellNotifications

/// The agent's desktop notifications: one per call (replaced in place), missed calls, one-off
/// notices and Call/Cancel-style prompts, over a ``DesktopNotifier``.
///
/// Without a notification server the texts are printed to the terminal instead (said once in
/// the log); without the `actions` capability notifications are informative only and prompts
/// get no answer. Every id this actor shows is remembered with what it is for, so an
/// `ActionInvoked` is turned into an ``Action`` only for our own notifications.
actor AgentNotifications {
    /// What a notification id stands for.
    enum Purpose: Sendable, Equatable {
        case call(String)
        case missed(callId: String, number: String)
        case prompt
        case notice
    }

    /// What the user asked for through a notification button.
    enum Action: Sendable, Equatable {
        case answer(callId: String)
        case hangUp(callId: String)
        case callBack(number: String)
    }

    private let notifier: DesktopNotifier?
    private let enabled: Bool
    private let logger: Logger
    private let print: @Sendable (String) -> Void
    private var purposes: [UInt32: Purpose] = [:]
    private var callIDs: [String: UInt32] = [:]
    private var prompts: [UInt32: PromptAnswer] = [:]
    private var noticeID: UInt32?
    private var dialFailureID: UInt32?
    private var hasActions = false
    private var toldNoServer = false
    private var toldFailure = false

    /// - Parameters:
    ///   - notifier: the notifier, nil when there is no bus connection for it.
    ///   - enabled: `notifications.enabled`; when false nothing is shown or printed.
    ///   - print: where texts go when no server shows them.
    init(notifier: DesktopNotifier?, enabled: Bool, logger: Logger, print: @escaping @Sendable (String) -> Void) {
        self.notifier = notifier
        self.enabled = enabled
        self.logger = logger
        self.print = print
    }

    /// Whether the server shows buttons.
    var serverHasActions: Bool { hasActions }

    /// The notification id of each call that has one (for tests and Status).
    var callNotificationIDs: [String: UInt32] { callIDs }

    /// Reads the server's capabilities again (at start and when a server appears).
    @discardableResult
    func refreshCapabilities() async -> Bool {
        guard enabled, let notifier else {
            hasActions = false
            return false
        }
        do {
            hasActions = try await notifier.capabilities().contains("actions")
            toldNoServer = false
        } catch {
            hasActions = false
            tellFailure(error)
        }
        return hasActions
    }

    /// The server went away (or a new one came): every id is forgotten; pending prompts get no answer.
    func forgetAll() {
        purposes.removeAll()
        callIDs.removeAll()
        noticeID = nil
        for prompt in prompts.values { prompt.resolve(nil) }
        prompts.removeAll()
    }

    // MARK: - showing

    /// Shows (or replaces) the notification of call `callId`; nil closes it.
    func showCall(_ callId: String, _ request: NotificationRequest?) async {
        guard let request else {
            if let id = callIDs.removeValue(forKey: callId) {
                purposes[id] = nil
                try? await notifier?.close(id: id)
            }
            return
        }
        if let id = await show(request, replacing: callIDs[callId], purpose: .call(callId)) { callIDs[callId] = id }
    }

    /// The call `old` carries on as `new` (a transfer or conference merged it): its notification,
    /// if any, becomes `new`'s, so the next ``showCall(_:_:)`` for `new` replaces it in place and
    /// its buttons act on `new`. When `new` already has one, `old`'s is closed.
    func renameCall(_ old: String, to new: String) async {
        guard let id = callIDs.removeValue(forKey: old) else { return }
        if callIDs[new] == nil {
            callIDs[new] = id
            purposes[id] = .call(new)
        } else {
            purposes[id] = nil
            try? await notifier?.close(id: id)
        }
    }

    /// Replaces the notification of call `callId` (if any) by a missed-call notification that
    /// offers to call `number` back.
    func showMissed(callId: String, number: String, _ request: NotificationRequest) async {
        let previous = callIDs.removeValue(forKey: callId)
        if let previous { purposes[previous] = nil }
        _ = await show(request, replacing: previous, purpose: .missed(callId: callId, number: number))
    }

    /// Shows a one-off notice (login trouble, link state, configuration), replacing the previous notice.
    func notice(_ request: NotificationRequest) async {
        if let id = await show(request, replacing: noticeID, purpose: .notice) { noticeID = id }
    }

    /// Closes the current notice: what it says no longer holds (an outage's "reconnecting…"
    /// after the session it belonged to was ended by a logout).
    func closeNotice() async {
        guard let id = noticeID else { return }
        noticeID = nil
        purposes[id] = nil
        try? await notifier?.close(id: id)
    }

    /// Tells that a dial asked for by a link or a button failed, replacing the previous such
    /// notice (a page firing bad links in a loop leaves one), never a login or link notice.
    func dialFailure(_ request: NotificationRequest) async {
        if let id = await show(request, replacing: dialFailureID, purpose: .notice) { dialFailureID = id }
    }

    /// Asks a question with buttons and waits up to `timeout` for the key of the button chosen.
    /// Returns nil when the server cannot show buttons, on dismissal and on timeout.
    func prompt(_ request: NotificationRequest, timeout: Duration) async -> String? {
        guard enabled, let notifier else { return nil }
        if !hasActions { await refreshCapabilities() }
        guard hasActions else {
            logger.notice("cannot ask '\(request.summary)': the notification server shows no buttons")
            return nil
        }
        guard let id = await show(request, replacing: nil, purpose: .prompt) else { return nil }
        let answer = PromptAnswer()
        prompts[id] = answer
        let key = await answer.wait(timeout: timeout)
        prompts[id] = nil
        purposes[id] = nil
        try? await notifier.close(id: id)
        return key
    }

    private func show(_ request: NotificationRequest, replacing: UInt32?, purpose: Purpose) async -> UInt32? {
        guard enabled else { return nil }
        guard let notifier else {
            printText(request)
            return nil
        }
        do {
            let id = try await notifier.show(request, replacing: replacing)
            if let replacing, replacing != id { purposes[replacing] = nil }
            purposes[id] = purpose
            toldNoServer = false
            return id
        } catch {
            tellFailure(error)
            printText(request)
            return nil
        }
    }

    private func printText(_ request: NotificationRequest) {
        let body = request.body.isEmpty ? "" : " — " + request.body.replacing("\n", with: "; ")
        print("[notification] \(request.summary)\(body)")
    }

    private func tellFailure(_ error: NotificationError) {
        if error == .noServer {
            guard !toldNoServer else { return }
            toldNoServer = true
            logger.warning("no notification server on the session bus; notifications are printed here instead")
        } else {
            guard !toldFailure else { return }
            toldFailure = true
            logger.warning("notification failed: \(error)")
        }
    }

    // MARK: - answers

    /// Turns a notifier event into what the user asked for. `default` (a click on the body)
    /// never answers or dials; closing a prompt cancels it.
    func handle(_ event: NotificationEvent) -> Action? {
        switch event {
        case .actionInvoked(let id, let key):
            guard let purpose = purposes[id] else { return nil }
            switch (purpose, key) {
            case (.prompt, _) where key != CallNotificationPolicy.ActionKey.default:
                prompts[id]?.resolve(key)
                return nil
            case (.call(let callId), CallNotificationPolicy.ActionKey.answer):
                return .answer(callId: callId)
            case (.call(let callId), CallNotificationPolicy.ActionKey.hangUp):
                return .hangUp(callId: callId)
            case (.missed(_, let number), CallNotificationPolicy.ActionKey.callBack):
                purposes[id] = nil
                return .callBack(number: number)
            default:
                return nil
            }
        case .closed(let id, _):
            guard let purpose = purposes.removeValue(forKey: id) else { return nil }
            switch purpose {
            case .prompt: prompts[id]?.resolve(nil)
            case .call(let callId): if callIDs[callId] == id { callIDs[callId] = nil }
            case .notice: if noticeID == id { noticeID = nil }
            case .missed: break
            }
            return nil
        case .serverVanished:
            forgetAll()
            // No server, no buttons (Status tells the truth until one appears and is asked again).
            hasActions = false
            return nil
        case .serverAppeared:
            forgetAll()
            return nil
        }
    }
}
