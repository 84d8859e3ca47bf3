/// Why the config file could not be read, understood or written. The description names the
/// file, the line and the key: `config.toml:7: unknown key 'agent.pasword'`.
public struct ConfigFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure, for matching in code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let name: String
        private init(_ name: String) { self.name = name }
        /// The file is not well-formed TOML 1.0.
        public static let syntax = Code("syntax")
        /// A key or table the schema does not have.
        public static let unknownKey = Code("unknownKey")
        /// A value of the wrong TOML type.
        public static let wrongType = Code("wrongType")
        /// A value of the right type that is not allowed (enum, URL, regex, prefix).
        public static let invalidValue = Code("invalidValue")
        /// A required key is absent.
        public static let missingKey = Code("missingKey")
        /// A password in a file that group or others may read.
        public static let insecurePermissions = Code("insecurePermissions")
        /// Reading or writing the file failed.
        public static let io = Code("io")
        /// The code's name.
        public var description: String { self.name }
    }

    /// The kind of failure.
    public let code: Code
    /// The file as given to the loader (a path or a display name).
    public let file: String
    /// 1-based line, when the failure is at one.
    public let line: Int?
    /// The dotted key (`agent.loginMode`), when one is concerned.
    public let key: String?
    /// What is wrong (without the `file:line:` prefix).
    public let message: String

    package init(_ code: Code, file: String, line: Int? = nil, key: String? = nil, _ message: String) {
        self.code = code
        self.file = file
        self.line = line
        self.key = key
        self.message = message
    }

    /// `file:line: message` (or `file: message`).
    public var description: String {
        if let line = self.line { return "\(self.file):\(line): \(self.message)" }
        return "\(self.file): \(self.message)"
    }
}
