import WellDesktopSupport
/// `agent.passwordCommand`: a command line whose first output line is the password
/// (e.g. `secret-tool lookup service wellclient`).
///
/// The line is split into words the way a shell would for simple cases (spaces separate,
/// `'…'` and `"…"` quote, `\` escapes) but no shell ever runs: no expansion, no pipes,
/// no redirections. The password is never logged and never part of an error message.
public struct PasswordCommand: Sendable, Equatable {
    /// The program and its arguments.
    public let words: [String]

    /// Splits `commandLine` into words.
    /// - Throws: ``AgentConfigurationError`` for an empty line or an unterminated quote.
    public init(_ commandLine: String) throws(AgentConfigurationError) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in commandLine {
            if escaped && quote == "\"" {
                // Inside double quotes a backslash only escapes " \ $ and `, as in sh.
                if !"\"\\$`".contains(character) { current.append("\\") }
                current.append(character)
                escaped = false
                continue
            }
            if escaped {
                current.append(character)
                escaped = false
                inWord = true
                continue
            }
            if let open = quote {
                if character == open {
                    quote = nil
                } else if character == "\\" && open == "\"" {
                    escaped = true
                } else {
                    current.append(character)
                }
                continue
            }
            switch character {
            case "\\":
                escaped = true
            case "'", "\"":
                quote = character
                inWord = true
            case " ", "\t":
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil, !escaped else {
            throw AgentConfigurationError(key: "agent.passwordCommand", message: "unterminated quote or trailing backslash")
        }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw AgentConfigurationError(key: "agent.passwordCommand", message: "the command is empty") }
        self.words = words
    }

    /// Runs the command (without a shell, 10 s limit) and returns the first line of its output.
    /// - Throws: ``AgentConfigurationError`` when the program is missing, fails or prints nothing.
    public func run(environment: [String: String]) async throws(AgentConfigurationError) -> String {
        let program = words[0]
        guard let path = ChildProcess.locate(program, environment: environment) else {
            throw AgentConfigurationError(key: "agent.passwordCommand", message: "'\(program)' was not found on PATH")
        }
        let arguments = Array(words.dropFirst())
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(path: path, arguments: arguments, environment: environment)
        } catch {
            throw AgentConfigurationError(key: "agent.passwordCommand", message: error.description)
        }
        guard outcome.status == 0 else {
            throw AgentConfigurationError(key: "agent.passwordCommand", message: "'\(program)' exited with status \(outcome.status)")
        }
        let text = String(decoding: outcome.output, as: UTF8.self)
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        guard !password.isEmpty else {
            throw AgentConfigurationError(key: "agent.passwordCommand", message: "'\(program)' printed no password")
        }
        return password
    }
}
