import WellClient
import WellNumbers
import WellDesktopSupport

extension AgentConfigFile {
    /// Every key of the schema, by table, in the order ``render()`` writes them.
    static let schema: [(table: String, keys: [String])] = [
        ("server", ["url", "tpiURL", "wsURL", "topic", "caFile"]),
        ("agent", ["jobNumber", "domain", "extension", "password", "passwordCommand", "loginMode", "initialMode", "stayLoggedIn", "notReadyReasons", "wrapUpSeconds"]),
        ("dialPlan", ["plusPrefix", "outsidePrefix", "internalPattern"]),
        ("calls", ["autoAnswer", "confirmDial", "screenPopURL"]),
        ("notifications", ["enabled", "sound"]),
        ("browser", ["sites", "clickCallClass"]),
        ("panel", ["port", "hideButton"]),
        ("history", ["enabled", "keepDays", "maxCalls"]),
    ]

    /// Keys whose values are secrets: a syntax error inside their value never quotes it.
    static let secretKeys: Set<String> = ["password"]

    /// The message of `error`, or a message that quotes nothing of the value when the error was
    /// found inside the value of a secret key (at any depth: `agent.password`, `password = [ … ]`,
    /// `agent = { password = … }`). A password typed without quotes (`password = 0123456`) would
    /// otherwise be echoed ("leading zeros are not allowed in integer '0123456'") into the log,
    /// `Status` and a notification.
    static func withoutSecrets(_ error: TOMLDocument.SyntaxError) -> String {
        guard let key = error.keyPath?.first(where: { Self.secretKeys.contains($0) }) else { return error.message }
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
            throw ConfigFileError(.syntax, file: fileName, line: error.line, Self.withoutSecrets(error))
        }
        let reader = try ConfigReader(fileName: fileName, document: document, schema: Self.schema)

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
            stayLoggedIn: try reader.bool("agent.stayLoggedIn") ?? false,
            notReadyReasons: try reader.notReadyReasons(),
            wrapUpSeconds: try reader.wrapUpSeconds()
        )
        if agent.password != nil, agent.passwordCommand != nil {
            throw reader.problem(
                .invalidValue, at: "agent.passwordCommand", "'agent.password' and 'agent.passwordCommand' are both set; keep one")
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
        return AgentConfigFile(
            server: server, agent: agent, dialPlan: dialPlan, calls: calls, notifications: notifications,
            browser: try reader.browser(), panel: try reader.panel(), history: try reader.history())
    }
}

/// Typed access to the keys of a parsed document, with errors that point at the line.
///
/// The schema has two levels, `[table]` and `key`; how the file spells them is TOML's business:
/// `[agent]` then `password = …`, `agent.password = …` at the top, or `agent = { password = … }`
/// all reach `agent.password`.
struct ConfigReader {
    let fileName: String
    private let byPath: [String: TOMLEntry]

    /// Indexes the document, refusing tables and keys the schema does not have and top-level
    /// keys that are not tables.
    init(fileName: String, document: TOMLDocument, schema: [(table: String, keys: [String])]) throws(ConfigFileError) {
        self.fileName = fileName
        let known = Dictionary(schema.map { ($0.table, Set($0.keys)) }, uniquingKeysWith: { first, _ in first })
        var byPath: [String: TOMLEntry] = [:]
        for section in document.root.entries {
            let name = TOMLKey.written(section.key)
            guard let keys = known[section.key] else {
                let message =
                    if case .table = section.value {
                        "unknown table [\(name)] (known: \(schema.map { "[\($0.table)]" }.joined(separator: ", ")))"
                    } else {
                        "unknown key '\(name)' outside any table (keys belong in [server], [agent], …)"
                    }
                throw ConfigFileError(.unknownKey, file: fileName, line: section.line, key: section.key, message)
            }
            guard case .table(let table) = section.value else {
                throw ConfigFileError(
                    .wrongType, file: fileName, line: section.line, key: section.key,
                    "'\(name)' must be a table ([\(name)] and its keys below it), not \(section.value.typeNameWithArticle)")
            }
            for entry in table.entries {
                let path = "\(section.key).\(entry.key)"
                guard keys.contains(entry.key) else {
                    throw ConfigFileError(
                        .unknownKey, file: fileName, line: entry.line, key: path, "unknown key '\(name).\(TOMLKey.written(entry.key))'")
                }
                byPath[path] = entry
            }
        }
        self.byPath = byPath
    }

    /// An error about the key at `path`, on its line when it is in the file.
    func problem(_ code: ConfigFileError.Code, at path: String, _ message: String) -> ConfigFileError {
        ConfigFileError(code, file: self.fileName, line: self.byPath[path]?.line, key: path, message)
    }

    func invalid(at path: String, _ message: String) -> ConfigFileError {
        self.problem(.invalidValue, at: path, "invalid value for '\(path)': \(message)")
    }

    /// A string value; `""` counts as absent.
    func string(_ path: String) throws(ConfigFileError) -> String? {
        guard let entry = self.byPath[path] else { return nil }
        guard case .string(let text) = entry.value else {
            throw self.problem(.wrongType, at: path, "'\(path)' must be a string (in quotes), not \(entry.value.typeName)")
        }
        return text.isEmpty ? nil : text
    }

