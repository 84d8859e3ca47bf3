#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient
import WellPanel

/// Everything the agent runs with, resolved from the config file (or the demo defaults):
/// the client core's configuration plus the desktop behaviour of `[calls]` and `[notifications]`.
public struct AgentSettings: Sendable {
    /// The client core's configuration (the password already resolved).
    public var client: WellClientConfiguration
    /// `calls.confirmDial`: ask Call/Cancel before dialling.
    public var confirmDial: Bool
    /// `calls.screenPopURL` (`{ani}`, `{callId}` placeholders), nil when unset.
    public var screenPopURL: String?
    /// `notifications.enabled`.
    public var notificationsEnabled: Bool
    /// `notifications.sound`.
    public var sound: Bool
    /// `[browser]`: the sites and the class of the browser extension's click-to-call.
    public var browser: BrowserSettings
    /// `[panel]` and the Not Ready reasons: what the softphone panel is served with.
    public var panel: PanelConfiguration
    /// `agent.notReadyReasons`: the reasons the tray menu and the panel offer under "Not Ready"
    /// (one list, kept in ``panel``).
    public var notReadyReasons: [String] { panel.notReadyReasons }
    /// `agent.wrapUpSeconds`: the after-call work length (0: not known).
    public var wrapUpSeconds: Int
    /// `agent.stayLoggedIn`: keep the server-side login on exit.
    public var stayLoggedIn: Bool { client.agent.stayLoggedIn }
    /// The server URL as configured (for `Status`).
    public var serverURL: String { client.server.url.absoluteString }

    /// Creates settings from parts.
    public init(
        client: WellClientConfiguration, confirmDial: Bool = false, screenPopURL: String? = nil,
        notificationsEnabled: Bool = true, sound: Bool = true, browser: BrowserSettings = BrowserSettings(),
        panel: PanelConfiguration = PanelConfiguration(),
        notReadyReasons: [String] = [], wrapUpSeconds: Int = 0
    ) {
        // One list of reasons: the tray's menu and the panel's setMode offer the same ones.
        var panel = panel
        panel.notReadyReasons = notReadyReasons
        self.panel = panel
        self.wrapUpSeconds = wrapUpSeconds
        self.client = client
        self.confirmDial = confirmDial
        self.screenPopURL = screenPopURL
        self.notificationsEnabled = notificationsEnabled
        self.sound = sound
        self.browser = browser
    }

    /// The demo agent 5001 / extension 8001 of tenant demo.cc (password 123456) on `serverURL`;
    /// the browser extension's click-to-call works on that server's origin, where the simulator
    /// serves its demo CRM page.
    /// `wrapUpSeconds` is the demo tenant's after-call work length.
    public static func demo(serverURL: URL, wrapUpSeconds: Int = 0) -> AgentSettings {
        let agent = WellClientConfiguration.Agent(
            jobNumber: "5001", domain: "demo.cc", extensionNumber: "8001", password: "123456",
            loginMode: .force, initialMode: .ready)
        let browser = Self.origin(of: serverURL).map { BrowserSettings().enabling($0) } ?? BrowserSettings()
        return AgentSettings(
            client: WellClientConfiguration(server: .init(url: serverURL), agent: agent), browser: browser,
            notReadyReasons: ["Break", "Lunch", "Meeting"], wrapUpSeconds: wrapUpSeconds)
    }

    /// `scheme://host[:port]` of an `http`/`https` URL as a browser writes a page's origin (the
    /// scheme's default port left out), or `nil` for another URL.
    public static func origin(of url: URL) -> String? {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host?.lowercased(), !host.isEmpty
        else { return nil }
        let shownHost = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        let defaultPort = scheme == "http" ? 80 : 443
        let port = url.port.flatMap { $0 == defaultPort ? nil : ":\($0)" } ?? ""
        return "\(scheme)://\(shownHost)\(port)"
    }

    /// Resolves a parsed config file: URLs, the password (running `passwordCommand` without a
    /// shell when set) and every `[calls]`/`[notifications]` switch.
    /// - Parameters:
    ///   - file: the parsed file.
    ///   - path: its path (for error messages).
    ///   - environment: the environment `passwordCommand` runs with.
    /// - Throws: ``AgentConfigurationError`` naming the file and key.
    public static func resolve(_ file: AgentConfigFile, path: String, environment: [String: String]) async throws(AgentConfigurationError) -> AgentSettings {
        if let missing = file.missingLoginKeys.first {
            throw AgentConfigurationError(file: path, key: missing, message: "'\(missing)' is not set (run: wellclient setup)")
        }
        func url(_ text: String, key: String) throws(AgentConfigurationError) -> URL {
            guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), url.host != nil,
                ["http", "https", "ws", "wss"].contains(scheme)
            else {
                throw AgentConfigurationError(file: path, key: key, message: "'\(key)' is not a valid URL")
            }
            return url
        }
        let server = WellClientConfiguration.Server(
            url: try url(file.server.url, key: "server.url"),
            tpiURL: try file.server.tpiURL.map { text throws(AgentConfigurationError) in try url(text, key: "server.tpiURL") },
            wsURL: try file.server.wsURL.map { text throws(AgentConfigurationError) in try url(text, key: "server.wsURL") },
            topic: file.server.topic == .legacy ? .legacy : .agent,
            caFile: file.server.caFile)
        let password: String
        if let command = file.agent.passwordCommand, file.agent.password == nil || file.agent.password == "" {
            do {
                password = try await PasswordCommand(command).run(environment: environment)
            } catch {
                var located = error
                located.file = path
                throw located
            }
        } else {
            password = file.agent.password ?? ""
        }
        let loginMode: WellClientConfiguration.LoginMode =
            switch file.agent.loginMode {
            case .force: .force
            case .ask: .ask
            case .stop: .stop
            }
        let agent = WellClientConfiguration.Agent(
            jobNumber: file.agent.jobNumber, domain: file.agent.domain, extensionNumber: file.agent.extension,
            password: password, loginMode: loginMode,
            initialMode: file.agent.initialMode == .ready ? .ready : .notReady,
            stayLoggedIn: file.agent.stayLoggedIn)
        let client = WellClientConfiguration(server: server, agent: agent, dialPlan: file.dialPlan, autoAnswer: file.calls.autoAnswer)
        let popURL = file.calls.screenPopURL.flatMap { $0.isEmpty ? nil : $0 }
        return AgentSettings(
            client: client, confirmDial: file.calls.confirmDial, screenPopURL: popURL,
            notificationsEnabled: file.notifications.enabled, sound: file.notifications.sound,
            browser: file.browser, panel: file.panelConfiguration, notReadyReasons: file.agent.notReadyReasons,
            wrapUpSeconds: file.agent.wrapUpSeconds)
    }
}
