#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Logging
import WellProtocol

extension WellClient {
    // MARK: - channel lifecycle

    /// Starts the event channel (with its reconnect loop) for a new session.
    func startChannel() {
        let stop = Latch()
        let ready = Latch()
        self.channelStop = stop
        self.channelReady = ready
        self.channelFailure = nil
        self.channelConnectedOnce = false
        self.channelFailures = 0
        self.linkDownSince = nil
        self.linkDownNoticed = false
        let link = ChannelLink()
        self.channelLink = link
        let channel = EventChannel(
            url: self.configuration.server.resolvedWebSocketURL,
            destination: self.configuration.server.topic.destination(agentId: self.configuration.agent.agentId),
            heartBeat: self.configuration.stompHeartBeat,
            connectTimeout: self.configuration.connectTimeout,
            tls: self.tls,
            logger: self.logger,
            link: link)
        self.spawn {
            await runUntil({ await self.channelLoop(channel, stop: stop) }, until: stop)
            await self.channelEnded()
        }
    }

    /// Stops the channel and the heartbeat of the current session (no reconnect).
    func stopSession() {
        self.channelStop?.open()
        self.heartbeatStop?.open()
        self.channelReady?.open()
        self.channelStop = nil
        self.channelLink = nil
        self.heartbeatStop = nil
    }

    private func channelLoop(_ channel: EventChannel, stop: Latch) async {
        while !Task.isCancelled && !stop.isOpen {
            let reason: String
            do {
                try await channel.run(
                    onConnected: { await self.channelUp(stop: stop) },
                    onMessage: { body in await self.receive(body: body) })
                reason = "closed"
            } catch {
                reason = String(describing: error)
            }
            if Task.isCancelled || stop.isOpen { return }
            let kicked = channel.link.takeEndedByKick()
            guard let delay = self.channelDown(reason: reason, stop: stop) else { return }
            // A connection dropped because it failed a link check is replaced at once.
            if !kicked { try? await Task.sleep(for: delay) }
        }
    }

    /// The channel's loop ended for good (stopped, cancelled, or out of reconnect attempts): a
    /// logout waiting for its agentLoggedOff stops waiting; no event can arrive any more.
    private func channelEnded() {
        if self.phase == .loggingOut { self.loggedOffSeen?.open() }
    }

    /// Called once the STOMP subscription is in place.
    private func channelUp(stop: Latch) async {
        guard self.channelStop === stop else { return }
        let wasDown = self.channelConnectedOnce
        self.channelConnectedOnce = true
        self.channelFailures = 0
        let noticed = self.linkDownNoticed
        self.linkDownSince = nil
        self.linkDownNoticed = false
        self.log(.log, wasDown ? "event channel reconnected" : "event channel connected")
        if !wasDown {
            self.channelReady?.open()
            return
        }
        guard self.phase == .loggedIn else { return }
        await self.resynchronise(reconnect: true)
        if noticed { self.log(.alert, "the event channel is back") }
    }

    /// Decides what happens after a drop; returns the delay before the next attempt, or `nil` to stop.
    private func channelDown(reason: String, stop: Latch) -> Duration? {
        guard self.channelStop === stop else { return nil }
        if !self.channelConnectedOnce && self.phase == .loggingIn {
            self.channelFailure = .transport("event channel", reason)
            self.channelReady?.open()
            return nil
        }
        self.log(.error, "event channel dropped: \(reason)")
        // A logout waiting for its agentLoggedOff would wait in vain: the event is lost with the link.
        if self.phase == .loggingOut { self.loggedOffSeen?.open() }
        let policy = self.configuration.reconnect
        let now = ContinuousClock.now
        if self.linkDownSince == nil { self.linkDownSince = now }
        if let since = self.linkDownSince, !self.linkDownNoticed, now - since >= policy.downNotice {
            self.linkDownNoticed = true
            self.log(.alert, "the event channel has been down for \(policy.downNotice)")
            self.publish(.linkDown(reason: reason))
        }
        guard policy.allowsAttempt(after: self.channelFailures) else {
            self.publish(.wsDisconnected(reason: reason))
            self.log(.alert, "websocket disconnect: giving up after \(self.channelFailures) attempts")
            return nil
        }
        self.channelFailures += 1
        return policy.delay(attempt: self.channelFailures)
    }

    // MARK: - link check

    /// Whether the event channel is connected and subscribed right now (it is not while it
    /// reconnects after a drop).
    public var isEventChannelUp: Bool { self.channelLink?.isAttached ?? false }

