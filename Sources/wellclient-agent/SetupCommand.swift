import ArgumentParser
import WellDesktopSupport
import WellAgent
import WellCommandLine

/// `wellclient setup`: writes the config file (mode 0600), asking for what is missing.
struct SetupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "setup",
        abstract: "Write ~/.config/wellclient/config.toml (mode 0600), asking for missing values.",
        discussion: """
            Values already in the file are kept unless a flag replaces them. The password is read \
            without echo from a terminal, as a line from standard input otherwise, or with \
            --password-stdin as the first line of standard input.
            """
    )

    @Option(name: .long, help: ArgumentHelp("CTI server URL (server.url), e.g. https://sdk.example.cc:5088.", valueName: "URL"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("Agent number (agent.jobNumber).", valueName: "ID"))
    var agent: String?

    @Option(name: .long, help: ArgumentHelp("Tenant domain (agent.domain).", valueName: "DOMAIN"))
    var domain: String?

    @Option(name: .customLong("extension"), help: ArgumentHelp("Phone extension (agent.extension).", valueName: "EXT"))
    var phoneExtension: String?

    @Option(name: .long, help: ArgumentHelp("force, ask or stop (agent.loginMode).", valueName: "MODE"))
    var loginMode: String?

    @Flag(name: .long, help: "Read the password from the first line of standard input.")
    var passwordStdin = false

    @Option(name: .long, help: ArgumentHelp("Write this file instead of the default.", valueName: "PATH"))
    var config: String?

    func validate() throws {
        if let loginMode, !["force", "ask", "stop"].contains(loginMode) {
            throw ValidationError("--login-mode must be force, ask or stop")
        }
    }

    func run() throws {
        guard let path = self.config ?? AgentConfigFile.defaultPath(environment: ProcessEnvironment.current) else {
            throw ValidationError("neither XDG_CONFIG_HOME nor HOME is set; pass --config PATH")
        }
        var existing: AgentConfigFile?
        if AgentConfigFile.fileExists(at: path) {
            existing = try AgentConfigFile.load(from: path, allowingReadablePassword: true)
        }
        var given = ConfigSetup.Values(server: self.server, agent: self.agent, domain: self.domain, extension: self.phoneExtension, loginMode: self.loginMode)
        if self.passwordStdin {
            guard let line = TerminalInput.readLine(prompt: "", secret: false), !line.isEmpty else {
                throw ValidationError("--password-stdin: no password on standard input")
            }
            given.password = line
        }
        let setup = ConfigSetup(path: path)
        let configuration = try setup.configuration(existing: existing, given: given) { question in
            TerminalInput.readLine(prompt: question.prompt, secret: question.secret)
        }
        try configuration.write(to: path)
        print("wrote \(path) (mode 0600)")
    }
}
