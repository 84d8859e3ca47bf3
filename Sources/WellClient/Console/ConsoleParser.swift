/// Parses the lines of `wellclient console` into ``ConsoleLine``s. Pure: no I/O, no client.
///
/// A line is words separated by spaces or tabs; the first word is the command. A command with a
/// missing, extra or malformed argument is an error naming its usage, so a typo never runs a
/// different operation than the one meant (e.g. `ssconference 8003 silent` is Silent, and
/// `ssconference 8003 quiet` is an error, not an Active conference).
public enum ConsoleParser {
    /// The commands and their usage, in the order the README lists them; the first word of a
    /// usage is the command, the words of `aliases` are other names for it.
    public static let commands: [(usage: String, aliases: [String])] = [
        ("makeCall NUMBER", ["dial"]),
        ("answer [CALL]", []),
        ("drop [CALL]", ["hangup"]),
        ("hold [CALL]", []),
        ("retrieve [CALL]", []),
        ("consult NUMBER", []),
        ("conference [HELD CONSULT]", []),
        ("transfer [HELD CONSULT]", []),
        ("cancelConsult [HELD CONSULT]", []),
        ("sstransfer NUMBER", []),
        ("ssconference NUMBER [Active|Silent]", []),
        ("setMode Ready|NotReady [REASON…]", []),
        ("callData set KEY=VALUE… | callData get [CALL]", []),
        ("memory", []),
        ("prefix", []),
        ("startRecording", []),
        ("stopRecording", []),
        ("release [AGENT]", []),
        ("forceDrop DEVICE CALL", []),
        ("forceJoin DEVICE CALL NUMBER", []),
        ("forceTake DEVICE CALL NUMBER", []),
        ("forceListen CALL DEVICE", []),
        ("forceReady AGENT DEVICE", []),
        ("forceNotReady AGENT DEVICE", []),
        ("forceLogout AGENT DEVICE", []),
        ("logout", []),
        ("quit", ["exit"]),
    ]

    /// Parses one line.
    /// - Returns: nil for a blank line (nothing to do).
    /// - Throws: ``WellClientError`` `invalidArgument`, operation = the command word: an unknown
    ///   command, or arguments that do not fit its usage.
    public static func parse(_ line: String) throws(WellClientError) -> ConsoleLine? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard let verb = words.first else { return nil }
        guard let usage = Self.usage(of: verb) else {
            throw .invalidArgument(String(verb.prefix(64)), "unknown command")
        }
        let arguments = Arguments(verb: verb, usage: usage, words: Array(words.dropFirst()))
        let request = try arguments.request()
        return ConsoleLine(verb: verb, request: request)
    }

    /// The usage line of `verb` (or of the command it is an alias of); nil when unknown.
    public static func usage(of verb: String) -> String? {
        commands.first { command in
            command.usage.prefix { $0 != " " } == verb || command.aliases.contains(verb)
        }?.usage
    }
}

/// The arguments after the command word, consumed by the command's rule.
private struct Arguments {
    let verb: String
    let usage: String
    let words: [String]

    func fail(_ why: String) -> WellClientError {
        .invalidArgument(verb, "\(why) (usage: \(usage))")
    }

    /// Checks the argument count.
    func expect(_ range: ClosedRange<Int>) throws(WellClientError) {
        guard range.contains(words.count) else {
            if words.count < range.lowerBound { throw fail("missing argument") }
            throw fail(range.upperBound == 0 ? "takes no arguments" : "too many arguments")
        }
    }

    func optional(_ index: Int) -> String? { index < words.count ? words[index] : nil }