    /// Checks the event channel now with a STOMP RECEIPT round trip — after a resume from
    /// suspend or a network change, when the connection may be dead although no close arrived.
    /// When no answer comes within `timeout` the connection is dropped and re-established at
    /// once instead of waiting for the heart-beat watchdog.
    /// - Returns: `true` when the link answered; `false` when it did not (a reconnect is under
    ///   way) or there is no session.
    @discardableResult
    public func checkEventChannel(timeout: Duration = .seconds(3)) async -> Bool {
        guard self.phase == .loggedIn, let link = self.channelLink else { return false }
        if await link.barrier(timeout: timeout) { return true }
        guard self.channelLink === link else { return false }
        if link.kick() {
            self.log(.error, "the event channel did not answer a link check within \(timeout); reconnecting")
        }
        self.channelFailures = 0
        return false
    }

    // MARK: - resync

    /// Rebuilds the call model from `client-state` (after a reconnect or for a recovery).
    func resynchronise(reconnect: Bool) async {
        do {
            let response = try await self.perform("getClientState") { _ throws(CSTARequestError) in try CSTARequest.clientState() }
            let state = ClientState(json: response.json ?? .null)
            let agent = self.configuration.agent
            guard state.isRecoverable(agentId: agent.agentId, deviceId: agent.deviceId) else {
                self.log(.alert, "the server no longer knows this session (agentMode \(state.agentMode ?? "none"))")
                self.model.reset()
                self.publish(.wsReconnectSucceed(RecoveryInfo(agentMode: "Logout", calls: [])))
                self.endSession()
                return
            }
            self.model.rebuild(from: state)
            let info = RecoveryInfo(agentMode: state.agentMode ?? "", calls: self.model.memory.calls)
            self.publish(reconnect ? .wsReconnectSucceed(info) : .recoverStateSuccess(info))
        } catch {
            self.log(.error, "client-state after reconnect failed: \(error)")
        }
    }

    // MARK: - incoming events

    /// Decodes, deduplicates, applies and publishes one `MESSAGE` body.
    func receive(body: [UInt8]) {
        let event: WellEvent
        do {
            event = try WellEvent(body: body)
        } catch {
            self.log(.error, "dropped a malformed event: \(error)")
            return
        }
        self.handle(event)
    }

    /// Processes one decoded server event (also the benchmark's entry point).
    func handle(_ event: WellEvent) {
        if self.deduplicator.isDuplicate(event.serial) {
            self.log(.log, "dropped duplicate event serial \(event.serial ?? 0)")
            return
        }
        let derived = self.model.apply(event)
        switch event {
        case .agentLoggedOn:
            self.loggedOnSeen?.open()
            if self.phase == .loggedIn || self.phase == .loggingIn { self.startHeartbeat() }
        case .agentLoggedOff:
            self.loggedOffSeen?.open()
            if self.phase == .loggedIn {
                self.log(.alert, "the agent was logged off by the server")
                self.endSession()
            }
        case .delivered(let delivered):
            self.autoAnswerIfWanted(delivered)
        default:
            break
        }
        self.publish(event)
        for extra in derived { self.publish(extra) }
    }

    func publish(_ event: WellEvent) {
        self.eventHub.publish(event)
    }

    private func autoAnswerIfWanted(_ event: DeliveredEvent) {
        guard self.configuration.autoAnswer, self.phase == .loggedIn else { return }
        let own = self.configuration.agent.deviceId
        guard event.alertingDevice == own, event.callingDevice != own,
            let call = self.model.memory.call(event.call.callId), call.origin == .received, !call.isCalling
        else { return }
        let callId = event.call.callId
        self.spawn {
            do {
                try await self.answerCall(callId)
            } catch {
                await self.log(.error, "auto-answer of \(callId) failed: \(error)")
            }
        }
    }

    // MARK: - heartbeat

    /// (Re)starts the agent heartbeat: one now, then every ``WellClientConfiguration/heartbeatInterval``.
    func startHeartbeat() {
        self.heartbeatStop?.open()
        let stop = Latch()
        self.heartbeatStop = stop
        let interval = self.configuration.heartbeatInterval
        let agentId = self.configuration.agent.agentId
        self.spawn {
            await runUntil({
                while !Task.isCancelled {
                    do {
                        _ = try await self.perform("heartbeat") { _ throws(CSTARequestError) in try CSTARequest.heartbeat(agentId: agentId) }
                    } catch {
                        await self.log(.error, "heartbeat failed: \(error)")
                    }
                    try? await Task.sleep(for: interval)
                }
            }, until: stop)
        }
    }

    /// Ends the session locally: stops channel and heartbeat, forgets calls and the session id.
    func endSession() {
        self.stopSession()
        self.phase = .idle
        self.model.reset(mode: "Logout")
        self.sessionIdStorage = nil
        self.prefixes = []
    }
}
