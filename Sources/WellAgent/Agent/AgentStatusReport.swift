import WellProtocol
import WellDesktopSupport
import WellCommandLine

/// The agent's `Status` JSON told for a person (`wellclient status`): who is logged in where and
/// in which mode, whether the server link is up, each call in words, and what needs attention
/// (a configuration problem, the last error), with its call data under each call as the
/// notifications show it. `wellclient status --json` prints the JSON itself.
/// Every value goes through ``TerminalText/printable(_:)``: most of them come from the server.
///
/// Works from the JSON alone, so a thin client of one version can read an agent of another:
/// a key it does not know is left out, a key that is missing reads as unknown.
public struct AgentStatusReport: Sendable {
    /// The `Status` object.
    public let status: JSONValue

    /// A report of `status` (the agent's `Status` JSON, decoded).
    public init(status: JSONValue) { self.status = status }

    /// The report, one line per subject, labels aligned.
    public func render() -> String {
        var rows: [(String, String)] = [
            ("Agent", agentLine()),
            ("Server", serverLine()),
        ]
        if let configuration = status["configurationError"]?["description"]?.stringValue {
            rows.append(("Configuration", configuration))
        }
        let calls = status["calls"]?.arrayValue ?? []
        rows.append(("Calls", calls.isEmpty ? "none" : "\(calls.count)"))
        let own = status["deviceId"]?.stringValue
        for call in calls {
            rows.append(("", "• " + Self.callLine(call, ownDevice: own)))
            for line in Self.callDataLines(call, ownDevice: own) { rows.append(("", "  " + line)) }
        }
        if let missed = status["missedCalls"]?.intValue {
            rows.append(("Missed calls", missed == 0 ? "none" : "\(missed) not seen (wellclient history --missed)"))
        }
        if let notifications = status["notifications"] {
            rows.append(
                (
                    "Notifications",
                    notifications["actions"]?.boolValue == true
                        ? "shown, with Answer / Hang up buttons"
                        : "without buttons (no notification server, or one without actions): use the commands"
                ))
        } else {
            rows.append(("Notifications", "off"))
        }
        if let error = status["lastError"]?.stringValue { rows.append(("Last error", error)) }
        rows.append(("Options", optionsLine()))
        if let version = status["version"]?.stringValue { rows.append(("Version", version)) }

        let width = rows.map(\.0.count).max() ?? 0
        return rows.map { label, text in
            label + String(repeating: " ", count: width - label.count + 2) + TerminalText.printable(text)
        }.joined(separator: "\n")
    }

    // MARK: - lines

    private func agentLine() -> String {
        let agent = status["agent"]
        let who = (status["agentId"] ?? agent?["agentId"])?.stringValue ?? "no agent configured"
        var line = who
        if let device = (status["deviceId"] ?? agent?["deviceId"])?.stringValue { line += " on \(device)" }
        line += ": " + Self.loginWords(status["login"]?.stringValue)
        if status["login"]?.stringValue == "loggedIn", let mode = agent?["mode"]?.stringValue {
            if mode == "WorkNotReady" {
                line += ", after-call work (WorkNotReady)"
                if let since = status["afterCallWorkSince"]?.stringValue { line += " since \(since)" }
                if let until = status["afterCallWorkUntil"]?.stringValue { line += ", until \(until)" }
            } else {
                line += ", \(mode)"
            }
            if let reason = agent?["reason"]?.stringValue, !reason.isEmpty { line += " (\(reason))" }
            if let pending = agent?["pendingMode"]?.stringValue, !pending.isEmpty { line += ", \(pending) after the call" }
            if agent?["allocated"]?.boolValue == true { line += ", allocated a call" }
        }
        return line
    }

    private func serverLine() -> String {
        let server = status["server"]
        let url = server?["url"]?.stringValue ?? "no server configured"
        let link =
            switch server?["connection"]?.stringValue {
            case "up": "connected"
            case "down": "connection lost, reconnecting"
            case "closed": "not connected"
            case let other?: other
            case nil: "link state unknown"
            }
        return "\(url), \(link)"
    }

    private func optionsLine() -> String {
        var options: [String] = []
        if let auto = status["autoAnswer"]?.boolValue { options.append("auto-answer \(auto ? "on" : "off")") }
        if let confirm = status["confirmDial"]?.boolValue { options.append("confirm dial \(confirm ? "on" : "off")") }
        if status["demo"]?.boolValue == true { options.append("demo server") }
        return options.isEmpty ? "-" : options.joined(separator: ", ")
    }

    static func loginWords(_ state: String?) -> String {
        switch state {
        case "loggedIn": "logged in"
        case "loggingIn": "logging in…"
        case "loggedOut": "logged out"
        case "failed": "login failed"
        case "idle": "not logged in"
        case "notConfigured": "not configured (run `wellclient setup`)"
        case let other?: other
        case nil: "state unknown"
        }
    }

    /// One call: who with, which way, its state in words, since when, and its id.
    static func callLine(_ call: JSONValue, ownDevice: String?) -> String {
        let parties = call["parties"]?.arrayValue ?? []
        let ownParty =
            parties.first { $0["isOwn"]?.boolValue == true }
            ?? parties.first { ownDevice != nil && $0["deviceId"]?.stringValue == ownDevice }
        let others = parties.filter { $0 != ownParty }
        let names = others.compactMap { $0["deviceId"]?.stringValue }.map(Self.number(of:))
        let with = names.isEmpty ? "nobody" : names.joined(separator: ", ")
        let direction =
            switch call["origin"]?.stringValue {
            case "dialed": "outbound"
            case "received": "inbound"
            case "consult": "consultation"
            case "recovered": "recovered"
            case let other?: other
            case nil: "call"
            }
        let ownState = ownParty?["state"]?.stringValue
        let othersRinging = others.contains { $0["state"]?.stringValue == "Alerting" }
        let conference = call["isConferenced"]?.boolValue == true || others.count > 1
        let state =
            switch ownState {
            case "Alerting": "ringing here"
            case "Initiate" where othersRinging: "ringing at the other end"
            case "Initiate": "dialling…"
            case "Hold": "on hold"
            case "Fail": "failed"
            case "Connect" where othersRinging: "ringing at the other end"
            case "Connect" where conference: "in conference"
            case "Connect": "connected"
            case let other?: other
            case nil: "state unknown"
            }
        var line = "\(with) (\(direction)): \(state)"
        if ownState == "Connect", !othersRinging, let since = call["establishedAt"]?.stringValue {
            line += " since \(since)"
        }
        if let id = call["callId"]?.stringValue { line += " — call \(id)" }
        return line
    }

    /// The call's user data as the notifications show it (``CallDataPresentation``).
    static func callDataLines(_ call: JSONValue, ownDevice: String?) -> [String] {
        let own = (call["parties"]?.arrayValue ?? []).first { $0["isOwn"]?.boolValue == true }?["deviceId"]?.stringValue
        return CallDataPresentation.lines(
            call["userData"],
            context: .init(
                callingDevice: call["callingDevice"]?.stringValue, calledDevice: call["calledDevice"]?.stringValue,
                ownDevice: own ?? ownDevice))
    }

    /// A device id without its `@domain` (`8001@demo.cc` → `8001`).
    static func number(of device: String) -> String {
        DeviceID(parsing: device)?.number ?? device
    }
}