    func bool(_ path: String) throws(ConfigFileError) -> Bool? {
        guard let entry = self.byPath[path] else { return nil }
        guard case .boolean(let flag) = entry.value else {
            throw self.problem(.wrongType, at: path, "'\(path)' must be true or false, not \(entry.value.typeName) \(entry.value)")
        }
        return flag
    }

    /// An array of strings (`["Break", "Lunch"]`, over several lines if need be); `nil` when
    /// absent. Another type, or an item that is not a string, is a `wrongType` error naming the
    /// key, its line and the item; the values themselves are not quoted.
    func strings(_ path: String) throws(ConfigFileError) -> [String]? {
        guard let entry = self.byPath[path] else { return nil }
        guard case .array(let items) = entry.value else {
            throw self.problem(
                .wrongType, at: path, "'\(path)' must be an array of strings ([\"…\", \"…\"]), not \(entry.value.typeNameWithArticle)")
        }
        var strings: [String] = []
        for (offset, item) in items.enumerated() {
            guard case .string(let text) = item else {
                throw self.problem(
                    .wrongType, at: path, "'\(path)' must be an array of strings; item \(offset + 1) is \(item.typeNameWithArticle)")
            }
            strings.append(text)
        }
        return strings
    }

    /// An integer value.
    func integer(_ path: String) throws(ConfigFileError) -> Int? {
        guard let entry = self.byPath[path] else { return nil }
        guard case .integer(let number) = entry.value else {
            throw self.problem(.wrongType, at: path, "'\(path)' must be an integer (no quotes), not \(entry.value.typeName)")
        }
        return number
    }

    /// `[history]`: `enabled` (default true), `keepDays` (default 90) and `maxCalls` (default
    /// 10000), each count at least 1 (`enabled = false` is the way to keep nothing).
    func history() throws(ConfigFileError) -> AgentConfigFile.History {
        let defaults = AgentConfigFile.History()
        var history = AgentConfigFile.History(enabled: try self.bool("history.enabled") ?? defaults.enabled)
        let counts: [(WritableKeyPath<AgentConfigFile.History, Int>, String)] = [
            (\.keepDays, "history.keepDays"), (\.maxCalls, "history.maxCalls"),
        ]
        for (key, path) in counts {
            guard let value = try self.integer(path) else { continue }
            if value < 1 { throw self.invalid(at: path, "\(value) must be at least 1 (to keep no history, set history.enabled = false)") }
            history[keyPath: key] = value
        }
        return history
    }

    func choice<Choice: RawRepresentable & CaseIterable>(_ path: String, default value: Choice) throws(ConfigFileError) -> Choice
    where Choice.RawValue == String {
        guard let text = try self.string(path) else { return value }
        guard let choice = Choice(rawValue: text) else {
            let allowed = Choice.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw self.invalid(at: path, "\(TOMLValue.quoted(text)) is not one of \(allowed)")
        }
        return choice
    }

    /// An absolute URL with one of `schemes` and a host; `""` counts as absent.
    func url(_ path: String, schemes: [String]) throws(ConfigFileError) -> String? {
        guard let text = try self.string(path) else { return nil }
        if let reason = ConfigURL.problem(text, schemes: schemes) { throw self.invalid(at: path, "\(TOMLValue.quoted(text)) \(reason)") }
        return text
    }

    /// The most reasons a menu offers.
    static let maxNotReadyReasons = 30

    /// `agent.notReadyReasons`: menu entries sent as the reason of a Not Ready change, so each
    /// must say something and say it once, and they must fit in a menu.
    func notReadyReasons() throws(ConfigFileError) -> [String] {
        let path = "agent.notReadyReasons"
        let reasons = try self.strings(path) ?? []
        if reasons.count > Self.maxNotReadyReasons {
            throw self.invalid(at: path, "has \(reasons.count) items; at most \(Self.maxNotReadyReasons) fit in a menu")
        }
        for (offset, reason) in reasons.enumerated() {
            if reason.isEmpty { throw self.invalid(at: path, "item \(offset + 1) is an empty string") }
            if let first = reasons[..<offset].firstIndex(of: reason) {
                throw self.invalid(at: path, "item \(offset + 1) repeats item \(first + 1), \(TOMLValue.quoted(reason))")
            }
        }
        return reasons
    }

    /// The longest wrap-up time accepted (an hour: longer is a typo, not a wrap-up).
    static let maxWrapUpSeconds = 3600

    /// `agent.wrapUpSeconds`: the tenant's after-call work length, 0 (the default) when not known.
    func wrapUpSeconds() throws(ConfigFileError) -> Int {
        let path = "agent.wrapUpSeconds"
        guard let value = try self.integer(path) else { return 0 }
        guard (0...Self.maxWrapUpSeconds).contains(value) else {
            throw self.invalid(at: path, "\(value) must be from 0 (not known) to \(Self.maxWrapUpSeconds) seconds")
        }
        return value
    }

    func dialPlan() throws(ConfigFileError) -> DialPlan {
        let plus = try self.string("dialPlan.plusPrefix") ?? ""
        if !plus.isEmpty, !DialTarget.isPhoneNumber(plus) {
            throw self.invalid(at: "dialPlan.plusPrefix", "\(TOMLValue.quoted(plus)) must be ASCII digits (e.g. \"00\") or \"\"")
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
