extension AgentRequest {
    /// The request `arguments` (the command line after the program name) ask for, when they are
    /// exactly one of the forms the thin `wellclient` runs itself; `nil` for anything else —
    /// another subcommand, `--help`, `--selection`, `status` without `--json`, `panel` without
    /// `--print-url`, an unknown, repeated or misplaced option, a value that starts with `-`,
    /// an invalid mode or pair — which the full command line then parses, runs or refuses with
    /// its usage message. A form accepted here is one the full command line accepts too.
    public static func parse(_ arguments: [String]) -> AgentRequest? {
        guard let name = arguments.first else { return nil }
        let words = arguments.dropFirst()
        switch name {
        case "dial":
            guard let line = ThinArguments(words, positionals: 1...1) else { return nil }
            return .dial(line.positionals[0])
        case "answer", "hangup", "hold", "retrieve":
            guard let line = ThinArguments(words, positionals: 0...1) else { return nil }
            let call = line.positionals.first ?? ""
            switch name {
            case "answer": return .answer(call: call)
            case "hangup": return .hangUp(call: call)
            case "hold": return .hold(call: call)
            default: return .retrieve(call: call)
            }
        case "sstransfer", "consult":
            guard let line = ThinArguments(words, positionals: 1...1, options: ["call"]) else { return nil }
            let call = line.options["call"] ?? "", number = line.positionals[0]
            return name == "consult" ? .consult(call: call, number: number) : .singleStepTransfer(call: call, number: number)
        case "ssconference":
            guard let line = ThinArguments(words, positionals: 1...1, options: ["call"], flags: ["silent"]) else { return nil }
            return .singleStepConference(call: line.options["call"] ?? "", number: line.positionals[0], silent: line.flags.contains("silent"))
        case "conference", "transfer", "cancel-consult":
            guard let line = ThinArguments(words, positionals: 0...0, options: ["held", "consult"]) else { return nil }
            let held = line.options["held"] ?? "", consult = line.options["consult"] ?? ""
            switch name {
            case "conference": return .conference(held: held, consult: consult)
            case "transfer": return .transfer(held: held, consult: consult)
            default: return .cancelConsult(held: held, consult: consult)
            }
        case "mode":
            guard let line = ThinArguments(words, positionals: 1...1, options: ["reason"]), Self.modes.contains(line.positionals[0])
            else { return nil }
            return .setMode(line.positionals[0], reason: line.options["reason"] ?? "")
        case "call-data":
            guard let line = ThinArguments(words, positionals: 1...Int.max, options: ["call"]) else { return nil }
            let call = line.options["call"] ?? ""
            switch line.positionals[0] {
            case "get" where line.positionals.count == 1:
                return .getCallData(call: call)
            case "set" where line.positionals.count > 1:
                return Self.callData(Array(line.positionals.dropFirst())).map { .setCallData(call: call, data: $0) }
            default:
                return nil
            }
        case "status":
            guard let line = ThinArguments(words, positionals: 0...0, flags: ["json"]), line.flags.contains("json") else { return nil }
            return .statusJSON
        case "panel":
            guard let line = ThinArguments(words, positionals: 0...0, flags: ["print-url"]), line.flags.contains("print-url") else {
                return nil
            }
            return .panelURL
        default:
            return nil
        }
    }
}

/// A subcommand's words split into positionals, `--name value` / `--name=value` options and
/// `--name` flags, or `nil` when a word does not fit: an unknown or repeated name, a short
/// option, `--`, an option without its value, a positional or value that starts with `-`, too
/// few or too many positionals. Strict on purpose: what it refuses goes to the full parser.
struct ThinArguments {
    var positionals: [String] = []
    var options: [String: String] = [:]
    var flags: Set<String> = []

    init?(_ words: ArraySlice<String>, positionals count: ClosedRange<Int>, options: Set<String> = [], flags: Set<String> = []) {
        var rest = words[...]
        while let word = rest.popFirst() {
            guard word.hasPrefix("-") else {
                self.positionals.append(word)
                continue
            }
            guard word.hasPrefix("--"), word.count > 2 else { return nil }
            let body = word.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                let name = String(body[..<equals])
                guard options.contains(name), self.options[name] == nil else { return nil }
                self.options[name] = String(body[body.index(after: equals)...])
            } else if options.contains(String(body)) {
                guard self.options[String(body)] == nil, let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
                self.options[String(body)] = value
            } else if flags.contains(String(body)) {
                guard self.flags.insert(String(body)).inserted else { return nil }
            } else {
                return nil
            }
        }
        guard count.contains(self.positionals.count) else { return nil }
    }
}
