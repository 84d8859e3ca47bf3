#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import WellProtocol

extension WellClient {
    // MARK: - channel lifecycle

    /// What the actor holds of the session's running event channel.
    struct ChannelHandles: Sendable {
        /// Opens to stop the channel (its task is cancelled; nothing reconnects).
        let stop = Latch()
        /// Opens when the first connection is up or has failed (the login waits for it).
        let ready = Latch()
        /// The live connection, for event barriers and link checks.
        let link = ChannelLink()
    }

    /// Starts the event channel (with its reconnect loop) for a new session.
    func startChannel() {
        let (epoch, actions) = self.reconnect.start()
        let handles = ChannelHandles()
        self.channel = handles
        let channel = EventChannel(
            url: self.configuration.server.resolvedWebSocketURL,
            destination: self.configuration.server.topic.destination(agentId: self.configuration.agent.agentId),
            heartBeat: self.configuration.stompHeartBeat,
            connectTimeout: self.configuration.connectTimeout,
            tls: self.tls,
            logger: self.logger,
            link: handles.link)
        self.spawn {
            await runUntil({ await self.channelLoop(channel, epoch: epoch, first: actions) }, until: handles.stop)
            await self.channelEnded()
        }
    }

    /// Why the session's first connection failed (the login fails with it), while it has.
    var channelFailure: WellClientError? {
        self.reconnect.firstConnectionFailure.map { .transport("event channel", $0) }
    }

    /// Stops the channel and the heartbeat of the current session (no reconnect).
    func stopSession() {
        self.reconnect.sessionEnded()
        self.channel?.stop.open()
        self.channel?.ready.open()
        self.heartbeatStop?.open()
        self.channel = nil
        self.heartbeatStop = nil
    }

    /// Runs the channel's connections as the reconnect machine says, until it says no more.
    private func channelLoop(_ channel: EventChannel, epoch: Reconnect.Epoch, first: [Reconnect.Action]) async {
        var actions = first
        while !Task.isCancelled, let step = actions.last(where: \.isAttempt) {
            if case .retry(let delay) = step {
                let retryAt = ContinuousClock.now.advanced(by: delay)
                // An outage reaching its notice delay during the wait is told then, not at the
                // next failed attempt (with the back-off, up to 30 s later).
                if let noticeAt = self.reconnect.noticeDeadline, noticeAt < retryAt {
                    try? await Task.sleep(until: noticeAt, clock: .continuous)
                    if Task.isCancelled { return }
                    for case .reportDown(let reason) in self.reconnect.noticeDue(epoch: epoch) { self.tellDown(reason) }
                }
                try? await Task.sleep(until: retryAt, clock: .continuous)
                if Task.isCancelled { return }
                actions = self.reconnect.retryDue(epoch: epoch)
                continue
            }
            let reason: String
            do {
                try await channel.run(
                    onConnected: { await self.channelUp(epoch: epoch) },
                    onEvents: { items in await self.receive(items) })
                reason = "closed"
            } catch {
                reason = String(describing: error)
            }
            if Task.isCancelled { return }
            actions = self.channelDown(epoch: epoch, reason: reason, kicked: channel.link.takeEndedByKick())
        }
    }

    /// The channel's loop ended for good (stopped, cancelled, or out of reconnect attempts): a
    /// logout waiting for its agentLoggedOff stops waiting; no event can arrive any more.
    private func channelEnded() {
        if self.phase == .loggingOut { self.loggedOffSeen?.open() }
    }

    /// Called once the STOMP subscription is in place.
    private func channelUp(epoch: Reconnect.Epoch) async {
        for action in self.reconnect.connected(epoch: epoch, loggedIn: self.phase == .loggedIn) {
            switch action {
            case .firstConnectionUp:
                self.log(.log, "event channel connected")
                self.channel?.ready.open()
            case .reconnected:
                self.log(.log, "event channel reconnected")
            case .resync:
                await self.resynchronise(reconnect: true)
            case .reportBackUp:
                self.log(.alert, "the event channel is back")
            case .connect, .retry, .failLogin, .linkLost, .reportDown, .giveUp:
                break
            }
        }
    }

