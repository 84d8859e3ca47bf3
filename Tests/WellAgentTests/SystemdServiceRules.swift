import Foundation

/// What systemd makes of a service's exit under a unit file's `[Service]` settings, for the
/// subset of the rules our unit can use: `Restart=`, `SuccessExitStatus=` and
/// `RestartPreventExitStatus=` (systemd.service(5)). A clean exit is status 0, one listed in
/// `SuccessExitStatus=`, or (not `Type=oneshot`) SIGHUP, SIGINT, SIGTERM or SIGPIPE; anything
/// else marks the unit failed. `Restart=` then decides from that table whether it starts again.
///
/// `systemd-analyze verify` checks the syntax only; this answers "is a second start a failure?".
struct SystemdServiceRules: Equatable {
    /// How the main process ended.
    enum Ending: Equatable {
        case exited(Int32)
        case signalled(Int32)
    }

    /// What systemd does then.
    struct Outcome: Equatable {
        /// The unit ends in the `failed` state.
        var failed: Bool
        /// `Restart=` starts it again.
        var restarted: Bool
    }

    enum ParseError: Error, CustomStringConvertible {
        case unsupported(String)
        var description: String {
            switch self {
            case .unsupported(let what): "not modelled here (extend SystemdServiceRules): \(what)"
            }
        }
    }

    var type = "simple"
    var restart = "no"
    var successStatuses: Set<Int32> = []
    var successSignals: Set<Int32> = []
    var preventStatuses: Set<Int32> = []
    var preventSignals: Set<Int32> = []
    /// The words of `ExecStart=` (the program first).
    var execStart: [String] = []

    static let signalNumbers: [String: Int32] = [
        "SIGHUP": SIGHUP, "SIGINT": SIGINT, "SIGQUIT": SIGQUIT, "SIGABRT": SIGABRT, "SIGKILL": SIGKILL,
        "SIGUSR1": SIGUSR1, "SIGUSR2": SIGUSR2, "SIGPIPE": SIGPIPE, "SIGTERM": SIGTERM,
    ]

    /// The rules of the `[Service]` section of `unitText`.
    init(unitText: String) throws {
        var section = ""
        for raw in unitText.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                section = line
                continue
            }
            guard section == "[Service]", let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals])
            let value = String(line[line.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            switch key {
            case "Type": type = value
            case "Restart": restart = value
            case "ExecStart": execStart = value.split(separator: " ").map(String.init)
            case "SuccessExitStatus": try Self.parseStatuses(value, into: &successStatuses, &successSignals)
            case "RestartPreventExitStatus": try Self.parseStatuses(value, into: &preventStatuses, &preventSignals)
            case "RestartForceExitStatus": throw ParseError.unsupported("RestartForceExitStatus=")
            default: break
            }
        }
        guard ["no", "always", "on-success", "on-failure", "on-abnormal", "on-abort", "on-watchdog"].contains(restart) else {
            throw ParseError.unsupported("Restart=\(restart)")
        }
    }

    private static func parseStatuses(_ value: String, into statuses: inout Set<Int32>, _ signals: inout Set<Int32>) throws {
        for word in value.split(separator: " ") {
            if let number = Int32(word) {
                statuses.insert(number)
            } else if let signal = signalNumbers[String(word)] {
                signals.insert(signal)
            } else {
                throw ParseError.unsupported("exit status '\(word)'")
            }
        }
    }

    /// Whether systemd counts `ending` as a clean exit.
    func isClean(_ ending: Ending) -> Bool {
        switch ending {
        case .exited(let code): code == 0 || successStatuses.contains(code)
        case .signalled(let signal):
            (type != "oneshot" && [SIGHUP, SIGINT, SIGTERM, SIGPIPE].contains(signal)) || successSignals.contains(signal)
        }
    }

    /// The unit's fate when its main process ends with `ending` (no timeout, no watchdog).
    func outcome(of ending: Ending) -> Outcome {
        let clean = isClean(ending)
        let prevented =
            switch ending {
            case .exited(let code): preventStatuses.contains(code)
            case .signalled(let signal): preventSignals.contains(signal)
            }
        let isSignal = if case .signalled = ending { true } else { false }
        let wanted =
            switch restart {
            case "always": true
            case "on-success": clean
            case "on-failure": !clean
            case "on-abnormal", "on-abort": !clean && isSignal
            default: false
            }
        return Outcome(failed: !clean, restarted: wanted && !prevented)
    }
}
