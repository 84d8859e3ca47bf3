import WellDesktopSupport
/// The agent cannot log in because its configuration is missing or invalid.
///
/// Shown by `Status` (with the file, key and line when known) and in one notification; the
/// agent keeps running so that a fixed file can be picked up with `Login`.
public struct AgentConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The config file concerned, when there is one.
    public var file: String?
    /// 1-based line, when known.
    public var line: Int?
    /// The dotted key (`agent.loginMode`), when known.
    public var key: String?
    /// What is wrong.
    public var message: String

    /// An error about `key` (or the whole file).
    public init(file: String? = nil, line: Int? = nil, key: String? = nil, message: String) {
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// The same error as a config-file error (file, line and key carried over).
    public init(_ error: ConfigFileError) {
        self.init(file: error.file, line: error.line, key: error.key, message: error.message)
    }

    /// `file:line: message (key)`.
    public var description: String {
        var text = ""
        if let file { text += file + (line.map { ":\($0)" } ?? "") + ": " }
        text += message
        if let key, !message.contains(key) { text += " (\(key))" }
        return text
    }
}