    /// Carries out what the reconnect machine decides after a drop; returns its actions (the
    /// loop continues with the connect or retry among them, if any).
    private func channelDown(epoch: Reconnect.Epoch, reason: String, kicked: Bool) -> [Reconnect.Action] {
        let actions = self.reconnect.dropped(epoch: epoch, reason: reason, kicked: kicked)
        for action in actions {
            switch action {
            case .failLogin:
                self.channel?.ready.open()
            case .linkLost(let reason):
                self.log(.error, "event channel dropped: \(reason)")
                // A logout waiting for its agentLoggedOff would wait in vain: the event is lost with the link.
                if self.phase == .loggingOut { self.loggedOffSeen?.open() }
            case .reportDown(let reason):
                self.tellDown(reason)
            case .giveUp(let reason, let attempts):
                self.publish(.wsDisconnected(reason: reason))
                self.log(.alert, "websocket disconnect: giving up after \(attempts) attempts")
            case .connect, .retry, .firstConnectionUp, .reconnected, .resync, .reportBackUp:
                break
            }
        }
        return actions
    }

    /// Tells that the link has been down for the notice delay (once per outage).
    private func tellDown(_ reason: String) {
        self.log(.alert, "the event channel has been down for \(self.reconnect.policy.downNotice)")
        self.publish(.linkDown(reason: reason))
    }

    // MARK: - link check

    /// Whether the event channel is connected and subscribed right now (it is not while it
    /// reconnects after a drop).
    public var isEventChannelUp: Bool { self.channel?.link.isAttached ?? false }

    /// Checks the event channel now with a STOMP RECEIPT round trip — after a resume from
    /// suspend or a network change, when the connection may be dead although no close arrived.
    /// When no answer comes within `timeout` the connection is dropped and re-established at
    /// once instead of waiting for the heart-beat watchdog.
    /// - Returns: `true` when the link answered; `false` when it did not (a reconnect is under
    ///   way) or there is no session.
    @discardableResult
    public func checkEventChannel(timeout: Duration = .seconds(3)) async -> Bool {
        guard self.phase == .loggedIn, let link = self.channel?.link else { return false }
        if await link.barrier(timeout: timeout) { return true }
        guard self.channel?.link === link else { return false }
        if link.kick() {
            self.log(.error, "the event channel did not answer a link check within \(timeout); reconnecting")
        }
        self.reconnect.linkCheckFailed()
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
            // Events flow again but the call model may be stale: it is not trusted until a
            // client-state succeeds, so the link is dropped and the next connection resyncs
            // again (after the reconnect policy's delay). A recovery at start-up has no link yet.
            self.log(.error, "client-state after \(reconnect ? "reconnect" : "recovery") failed: \(error)")
            if reconnect, let link = self.channel?.link, link.kick() {
                self.log(.log, "reconnecting to resynchronise the calls")
            }
        }
    }

    // MARK: - incoming events

    /// Deduplicates, applies and publishes a batch the event channel read (events decoded, or
    /// the reasons bodies were not events), in order; subscribers get the batch in one step.
    func receive(_ items: ArraySlice<InboundItem>) {
        var published: [WellEvent] = []
        published.reserveCapacity(items.count)
        // An event that ends the session (agentLoggedOff) stops the channel: what the channel
        // read after it belongs to no session and is not applied.
        let session = self.channel?.stop
        for item in items {
            guard self.channel?.stop === session else { break }
            switch item {
            case .event(let event):
                self.handle(event, publishing: &published)
            case .malformed(let reason):
                self.log(.error, "dropped a malformed event: \(reason)")
            case .receipt, .subscribed:
                // The channel hands these over between batches (``EventChannel/deliver``).
                break
            }
        }
        self.eventHub.publish(contentsOf: published)
    }

    /// Decodes, deduplicates, applies and publishes one `MESSAGE` body (one actor call per body:
    /// the path before batching, kept for the benchmark's comparison).
    func receive(body: [UInt8]) {
        let event: WellEvent
        do {
            event = try WellEvent(body: body)
        } catch {
            self.log(.error, "dropped a malformed event: \(error)")
            return
        }
        var published: [WellEvent] = []
        self.handle(event, publishing: &published)
        self.eventHub.publish(contentsOf: published)
    }

    /// Processes one decoded server event: drops a duplicate, applies it to the call model, acts
    /// on it, and appends it and the events it produced to `published` in the order subscribers get them.
    func handle(_ event: WellEvent, publishing published: inout [WellEvent]) {
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
        published.append(event)
        published.append(contentsOf: derived)
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
            await runUntil(
                {
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