    func request() throws(WellClientError) -> ConsoleRequest {
        let canonical = usage.prefix { $0 != " " }
        switch canonical {
        case "makeCall":
            try expect(1...1)
            return .makeCall(number: words[0])
        case "answer":
            try expect(0...1)
            return .answer(callId: optional(0))
        case "drop":
            try expect(0...1)
            return .drop(callId: optional(0))
        case "hold":
            try expect(0...1)
            return .hold(callId: optional(0))
        case "retrieve":
            try expect(0...1)
            return .retrieve(callId: optional(0))
        case "consult":
            try expect(1...1)
            return .consult(number: words[0])
        case "conference":
            try pair()
            return .conference(held: optional(0), consult: optional(1))
        case "transfer":
            try pair()
            return .transfer(held: optional(0), consult: optional(1))
        case "cancelConsult":
            try pair()
            return .cancelConsult(held: optional(0), consult: optional(1))
        case "sstransfer":
            try expect(1...1)
            return .singleStepTransfer(number: words[0])
        case "ssconference":
            try expect(1...2)
            guard let word = optional(1) else { return .singleStepConference(number: words[0], type: .active) }
            guard let type = ParticipationType.allCases.first(where: { $0.rawValue.lowercased() == word.lowercased() }) else {
                throw fail("the participation is Active or Silent, not '\(word.prefix(32))'")
            }
            return .singleStepConference(number: words[0], type: type)
        case "setMode":
            guard let word = optional(0) else { throw fail("missing argument") }
            guard let mode = WellClientConfiguration.AgentMode.allCases.first(where: { $0.rawValue.lowercased() == word.lowercased() }) else {
                throw fail("the mode is Ready or NotReady, not '\(word.prefix(32))'")
            }
            return .setMode(mode, reason: words.dropFirst().joined(separator: " "))
        case "callData": return try callData()
        case "memory":
            try expect(0...0)
            return .memory
        case "prefix":
            try expect(0...0)
            return .prefix
        case "startRecording":
            try expect(0...0)
            return .startRecording
        case "stopRecording":
            try expect(0...0)
            return .stopRecording
        case "release":
            try expect(0...1)
            return .release(agentId: optional(0))
        case "forceDrop":
            try expect(2...2)
            return .forceDrop(deviceId: words[0], callId: words[1])
        case "forceJoin":
            try expect(3...3)
            return .forceJoin(deviceId: words[0], callId: words[1], number: words[2])
        case "forceTake":
            try expect(3...3)
            return .forceTake(deviceId: words[0], callId: words[1], number: words[2])
        case "forceListen":
            try expect(2...2)
            return .forceListen(callId: words[0], deviceId: words[1])
        case "forceReady":
            try expect(2...2)
            return .forceReady(agentId: words[0], deviceId: words[1])
        case "forceNotReady":
            try expect(2...2)
            return .forceNotReady(agentId: words[0], deviceId: words[1])
        case "forceLogout":
            try expect(2...2)
            return .forceLogout(agentId: words[0], deviceId: words[1])
        case "logout":
            try expect(0...0)
            return .logout
        default:
            try expect(0...0)
            return .quit
        }
    }

    /// Both call ids or neither: one alone cannot say which of the two it is.
    private func pair() throws(WellClientError) {
        guard words.count == 0 || words.count == 2 else {
            throw fail(words.count == 1 ? "give both call ids or none" : "too many arguments")
        }
    }

    private func callData() throws(WellClientError) -> ConsoleRequest {
        switch optional(0) {
        case "set":
            guard words.count > 1 else { throw fail("missing KEY=VALUE") }
            var entries: [ConsoleRequest.CallDataEntry] = []
            for item in words.dropFirst() {
                guard let equals = item.firstIndex(of: "="), equals != item.startIndex else {
                    throw fail("'\(item.prefix(32))' is not KEY=VALUE")
                }
                entries.append(.init(key: String(item[..<equals]), value: String(item[item.index(after: equals)...])))
            }
            return .setCallData(entries)
        case "get":
            guard words.count <= 2 else { throw fail("too many arguments") }
            return .getCallData(callId: optional(1))
        case let other?:
            throw fail("'\(other.prefix(32))' is neither set nor get")
        case nil:
            throw fail("missing set or get")
        }
    }
}
