import WellProtocol
import WellDesktopSupport
/// The logic of `wellclient setup`: merge values given on the command line into an existing
/// config (or a new one) and ask for whatever a login still needs.
public struct ConfigSetup: Sendable {
    /// Values given as flags (`--server`, `--agent`, …); `nil` = not given.
    public struct Values: Sendable, Equatable {
        /// `--server`: `server.url`.
        public var server: String?
        /// `--agent`: `agent.jobNumber`.
        public var agent: String?
        /// `--domain`: `agent.domain`.
        public var domain: String?
        /// `--extension`: `agent.extension`.
        public var `extension`: String?
        /// `--login-mode`: `agent.loginMode`.
        public var loginMode: String?
        /// The password (from `--password-stdin`).
        public var password: String?

        /// Creates the set of given values.
        /// - Parameters:
        ///   - server: `server.url`.
        ///   - agent: `agent.jobNumber`.
        ///   - domain: `agent.domain`.
        ///   - extension: `agent.extension`.
        ///   - loginMode: `agent.loginMode`.
        ///   - password: `agent.password`.
        public init(server: String? = nil, agent: String? = nil, domain: String? = nil, extension: String? = nil, loginMode: String? = nil, password: String? = nil) {
            self.server = server
            self.agent = agent
            self.domain = domain
            self.extension = `extension`
            self.loginMode = loginMode
            self.password = password
        }
    }

    /// One thing setup asks for.
    public struct Question: Sendable, Equatable {
        /// The dotted key it fills (`server.url`).
        public var key: String
        /// The prompt text, e.g. `CTI server URL (https://host:port): `.
        public var prompt: String
        /// Whether the answer must not be echoed (the password).
        public var secret: Bool
    }

    /// Where the file goes (used in error messages).
    public var path: String

    /// Creates a setup for the file at `path`.
    /// - Parameter path: the config file path.
    public init(path: String) {
        self.path = path
    }

    /// Builds the configuration to write.
    /// - Parameters:
    ///   - existing: the current file's contents, if there is one; its values are kept unless a flag replaces them.
    ///   - given: values from flags.
    ///   - ask: called for each value still missing; returns the answer, or `nil` at end of input.
    /// - Returns: a complete configuration.
    /// - Throws: ``ConfigFileError`` for an invalid value or a missing answer (naming the flag to pass).
    public func configuration(
        existing: AgentConfigFile?, given: Values, ask: (Question) -> String?
    ) throws(ConfigFileError) -> AgentConfigFile {
        func answer(_ key: String, _ prompt: String, flag: String, secret: Bool = false) throws(ConfigFileError) -> String {
            guard let reply = ask(Question(key: key, prompt: prompt, secret: secret)) else {
                throw ConfigFileError(.missingKey, file: self.path, key: key, "no value for '\(key)' (end of input; pass \(flag))")
            }
            let trimmed = secret ? reply : reply.trimmingWhitespace()
            guard !trimmed.isEmpty else {
                throw ConfigFileError(.missingKey, file: self.path, key: key, "'\(key)' must not be empty (pass \(flag))")
            }
            return trimmed
        }

        var url = given.server ?? existing?.server.url
        if url == nil { url = try answer("server.url", "CTI server URL (e.g. https://sdk.example.cc:5088): ", flag: "--server") }
        var config = existing ?? AgentConfigFile(server: .init(url: ""))
        config.server.url = url ?? ""
        if let reason = ConfigURL.problem(config.server.url, schemes: ["http", "https"]) {
            throw ConfigFileError(.invalidValue, file: self.path, key: "server.url", "invalid value for 'server.url': \"\(config.server.url)\" \(reason)")
        }

        func word(_ key: String, given: String?, current: String, prompt: String, flag: String) throws(ConfigFileError) -> String {
            var value = given ?? current
            if value.isEmpty { value = try answer(key, prompt, flag: flag) }
            if value.isEmpty || value.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
                throw ConfigFileError(.invalidValue, file: self.path, key: key, "invalid value for '\(key)': must be non-empty without spaces")
            }
            return value
        }
        config.agent.jobNumber = try word("agent.jobNumber", given: given.agent, current: config.agent.jobNumber, prompt: "Agent number (工号): ", flag: "--agent")
        config.agent.domain = try word("agent.domain", given: given.domain, current: config.agent.domain, prompt: "Tenant domain (e.g. demo.cc): ", flag: "--domain")
        config.agent.extension = try word(
            "agent.extension", given: given.extension, current: config.agent.extension, prompt: "Phone extension (e.g. 8001): ", flag: "--extension")

        if let mode = given.loginMode {
            guard let loginMode = AgentConfigFile.Agent.LoginMode(rawValue: mode) else {
                throw ConfigFileError(.invalidValue, file: self.path, key: "agent.loginMode", "invalid --login-mode '\(mode)' (force, ask or stop)")
            }
            config.agent.loginMode = loginMode
        }

        if let password = given.password {
            config.agent.password = password
            config.agent.passwordCommand = nil
        } else if config.agent.password == nil && config.agent.passwordCommand == nil {
            config.agent.password = try answer("agent.password", "Password (not shown): ", flag: "--password-stdin", secret: true)
        }
        if let password = config.agent.password, password.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
            throw ConfigFileError(.invalidValue, file: self.path, key: "agent.password", "the password must be one line")
        }
        return config
    }
}
