#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellProtocol

extension WellClient {
    // MARK: - REST with 426 handling

    /// Sends one CSTA request built for the current session id. On HTTP 426 the TPI login is run
    /// again once and the request retried once. Non-2xx answers become ``WellClientError/Kind/http``.
    func perform(
        _ operation: String, _ build: (String) throws(CSTARequestError) -> CSTARequest
    ) async throws(WellClientError) -> RESTResponse {
        guard let sessionId = self.sessionIdStorage else { throw .notLoggedIn(operation) }
        let request: CSTARequest
        do { request = try build(sessionId) } catch { throw .invalidArgument(operation, "\(error)") }
        var response = try await self.rest.send(request, sessionId: sessionId)
        if response.status == 426 {
            self.log(.log, "\(operation): HTTP 426, logging in to TPI again")
            let agent = self.configuration.agent
            let fresh = try await self.rest.tpiLogin(username: agent.jobNumber, password: agent.password, namespace: agent.domain)
            self.sessionIdStorage = fresh
            let retry: CSTARequest
            do { retry = try build(fresh) } catch { throw .invalidArgument(operation, "\(error)") }
            response = try await self.rest.send(retry, sessionId: fresh)
        }
        guard (200..<300).contains(response.status) else {
            throw RESTTransport.failure(response, operation: operation)
        }
        return response
    }

    // MARK: - login

    /// Returns once ``run()`` serves (at once when it already does). A task that starts `run()`
    /// and a login begun right after it race: the login must not lose just because the
    /// service's task was scheduled later.
    /// - Throws: `refused` when `run()` has not started within `connectTimeout`, or has ended.
    private func waitForService(_ operation: String) async throws(WellClientError) {
        if self.isRunning { return }
        let limit = self.configuration.connectTimeout
        let started = await self.serviceStarted.wait(timeout: limit)
        guard self.isRunning else {
            let why = started ? "run() has ended" : "run() did not start within \(limit)"
            throw .refused(operation, "\(why); start the client's service first")
        }
    }

    /// Logs the agent in: TPI login → event channel (STOMP CONNECT + SUBSCRIBE) → agent Login.
    /// Completes when `agentLoggedOn` arrives (not on the HTTP 204).
    ///
    /// A login called before ``run()`` has started (its task was created but has not run yet)
    /// waits for it, up to the configured `connectTimeout`.
    ///
    /// - Parameter decide: asked in `ask` mode when the server answers 454/455 (logged in
    ///   elsewhere); return `true` to force the login. Without it, `ask` behaves like `stop`.
    /// - Throws: ``WellClientError``: `alreadyLoggedIn`, `http` (status + meaning, e.g. 401, 451,
    ///   459), `loginDeclined`, `timeout`, `transport`; `refused` when ``run()`` did not start
    ///   within `connectTimeout` or has already ended.
    public func login(decide: (@Sendable (WellClientError) async -> Bool)? = nil) async throws(WellClientError) {
        try await self.waitForService("login")
        guard self.phase == .idle else { throw .alreadyLoggedIn }
        self.phase = .loggingIn
        do {
            try await self.performLogin(decide: decide)
            self.phase = .loggedIn
            self.log(.log, "agent \(self.configuration.agent.agentId) logged in on \(self.configuration.agent.deviceId)")
        } catch {
            self.endSession()
            self.log(.error, "login failed: \(error)")
            throw error
        }
        await self.loadPrefixes()
    }

    private func performLogin(decide: (@Sendable (WellClientError) async -> Bool)?) async throws(WellClientError) {
        let agent = self.configuration.agent
        self.sessionIdStorage = try await self.rest.tpiLogin(
            username: agent.jobNumber, password: agent.password, namespace: agent.domain)
        self.startChannel()
        guard let ready = self.channel?.ready else { throw .cancelled("login") }
        guard await ready.wait(timeout: self.configuration.connectTimeout) else {
            throw .timeout("event channel connect", after: self.configuration.connectTimeout)
        }
        if let failure = self.channelFailure { throw failure }
        guard self.channel != nil else { throw .cancelled("login") }
        let loggedOn = Latch()
        self.loggedOnSeen = loggedOn
        do {
            try await self.sendLogin()
        } catch let error where error.kind == .http && (error.status == 454 || error.status == 455) {
            let force: Bool
            switch agent.loginMode {
            case .force: force = true
            case .stop: force = false
            case .ask: force = await decide?(error) ?? false
            }
            guard force else {
                throw .loginDeclined("the agent is logged in elsewhere (\(agent.loginMode.rawValue) mode)", status: error.status, meaning: error.meaning)
            }
            self.log(.log, "forcing the login: logging the stale session out")
            _ = try await self.perform("logout") { sessionId throws(CSTARequestError) in
                try CSTARequest.logout(agentId: agent.agentId, device: agent.deviceId, sessionId: sessionId)
            }
            try await self.sendLogin()
        }
        guard await loggedOn.wait(timeout: self.configuration.loginEventTimeout) else {
            throw .timeout("login (waiting for agentLoggedOn)", after: self.configuration.loginEventTimeout)
        }
    }

    private func sendLogin() async throws(WellClientError) {
        let agent = self.configuration.agent
        _ = try await self.perform("login") { sessionId throws(CSTARequestError) in
            try CSTARequest.login(
                loginId: agent.agentId, device: agent.deviceId, password: agent.password,
                agentMode: agent.initialMode.rawValue, sessionId: sessionId)
        }
    }

