import Logging
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient

/// What the agent did with its server session when it stopped.
public enum AgentShutdownOutcome: String, Sendable, Equatable {
    /// Not logged in: nothing to do.
    case notLoggedIn
    /// No call: logged out.
    case loggedOut
    /// No call but `stayLoggedIn`: the server-side login was kept (session stored for recovery).
    case stayedLoggedIn
    /// A call is up: the session was stored (0600) for recovery and kept on the server.
    case keptForRecovery
    /// The logout failed; the session was dropped locally.
    case logoutFailed
    /// `--demo` with a call up: the embedded server ends with the agent, so there is no session
    /// to come back to and none is stored.
    case endedWithDemoServer
}

extension AgentService {
    /// The SIGTERM path: with no call, log out unless `stayLoggedIn`; with a call up, store
    /// the TPI session id (0600, `$XDG_STATE_HOME/wellclient/session`) and keep the session for
    /// recovery. Then the client closes its socket. Idempotent.
    @discardableResult
    public func shutdown() async -> AgentShutdownOutcome {
        if stopping {
            // Another caller is shutting down: wait for it (the client must not be cancelled under it).
            while lastShutdownOutcome == nil { try? await Task.sleep(for: .milliseconds(20)) }
            return lastShutdownOutcome ?? .notLoggedIn
        }
        stopping = true
        stop()
        let outcome = await endSession()
        await stopPanel()
        lastShutdownOutcome = outcome
        logger.info("stopping: \(outcome.rawValue)")
        return outcome
    }

    private func endSession() async -> AgentShutdownOutcome {
        guard let client else { return .notLoggedIn }
        defer { linkState = .closed }
        guard await client.isLoggedIn, let settings else {
            await client.shutdown()
            return .notLoggedIn
        }
        let calls = await client.callMemory().calls
        let path = SavedSession.defaultPath(environment: options.environment)
        if options.demo && !calls.isEmpty {
            if let path { SavedSession.remove(at: path) }
            await client.shutdown()
            return .endedWithDemoServer
        }
        if !calls.isEmpty || settings.stayLoggedIn {
            if let path, let sessionId = await client.sessionId {
                let saved = SavedSession(sessionId: sessionId, agentId: settings.client.agent.agentId, serverURL: settings.serverURL)
                do { try saved.save(to: path) } catch { logger.error("\(error)") }
            }
            await client.shutdown()
            return calls.isEmpty ? .stayedLoggedIn : .keptForRecovery
        }
        if let path { SavedSession.remove(at: path) }
        do {
            try await client.logout()
            loginState = .loggedOut
            await client.shutdown()
            return .loggedOut
        } catch {
            logger.warning("logout on exit failed: \(error)")
            await client.shutdown()
            return .logoutFailed
        }
    }
}
