import WellClient

extension AgentConfigFile {
    /// Every key of the schema, by table, in the order ``render()`` writes them.
    static let schema: [(table: String, keys: [String])] = [
        ("server", ["url", "tpiURL", "wsURL", "topic", "caFile"]),
        ("agent", ["jobNumber", "domain", "extension", "password", "passwordCommand", "loginMode", "initialMode", "stayLoggedIn"]),
        ("dialPlan", ["plusPrefix", "outsidePrefix", "internalPattern"]),
        ("calls", ["autoAnswer", "confirmDial", "screenPopURL"]),
        ("notifications", ["enabled", "sound"]),
        ("browser", ["sites", "clickCallClass"]),
    ]

    /// Keys whose values are secrets: a syntax error on their line never quotes the line.
    static let secretKeys: Set<String> = ["password"]

    /// The message of `error`, or a message that quotes nothing of the line when the line sets
    /// a secret. A password typed without quotes (`password = 0123456`) would otherwise be
    /// echoed ("leading zeros are not allowed in integer '0123456'") into the log, `Status`
    /// and a notification.
    static func withoutSecrets(_ error: TOMLDocument.SyntaxError, in text: String) -> String {
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false)
        guard error.line >= 1, error.line <= lines.count else { return error.message }
        var cursor = TOMLCursor(line: lines[error.line - 1], number: error.line)
        cursor.skipSpaces()
        guard let key = try? cursor.key(), Self.secretKeys.contains(key) else { return error.message }
        return "the value of '\(key)' is not a valid string (write it in quotes: \(key) = \"…\"); the value is not shown"
    }

    /// Parses the text of a config file.
    /// - Parameters:
    ///   - text: the file contents.
    ///   - fileName: how errors name the file (usually its path).
    /// - Returns: the configuration, defaults filled in.
    /// - Throws: ``ConfigFileError`` naming the file, line and key: syntax errors, unknown tables
    ///   or keys, wrong types, invalid values (enums, URLs, prefixes, the internal pattern), a missing
    ///   `server.url`, `password` together with `passwordCommand`.
    public static func parse(_ text: String, fileName: String) throws(ConfigFileError) -> AgentConfigFile {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch {
            throw ConfigFileError(.syntax, file: fileName, line: error.line, Self.withoutSecrets(error, in: text))
        }
        let reader = ConfigReader(fileName: fileName, document: document)
        try reader.checkKnownKeys(schema: Self.schema)

        guard let url = try reader.url("server.url", schemes: ["http", "https"]) else {
            throw ConfigFileError(.missingKey, file: fileName, key: "server.url", "missing required key 'server.url' in [server]")
        }
        let server = Server(
            url: url,
            tpiURL: try reader.url("server.tpiURL", schemes: ["http", "https"]),
            wsURL: try reader.url("server.wsURL", schemes: ["ws", "wss"]),
            topic: try reader.choice("server.topic", default: .agent),
            caFile: try reader.string("server.caFile")
        )
        let agent = Agent(
            jobNumber: try reader.string("agent.jobNumber") ?? "",
            domain: try reader.string("agent.domain") ?? "",
            extension: try reader.string("agent.extension") ?? "",
            password: try reader.string("agent.password"),
            passwordCommand: try reader.string("agent.passwordCommand"),
            loginMode: try reader.choice("agent.loginMode", default: .force),
            initialMode: try reader.choice("agent.initialMode", default: .notReady),
            stayLoggedIn: try reader.bool("agent.stayLoggedIn") ?? false
        )
        if agent.password != nil, agent.passwordCommand != nil, let entry = reader.entry("agent.passwordCommand") {
            throw ConfigFileError(
                .invalidValue, file: fileName, line: entry.line, key: "agent.passwordCommand",
                "'agent.password' and 'agent.passwordCommand' are both set; keep one")
        }
        let dialPlan = try reader.dialPlan()
        let calls = Calls(
            autoAnswer: try reader.bool("calls.autoAnswer") ?? false,
            confirmDial: try reader.bool("calls.confirmDial") ?? false,
            screenPopURL: try reader.url("calls.screenPopURL", schemes: ["http", "https"])
        )
        let notifications = Notifications(
            enabled: try reader.bool("notifications.enabled") ?? true,
            sound: try reader.bool("notifications.sound") ?? true
        )
        return AgentConfigFile(server: server, agent: agent, dialPlan: dialPlan, calls: calls, notifications: notifications,
                               browser: try reader.browser())
    }
}

/// Typed access to the entries of a parsed document, with errors that point at the line.
struct ConfigReader {
    let fileName: String
    private let document: TOMLDocument
    private let byPath: [String: TOMLEntry]