    private func loadPrefixes() async {
        let agentId = self.configuration.agent.agentId
        guard let response = try? await self.perform("getMyPrefix", { _ throws(CSTARequestError) in try CSTARequest.getMyPrefix(agentId: agentId) })
        else { return }
        var seen: [String] = []
        for trunk in response.json?["agentTrunks"]?.arrayValue ?? [] {
            if let prefix = trunk["scanPrefix"]?.stringValue ?? trunk["scanPrefix"]?.intValue.map(String.init), !seen.contains(prefix) {
                seen.append(prefix)
            }
        }
        self.prefixes = seen
    }

    /// Re-reads the trunk prefixes from the server (`getMyPrefix()`).
    /// - Returns: the prefixes, e.g. `["9", "6"]`.
    public func getMyPrefix() async throws(WellClientError) -> [String] {
        guard self.phase == .loggedIn else { throw .notLoggedIn("getMyPrefix") }
        await self.loadPrefixes()
        return self.prefixes
    }

    // MARK: - recovery

    /// Recovers a session after a client restart without a new Login: reads `client-state` with
    /// `sessionId`; when the server still has this agent on this extension, opens the event
    /// channel, rebuilds the call model and emits ``WellEvent/recoverStateSuccess(_:)``.
    /// - Returns: `false` when the session cannot be recovered (log in normally then).
    public func recover(sessionId: String) async throws(WellClientError) -> Bool {
        try await self.waitForService("recover")
        guard self.phase == .idle else { throw .alreadyLoggedIn }
        self.sessionIdStorage = sessionId
        self.phase = .loggingIn
        let state: ClientState
        do {
            let response = try await self.perform("getClientState") { _ throws(CSTARequestError) in try CSTARequest.clientState() }
            state = ClientState(json: response.json ?? .null)
        } catch {
            self.endSession()
            if error.kind == .http { return false }
            throw error
        }
        let agent = self.configuration.agent
        guard state.isRecoverable(agentId: agent.agentId, deviceId: agent.deviceId) else {
            self.endSession()
            return false
        }
        self.startChannel()
        guard let ready = self.channel?.ready, await ready.wait(timeout: self.configuration.connectTimeout), self.channelFailure == nil else {
            let failure = self.channelFailure ?? .timeout("event channel connect", after: self.configuration.connectTimeout)
            self.endSession()
            throw failure
        }
        self.model.rebuild(from: state)
        self.phase = .loggedIn
        self.startHeartbeat()
        self.publish(.recoverStateSuccess(RecoveryInfo(agentMode: state.agentMode ?? "", calls: self.model.memory.calls)))
        await self.loadPrefixes()
        return true
    }

    /// Reads `GET /api/csta/agent/client-state`.
    public func getClientState() async throws(WellClientError) -> ClientState {
        let response = try await self.perform("getClientState") { _ throws(CSTARequestError) in try CSTARequest.clientState() }
        return ClientState(json: response.json ?? .null)
    }

    // MARK: - logout and agent mode

    /// Logs the agent out and closes the session (never reconnects afterwards).
    /// - Throws: ``WellClientError``: `notLoggedIn`; `refused` while a call exists or the agent
    ///   is allocated; `http` when the server refuses.
    public func logout() async throws(WellClientError) {
        guard self.phase == .loggedIn else { throw .notLoggedIn("logout") }
        guard self.model.memory.calls.isEmpty else {
            throw .refused("logout", "a call exists (hang up first)")
        }
        guard !self.model.memory.agent.allocated else {
            throw .refused("logout", "the agent is allocated for an outbound campaign")
        }
        let agent = self.configuration.agent
        let loggedOff = Latch()
        self.loggedOffSeen = loggedOff
        self.phase = .loggingOut
        do {
            _ = try await self.perform("logout") { sessionId throws(CSTARequestError) in
                try CSTARequest.logout(agentId: agent.agentId, sessionId: sessionId)
            }
        } catch {
            self.phase = .loggedIn
            throw error
        }
        // The server confirms with agentLoggedOff on the event channel; with the channel down
        // (dropped, or closed by a graceful shutdown of the process) it cannot arrive.
        if self.isEventChannelUp {
            _ = await loggedOff.wait(timeout: self.configuration.loginEventTimeout)
        }
        self.endSession()
        self.log(.log, "agent \(agent.agentId) logged out")
    }

    /// The answer to ``setAgentMode(_:reason:)``.
    public struct AgentModeResult: Sendable, Equatable {
        /// The server deferred the change (`pendingMode`), e.g. during a call.
        public var pending: Bool
    }

    /// Sets the agent Ready or NotReady (with an optional reason code).
    /// - Throws: ``WellClientError`` (`http` 460 while calling, 465 quota, …).
    @discardableResult
    public func setAgentMode(_ mode: WellClientConfiguration.AgentMode, reason: String = "") async throws(WellClientError) -> AgentModeResult {
        guard self.phase == .loggedIn else { throw .notLoggedIn("setAgentMode") }
        let agent = self.configuration.agent
        let response = try await self.perform("setAgentMode") { _ throws(CSTARequestError) in
            try CSTARequest.setAgentMode(agentId: agent.agentId, device: agent.deviceId, agentMode: mode.rawValue, reason: reason)
        }
        let pending = response.json?["pendingMode"]?.boolValue ?? false
        if pending { self.model.setPendingMode(mode.rawValue) }
        return AgentModeResult(pending: pending)
    }
}
