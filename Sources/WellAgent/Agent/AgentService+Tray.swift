#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellClient
import WellControl
import WellDBus
import WellNotifications
import WellProtocol
import WellTray

extension AgentService {
    // MARK: - the panel item

    /// Creates the panel item on `bus`; returns the loop that exports it, registers it with the
    /// panel's watcher and follows the watcher (a panel that starts or restarts later).
    func prepareTray(bus: DBusConnection) -> @Sendable () async -> Void {
        let tray = StatusNotifierItem(
            connection: bus, id: "wellclient", strings: trayStrings,
            logger: logger
        ) { [weak self] action in
            await self?.trayClicked(action)
        }
        self.tray = tray
        let logger = self.logger
        return {
            do {
                try await tray.start()
            } catch {
                logger.warning("the tray item is unavailable: \(error)")
                return
            }
            await self.refreshTray()
            await tray.run()
        }
    }

    /// The tray's texts, in the agent's language.
    var trayStrings: TrayStrings { TrayStrings(simplifiedChinese: strings.language == .simplifiedChinese) }

    /// Shows the agent's current state on the panel item.
    func refreshTray() async {
        guard let tray else { return }
        await tray.update(await trayState())
    }

    /// Asks for a refresh from synchronous code (a login or link state change).
    func scheduleTrayRefresh() {
        guard tray != nil else { return }
        spawn { await self.refreshTray() }
    }

    /// Adds or replaces a menu section owned by another part of the agent (recent calls, the
    /// panel…): `onClick` gets the key of the clicked item. An empty section is not shown.
    func setTraySection(_ section: TrayMenuSection, onClick: @escaping @Sendable (String) async -> Void) async {
        traySections[section.id] = (section, onClick)
        let sections = traySections.values.map(\.section).sorted { ($0.order, $0.id) < ($1.order, $1.id) }
        await tray?.setSections(sections)
    }

    /// What the panel item shows, from the login, link, mode and calls.
    func trayState() async -> TrayState {
        let session: TrayState.Session =
            switch loginState {
            case .notConfigured: .notConfigured
            case .idle, .loggingIn: .loggingIn
            case .loggedOut, .failed: .loggedOut
            case .loggedIn: linkState == .down ? .linkDown : .loggedIn
            }
        var state = TrayState(
            session: session, agentId: settings?.client.agent.jobNumber, extensionNumber: settings?.client.agent.extensionNumber,
            missedCalls: missedCallsShown, notReadyReasons: settings?.notReadyReasons ?? [])
        guard let client, loginState == .loggedIn else { return state }
        let memory = await client.callMemory()
        state.mode = TrayState.mode(agentMode: memory.agent.mode, reason: memory.agent.reason, since: afterCallWorkSince, until: afterCallWorkUntil)
        var active: TrayState.Active?
        for call in memory.calls {
            guard let presentation = CallPresentation(call, queue: queues[call.callId]) else { continue }
            switch presentation.phase {
            case .ringingIn:
                if state.ringing == nil {
                    state.ringing = TrayState.Ringing(
                        callId: call.callId, caller: presentation.party, queue: presentation.queue.map(CallPresentation.number))
                }
            case .connected, .held, .ringingOut:
                let candidate = TrayState.Active(
                    callId: call.callId, party: presentation.party, held: presentation.phase == .held,
                    conference: presentation.isConference, dialling: presentation.phase == .ringingOut,
                    since: call.establishedAt.flatMap { EventTime.date(from: $0) })
                // The call we talk on wins over one we hold.
                if active == nil || (active?.held == true && !candidate.held) { active = candidate }
            case .ended:
                break
            }
        }
        state.active = active
        return state
    }

    /// Notes what the tray needs from one client event: when after-call work began, and
    /// whether missed calls were looked at (a call answered or placed here).
    func noteForTray(_ event: WellEvent) {
        switch event {
        case .agentWorkingAfterCall:
            if afterCallWorkSince == nil {
                let since = Date()
                afterCallWorkSince = since
                if afterCallWorkUntil != nil { spawn { await self.countDownAfterCallWork(since: since) } }
            }
        case .agentReady, .agentNotReady, .agentLoggedOff, .agentLoggedOn, .agentAllocated:
            afterCallWorkSince = nil
        default:
            break
        }
    }

    /// When the current after-call work ends, from `agent.wrapUpSeconds` (nil: not in after-call
    /// work, or its length is not known; the server's event does not say).
    var afterCallWorkUntil: Date? {
        guard let since = afterCallWorkSince, let seconds = settings?.wrapUpSeconds, seconds > 0 else { return nil }
        return since.addingTimeInterval(Double(seconds))
    }

    /// Shows the time left once a second while the after-call work that began at `since` lasts.
    func countDownAfterCallWork(since: Date) async {
        while afterCallWorkSince == since, let until = afterCallWorkUntil, until > Date() {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            await refreshTray()
        }
    }

    // MARK: - menu clicks

    /// A click on a menu item: runs in its own task, so the click's reply does not wait.
    func trayClicked(_ action: TrayAction) {
        spawn { await self.runTrayAction(action) }
    }

    /// Carries out a menu item through the same router as the D-Bus method of the same name
    /// (same guards, same errors); a failure is told in a notification.
    func runTrayAction(_ action: TrayAction) async {
        switch action {
        case .quit:
            logger.info("Quit chosen in the tray menu; stopping")
            stop()
            return
        case .section(let id, let key):
            await traySections[id]?.onClick(key)
            return
        default:
            break
        }
        guard let target = Self.controlCall(for: action) else { return }
        await performFromTray(target.0, target.1, label: trayStrings.label(of: action))
    }

    /// Calls `method` through the router of the D-Bus methods (same guards, same errors); a
    /// failure is logged and told in a notification that names the menu item `label`.
    func performFromTray(_ method: ControlMethod, _ arguments: [DBusValue], label: String) async {
        let call = DBusMethodCall(
            sender: nil, path: ControlInterface.objectPath, interface: method.interface, member: method.name,
            signature: method.inputSignature, arguments: arguments)
        if case .error(_, let message) = await ControlRouter(agent: self).handle(call) {
            logger.warning("tray menu \(method.name) failed: \(message)")
            await trayFailure(label: label, message: message)
        }
    }

    /// Tells in a notification that the menu item `label` failed, and why.
    func trayFailure(label: String, message: String) async {
        await notifications?.notice(
            NotificationRequest(
                summary: strings.trayActionFailed(label), body: message, appIcon: ControlInterface.busName,
                desktopEntry: ControlInterface.busName))
    }

    /// The D-Bus method (and its arguments) a menu item stands for; nil for the items that are
    /// not D-Bus methods (Quit, sections).
    static func controlCall(for action: TrayAction) -> (ControlMethod, [DBusValue])? {
        switch action {
        case .ready: (.setAgentMode, [.string("Ready"), .string("")])
        case .notReady(let reason): (.setAgentMode, [.string("NotReady"), .string(reason)])
        case .answer(let callId): (.answer, [.string(callId)])
        case .reject(let callId), .hangUp(let callId): (.hangUp, [.string(callId)])
        case .hold(let callId): (.hold, [.string(callId)])
        case .retrieve(let callId): (.retrieve, [.string(callId)])
        case .logIn: (.login, [])
        case .logOut: (.logout, [])
        case .quit, .section: nil
        }
    }
}
