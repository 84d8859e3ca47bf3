import Logging
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient
import WellProtocol
import WellNotifications
import WellControl
import WellDBus
import WellPanel

extension AgentService {
    // MARK: - client events

    /// Mirrors one client event on D-Bus and updates login/link state and the call notifications.
    func handleClientEvent(_ event: WellEvent) async {
        recordHistory(event)
        await emit("Event", [.string(event.name), .string(AgentJSON.string(event.json))])
        noteForTray(event)
        defer { spawn { await self.refreshTray() } }
        switch event {
        case .agentLoggedOn, .agentLoggedOff, .agentReady, .agentNotReady, .agentWorkingAfterCall, .agentAllocated:
            if case .agentLoggedOff = event, loginState == .loggedIn, let client, await !client.isLoggedIn {
                loginState = .loggedOut
                linkState = .closed
            }
            await emitAgentState(fallback: event.name)
            if case .agentWorkingAfterCall = event {
                await notifications?.notice(
                    NotificationRequest(
                        summary: strings.afterCallWork, body: strings.afterCallWorkBody, appIcon: "wellclient-after-call",
                        desktopEntry: ControlInterface.busName))
            }
        case .delivered(let delivered):
            if let split = delivered.split, !split.isEmpty { queues[delivered.call.callId] = split }
        case .linkDown:
            linkState = .down
            if !linkDownNoticed {
                linkDownNoticed = true
                await notice(strings.linkLost)
            }
        case .wsDisconnected:
            linkState = .down
            if !linkDownNoticed {
                linkDownNoticed = true
                await notice(strings.linkLost)
            }
        case .wsReconnectSucceed(let info):
            linkState = .up
            if linkDownNoticed {
                linkDownNoticed = false
                await notice(strings.linkRestored)
            }
            if info.agentMode == "Logout" {
                let wasLoggedIn = loginState == .loggedIn
                loginState = .loggedOut
                linkState = .closed
                await emitAgentState(fallback: "agentLoggedOff")
                if wasLoggedIn && !stopping {
                    // The server no longer knows this agent's session (it restarted and lost its
                    // state, or ended the session while the link was down): the agent keeps a
                    // session, so log in again, and say so once (docs/desktop.md §5).
                    logger.warning("the server no longer knows this agent's session; logging in again")
                    await notice(strings.sessionEndedRelogin)
                    lastLoginNotice = nil
                    startLogin()
                }
            }
        case .recoverStateSuccess:
            await emitAgentState(fallback: event.name)
        default:
            break
        }
        if Self.touchesCalls(event) { await reconcileCalls() }
    }

    static func touchesCalls(_ event: WellEvent) -> Bool {
        switch event {
        case .serviceInitiated, .originated, .delivered, .established, .connectionCleared, .transferred, .conferenced,
            .held, .retrieved, .failed, .agentLoggedOff, .wsReconnectSucceed, .recoverStateSuccess, .callEnded:
            true
        default:
            false
        }
    }

    private func notice(_ text: String) async {
        await notifications?.notice(
            NotificationRequest(
                summary: strings.appName, body: text, appIcon: ControlInterface.busName, category: "network",
                desktopEntry: ControlInterface.busName))
    }

    private func emitAgentState(fallback: String) async {
        guard let client else { return }
        let agent = await client.callMemory().agent
        let state = agent.loggedIn ? (agent.mode ?? fallback) : "Logout"
        await emit("AgentStateChanged", [.string(state), .string(AgentJSON.string(AgentJSON.value(agent)))])
    }

    /// Emits a signal of our interface (errors are logged: a signal nobody gets is no failure).
    func emit(_ member: String, _ arguments: [DBusValue]) async {
        panel?.stateChanged()
        guard let bus, bus.isConnected else { return }
        do {
            try await bus.emitSignal(path: ControlInterface.objectPath, interface: ControlInterface.interface, member: member, arguments: arguments)
        } catch {
            logger.debug("cannot emit \(member): \(error)")
        }
    }

    // MARK: - calls → notifications

    /// The notification policy for the current server.
    func policy() async -> CallNotificationPolicy {
        CallNotificationPolicy(
            strings: strings, serverHasActions: await notifications?.serverHasActions ?? false,
            sound: settings?.sound ?? true)
    }

