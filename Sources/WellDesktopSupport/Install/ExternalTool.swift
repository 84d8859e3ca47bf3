import WellProtocol
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs the desktop tools install needs (`xdg-mime`, `update-desktop-database`, `systemctl`)
/// with an explicit environment — never the one the process happens to inherit.
struct ExternalTool: Sendable {
    /// What a finished tool printed and returned.
    struct Outcome: Sendable {
        var status: Int32
        var output: String
        var errorOutput: String
        var succeeded: Bool { self.status == 0 }
    }

    /// How long a tool may run before it is killed (desktop tools finish in well under a second).
    static let timeout: Duration = .seconds(120)
    /// The most output kept from a tool (each of stdout and stderr).
    static let outputLimit = 1 << 20

    /// The environment every tool gets.
    let environment: [String: String]

    /// The environment variables passed on from the caller's environment; nothing else is.
    static let passedVariables = [
        "PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_DIRS",
        "XDG_CONFIG_DIRS", "XDG_RUNTIME_DIR", "XDG_CURRENT_DESKTOP", "XDG_SESSION_DESKTOP", "DESKTOP_SESSION", "KDE_SESSION_VERSION",
        "DBUS_SESSION_BUS_ADDRESS",
    ]

    /// Builds the tool environment from `environment`, with the XDG directories of `layout` made explicit.
    init(environment: [String: String], layout: InstallLayout) {
        var clean = environment.filter { Self.passedVariables.contains($0.key) }
        clean["HOME"] = layout.home
        clean["XDG_DATA_HOME"] = layout.dataHome
        clean["XDG_CONFIG_HOME"] = layout.configHome
        clean["XDG_STATE_HOME"] = layout.stateHome
        if clean["PATH"] == nil { clean["PATH"] = "/usr/local/bin:/usr/bin:/bin" }
        self.environment = clean
    }

    /// The absolute path of `name` on the environment's `PATH`, `nil` when absent.
    package func locate(_ name: String) -> String? {
        for directory in (self.environment["PATH"] ?? "").split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `name` with `arguments` (stdin from /dev/null) and waits for it, at most ``timeout``.
    /// - Throws: ``InstallError`` when the tool is not on `PATH`, cannot be started or overruns.
    func run(_ name: String, _ arguments: [String]) async throws(InstallError) -> Outcome {
        guard let path = self.locate(name) else { throw InstallError("\(name) is not installed (not found on PATH)") }
        let result: ChildProcess.Outcome
        do {
            result = try await ChildProcess.run(
                path: path, arguments: arguments, environment: self.environment, errors: .capture,
                limit: Self.outputLimit, timeout: Self.timeout)
        } catch {
            throw InstallError("cannot run \(path): \(error)")
        }
        return Outcome(
            status: result.status,
            output: String(decoding: result.output, as: UTF8.self),
            errorOutput: String(decoding: result.errorOutput, as: UTF8.self)
        )
    }

    /// Runs a tool and turns a non-zero exit into an ``InstallError`` quoting its output.
    func check(_ name: String, _ arguments: [String]) async throws(InstallError) -> Outcome {
        let outcome = try await self.run(name, arguments)
        guard outcome.succeeded else {
            let detail = (outcome.errorOutput + outcome.output).trimmingWhitespace()
            throw InstallError("\(([name] + arguments).joined(separator: " ")) failed (exit \(outcome.status))" + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return outcome
    }
}
