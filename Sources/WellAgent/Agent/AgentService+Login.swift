import Logging
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient
import WellNotifications
import WellControl

extension AgentService {
    // MARK: - login

    /// Marks a login in progress and starts it in the background.
    func startLogin() {
        loginState = .loggingIn
        spawn { await self.login() }
    }

    /// Resolves the settings (password command), creates the client on first use, tries the
    /// saved session, then logs in, retrying while the server cannot be reached.
    /// - Returns: the error that ended the attempt, nil when logged in.
    @discardableResult
    func login() async -> AgentControlError? {
        loginState = .loggingIn
        if settings == nil, let (file, path) = pendingFile {
            do {
                settings = try await AgentSettings.resolve(file, path: path, environment: options.environment)
                pendingFile = nil
            } catch {
                return await configurationFailed(error)
            }
        }
        guard let settings else {
            return await configurationFailed(configurationError ?? AgentConfigurationError(message: "no configuration"))
        }
        let client: WellClient
        if let existing = self.client {
            client = existing
        } else {
            do {
                var configuration = settings.client
                options.clientOverrides?(&configuration)
                client = try WellClient(configuration: configuration, logger: logger)
            } catch {
                return await configurationFailed(AgentConfigurationError(key: error.key, message: error.message))
            }
            self.client = client
            let events = client.events()
            spawn { try? await client.run() }
            spawn {
                for await event in events { await self.handleClientEvent(event) }
            }
        }
        if await tryRecovery(client, settings: settings) { return nil }
        var delay = options.loginRetryDelay
        while !stopping {
            do {
                try await client.login(decide: { error in await self.askToForceLogin(error) })
                loginSucceeded()
                return nil
            } catch  where error.kind == .alreadyLoggedIn {
                loginSucceeded()
                return nil
            } catch {
                lastError = error.message
                await tellLoginTrouble(error)
                guard error.kind == .transport || error.kind == .timeout, !stopping else {
                    loginState = .failed
                    return AgentControlError(error)
                }
                loginState = .loggingIn
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, .seconds(60))
            }
        }
        loginState = .failed
        return AgentControlError(ControlInterface.ErrorName.unavailable, "the agent is stopping")
    }

    private func loginSucceeded() {
        loginState = .loggedIn
        linkState = .up
        // A new session starts with its link up: an outage told in an earlier session (ended
        // by a logout before the link came back) must not silence this session's first one.
        linkDownNoticed = false
        lastError = nil
        if lastLoginNotice != nil {
            lastLoginNotice = nil
        }
        logger.info("logged in as \(settings?.client.agent.agentId ?? "?") on \(settings?.client.agent.deviceId ?? "?")")
    }

    private func configurationFailed(_ error: AgentConfigurationError) async -> AgentControlError {
        configurationError = error
        loginState = .notConfigured
        lastError = error.description
        logger.error("configuration: \(error)")
        await notifications?.notice(
            NotificationRequest(
                summary: strings.configurationProblem, body: error.description, appIcon: ControlInterface.busName,
                desktopEntry: ControlInterface.busName))
        return .configuration(error)
    }

    /// Recovers a session saved at the last exit (same agent, same server), once.
    private func tryRecovery(_ client: WellClient, settings: AgentSettings) async -> Bool {
        guard let path = SavedSession.defaultPath(environment: options.environment), let saved = SavedSession.load(from: path) else {
            return false
        }
        SavedSession.remove(at: path)
        guard saved.agentId == settings.client.agent.agentId, saved.serverURL == settings.serverURL else { return false }
        for _ in 0..<50 {
            do {
                guard try await client.recover(sessionId: saved.sessionId) else {
                    logger.info("the saved session could not be recovered; logging in")
                    return false
                }
                logger.info("recovered the saved session")
                loginSucceeded()
                await reconcileCalls()
                return true
            } catch  where error.kind == .refused && error.message.contains("run()") {
                try? await Task.sleep(for: .milliseconds(20))
            } catch {
                logger.info("recovery failed (\(error.kind.rawValue)); logging in")
                return false
            }
        }
        return false
    }

    /// `loginMode = "ask"`: a notification with "Log in here" / Cancel decides (no answer = stop).
    private func askToForceLogin(_ error: WellClientError) async -> Bool {
        guard let notifications else { return false }
        let request = NotificationRequest(
            summary: strings.alreadyLoggedIn, body: "", appIcon: ControlInterface.busName,
            actions: [.init(key: "force", label: strings.forceLogin), .init(key: CallNotificationPolicy.ActionKey.cancel, label: strings.cancel)],
            urgency: .critical, category: "presence", desktopEntry: ControlInterface.busName, expiry: .never)
        return await notifications.prompt(request, timeout: options.promptTimeout) == "force"
    }

    /// Tells login trouble once per distinct problem (not on every retry).
    func tellLoginTrouble(_ error: WellClientError) async {
        let agent = settings?.client.agent
        let body: String
        switch (error.kind, error.status) {
        case (.http, 401): body = strings.wrongPassword
        case (.http, 451): body = strings.extensionNotRegistered(agent?.extensionNumber ?? "")
        case (.http, 459): body = strings.extensionInUse(agent?.extensionNumber ?? "", by: Self.agentNamed(in: error.message) ?? "?")
        case (.transport, _), (.timeout, _): body = strings.serverUnreachable(settings?.serverURL ?? "")
        default: body = error.message
        }
        guard body != lastLoginNotice else { return }
        lastLoginNotice = body
        logger.warning("login failed: \(error.message)")
        await notifications?.notice(
            NotificationRequest(
                summary: strings.loginFailed, body: body, appIcon: ControlInterface.busName, urgency: .normal,
                category: "presence", desktopEntry: ControlInterface.busName))
    }

    /// The agent id in a 459 answer body (`"agent": "5002@demo.cc"`).
    static func agentNamed(in message: String) -> String? {
        guard let match = message.firstMatch(of: #/"agent"\s*:\s*"([^"]+)"/#) else { return nil }
        return String(match.output.1)
    }

    /// Waits (up to ``AgentOptions/loginWait``) while a login is in progress; returns the client
    /// when logged in.
    func loggedInClient() async throws(AgentControlError) -> WellClient {
        if let configurationError { throw .configuration(configurationError) }
        let deadline = ContinuousClock.now + options.loginWait
        while loginState == .loggingIn && ContinuousClock.now < deadline && !stopping {
            try? await Task.sleep(for: .milliseconds(50))
        }
        guard let client, await client.isLoggedIn else {
            let reason =
                loginState == .loggingIn
                ? "the login did not finish within \(options.loginWait)"
                : lastError.map { "the agent is not logged in: \($0)" } ?? "the agent is not logged in"
            throw .notLoggedIn(reason)
        }
        return client
    }

    /// The `Login` method: reads the config again when it was broken, then logs in and waits.
    func loginRequested() async throws(AgentControlError) {
        if let client, await client.isLoggedIn { throw AgentControlError(ControlInterface.ErrorName.refused, "already logged in") }
        if loginState == .loggingIn {
            _ = try await loggedInClient()
            return
        }
        if configurationError != nil || (settings == nil && pendingFile == nil) {
            settings = nil
            loadSettings()
            if let configurationError { throw .configuration(configurationError) }
        }
        lastLoginNotice = nil
        if let error = await login() { throw error }
    }

    /// The `Logout` method.
    func logoutRequested() async throws(AgentControlError) {
        guard let client, await client.isLoggedIn else { throw .notLoggedIn("the agent is not logged in") }
        do {
            try await client.logout()
        } catch {
            throw AgentControlError(error)
        }
        loginState = .loggedOut
        linkState = .closed
        // The session's outage ends with it: nothing reconnects, so its notice goes too.
        if linkDownNoticed {
            linkDownNoticed = false
            await notifications?.closeNotice()
        }
        if let path = SavedSession.defaultPath(environment: options.environment) { SavedSession.remove(at: path) }
        await reconcileCalls()
    }
}