    init(fileName: String, document: TOMLDocument) {
        self.fileName = fileName
        self.document = document
        self.byPath = Dictionary(document.entries.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func entry(_ path: String) -> TOMLEntry? { self.byPath[path] }

    func checkKnownKeys(schema: [(table: String, keys: [String])]) throws(ConfigFileError) {
        let tables = Set(schema.map(\.table))
        for table in self.document.tables where !tables.contains(table.name) {
            throw ConfigFileError(
                .unknownKey, file: self.fileName, line: table.line, key: table.name,
                "unknown table [\(table.name)] (known: \(schema.map { "[\($0.table)]" }.joined(separator: ", ")))")
        }
        let known = Set(schema.flatMap { table in table.keys.map { "\(table.table).\($0)" } })
        for entry in self.document.entries where !known.contains(entry.path) {
            let message = entry.table.isEmpty
                ? "unknown key '\(entry.key)' outside any table (keys belong in [server], [agent], …)"
                : "unknown key '\(entry.path)'"
            throw ConfigFileError(.unknownKey, file: self.fileName, line: entry.line, key: entry.path, message)
        }
    }

    func invalid(_ entry: TOMLEntry, _ message: String) -> ConfigFileError {
        ConfigFileError(.invalidValue, file: self.fileName, line: entry.line, key: entry.path, "invalid value for '\(entry.path)': \(message)")
    }

    func invalid(at path: String, _ message: String) -> ConfigFileError {
        guard let entry = self.byPath[path] else {
            return ConfigFileError(.invalidValue, file: self.fileName, key: path, "invalid value for '\(path)': \(message)")
        }
        return self.invalid(entry, message)
    }

    /// A string value; `""` counts as absent.
    func string(_ path: String) throws(ConfigFileError) -> String? {
        guard let entry = self.byPath[path] else { return nil }
        guard case .string(let text) = entry.value else {
            throw ConfigFileError(
                .wrongType, file: self.fileName, line: entry.line, key: path,
                "'\(path)' must be a string (in quotes), not \(entry.value.typeName)")
        }
        return text.isEmpty ? nil : text
    }

    func bool(_ path: String) throws(ConfigFileError) -> Bool? {
        guard let entry = self.byPath[path] else { return nil }
        guard case .boolean(let flag) = entry.value else {
            throw ConfigFileError(
                .wrongType, file: self.fileName, line: entry.line, key: path,
                "'\(path)' must be true or false, not \(entry.value.typeName) \(entry.value)")
        }
        return flag
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ path: String, default value: Choice) throws(ConfigFileError) -> Choice
    where Choice.RawValue == String {
        guard let text = try self.string(path), let entry = self.byPath[path] else { return value }
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw self.invalid(entry, "\(TOMLValue.quoted(text)) is not one of \(allowed)")
        }
        return choice
    }

    /// An absolute URL with one of `schemes` and a host; `""` counts as absent.
    func url(_ path: String, schemes: [String]) throws(ConfigFileError) -> String? {
        guard let text = try self.string(path), let entry = self.byPath[path] else { return nil }
        if let reason = ConfigURL.problem(text, schemes: schemes) { throw self.invalid(entry, "\(TOMLValue.quoted(text)) \(reason)") }
        return text
    }

    func dialPlan() throws(ConfigFileError) -> DialPlan {
        let plus = try self.string("dialPlan.plusPrefix") ?? ""
        if !plus.isEmpty, !DialTarget.isPhoneNumber(plus), let entry = self.byPath["dialPlan.plusPrefix"] {
            throw self.invalid(entry, "\(TOMLValue.quoted(plus)) must be ASCII digits (e.g. \"00\") or \"\"")
        }
        let outside: DialPlan.OutsidePrefix
        do {
            outside = try DialPlan.OutsidePrefix(configValue: try self.string("dialPlan.outsidePrefix") ?? "")
        } catch {
            throw self.invalid(at: "dialPlan.outsidePrefix", "must be \"\", ASCII digits (e.g. \"9\") or \"auto\"")
        }
        let pattern = try self.string("dialPlan.internalPattern") ?? DialPlan.defaultInternalPattern
        do {
            return try DialPlan(plusPrefix: plus, outsidePrefix: outside, internalPattern: pattern)
        } catch {
            throw self.invalid(at: "dialPlan.internalPattern", "\(TOMLValue.quoted(pattern)) is not a valid regular expression")
        }
    }
}

/// The URL check of the config file: `scheme://host…`, no white space or control characters.
enum ConfigURL {
    static func problem(_ text: String, schemes: [String]) -> String? {
        let expected = "must start with " + schemes.map { "\($0)://" }.joined(separator: " or ")
        guard let range = text.firstRange(of: "://") else { return "is not a URL (\(expected))" }
        let scheme = text[..<range.lowerBound].lowercased()
        guard schemes.contains(scheme) else { return "has the wrong scheme (\(expected))" }
        let rest = text[range.upperBound...]
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        guard !host.isEmpty, host.first != ":", host.first != "@" else { return "has no host" }
        if text.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) {
            return "contains white space or control characters"
        }
        return nil
    }
}