    /// Compares the client's calls with what is shown: new or changed calls get their
    /// notification (replaced in place) and `CallStateChanged`; vanished calls are closed, or
    /// turned into "Missed call" when they rang here and were never answered.
    func reconcileCalls(force: Bool = false) async {
        let memory = await client?.callMemory()
        let policy = await policy()
        await carryMergedCalls(into: Set((memory?.calls ?? []).map(\.callId)))
        var present = Set<String>()
        for call in memory?.calls ?? [] {
            guard let presentation = CallPresentation(call, queue: queues[call.callId]) else { continue }
            present.insert(call.callId)
            var track = tracks[call.callId] ?? CallTrack(last: presentation)
            let changed = tracks[call.callId] == nil || track.last != presentation
            guard changed || force else { continue }
            track.last = presentation
            track.wasRingingIn = track.wasRingingIn || presentation.phase == .ringingIn
            track.wasConnected = track.wasConnected || presentation.wasConnected
            let popNow = presentation.phase == .connected && !track.screenPopped && settings?.screenPopURL != nil
            if popNow { track.screenPopped = true }
            // Until `originated` names the far end of an outbound call there is nothing to show
            // ("Calling unknown caller…" would flash first); an unchanged plan is not sent again
            // (a replaced notification pops up again on many servers) unless forced.
            let plan = policy.plan(for: presentation)
            let farEndPending = presentation.phase == .ringingOut && presentation.party.isEmpty
            let showNow = !farEndPending && (force || plan != track.shown)
            if showNow { track.shown = plan }
            tracks[call.callId] = track
            if changed {
                await emit(
                    "CallStateChanged",
                    [
                        .string(call.callId), .string(presentation.phase.rawValue),
                        .string(AgentJSON.string(AgentJSON.value(call))),
                    ])
            }
            if showNow { await notifications?.showCall(call.callId, plan) }
            if popNow, let template = settings?.screenPopURL { openScreenPop(template, ani: presentation.party, callId: call.callId) }
        }
        for (callId, track) in tracks where !present.contains(callId) {
            tracks[callId] = nil
            queues[callId] = nil
            await emit(
                "CallStateChanged",
                [
                    .string(callId), .string(CallPresentation.Phase.ended.rawValue),
                    .string(AgentJSON.string(["callId": .string(callId), "state": "ended"])),
                ])
            var last = track.last
            last.phase = .ended
            // The calls are sampled when an event is handled, and the client may be several
            // events ahead: a call can ring, be answered and end between two samples. The
            // client's record of ended calls says whether it was answered.
            let answered = await client?.endedCallWasEstablished(callId) ?? false
            last.wasConnected = track.wasConnected || answered
            if let missed = policy.afterEnd(of: last, wasRingingIn: track.wasRingingIn) {
                await notifications?.showMissed(callId: callId, number: last.party, missed)
            } else {
                await notifications?.showCall(callId, nil)
            }
        }
    }

    /// Tracked calls that a transfer or a conference merged into a call still here did not end
    /// (no "Missed call" for a ringing consultation transferred to this device): their history
    /// and notification move to the call they became, and D-Bus hears that the old id ended.
    private func carryMergedCalls(into callIds: Set<String>) async {
        guard let client else { return }
        for (callId, track) in tracks where !callIds.contains(callId) {
            guard let into = await client.callMergedInto(callId), callIds.contains(into) else { continue }
            tracks[callId] = nil
            if let queue = queues.removeValue(forKey: callId), queues[into] == nil { queues[into] = queue }
            if var existing = tracks[into] {
                existing.wasRingingIn = existing.wasRingingIn || track.wasRingingIn
                existing.wasConnected = existing.wasConnected || track.wasConnected
                existing.screenPopped = existing.screenPopped || track.screenPopped
                tracks[into] = existing
            } else {
                tracks[into] = track
            }
            await notifications?.renameCall(callId, to: into)
            logger.debug("call \(callId) carries on as \(into)")
            await emit(
                "CallStateChanged",
                [
                    .string(callId), .string(CallPresentation.Phase.ended.rawValue),
                    .string(
                        AgentJSON.string([
                            "callId": .string(callId), "state": "ended",
                            "mergedInto": .string(into),
                        ])),
                ])
        }
    }

    /// Starts the opener beside the event path: a slow spawn must not delay the next event.
    private func openScreenPop(_ template: String, ani: String, callId: String) {
        let environment = options.environment
        let logger = self.logger
        let bus = self.bus
        Task {
            do {
                let pid = try await ScreenPop(template: template).open(ani: ani, callId: callId, environment: environment)
                await AppScope.adopt(pid: pid, role: "screen-pop", bus: bus, logger: logger)
            } catch {
                logger.warning("screen pop: \(error)")
            }
        }
    }

    // MARK: - notification answers

    /// Acts on what the user chose in a notification.
    func handleNotificationEvent(_ event: NotificationEvent) async {
        guard let notifications else { return }
        let action = await notifications.handle(event)
        if event == .serverAppeared {
            await notifications.refreshCapabilities()
            await reconcileCalls(force: true)
        }
        guard let action else { return }
        do {
            switch action {
            case .answer(let callId):
                guard let client else { return }
                try await client.answerCall(callId)
            case .hangUp(let callId):
                guard let client else { return }
                try await client.dropConnection(callId)
            case .callBack(let number):
                _ = try await dialTellingFailure(number, confirm: false)
            }
        } catch {
            logger.warning("notification action failed: \(error)")
        }
    }

    /// `Activate`: shows the current calls' notifications again.
    func activate() async {
        await reconcileCalls(force: true)
    }
}
