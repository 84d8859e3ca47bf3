import Dispatch
import Foundation
import Synchronization

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
    func locate(_ name: String) -> String? {
        for directory in (self.environment["PATH"] ?? "").split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `name` with `arguments` and waits for it.
    /// - Throws: ``InstallError`` when the tool is not on `PATH` or cannot be started.
    func run(_ name: String, _ arguments: [String]) throws(InstallError) -> Outcome {
        guard let path = self.locate(name) else { throw InstallError("\(name) is not installed (not found on PATH)") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.environment = self.environment
        process.standardInput = FileHandle.nullDevice
        let output = Pipe()
        let errorOutput = Pipe()
        process.standardOutput = output
        process.standardError = errorOutput
        do {
            try process.run()
        } catch {
            throw InstallError("cannot start \(path): \(error)")
        }
        // Drain both pipes while the tool runs so that neither can fill up and block it.
        let errorData = Mutex<Data>(Data())
        let errorHandle = errorOutput.fileHandleForReading
        let drained = DispatchGroup()
        DispatchQueue.global().async(group: drained) {
            let data = errorHandle.readDataToEndOfFile()
            errorData.withLock { $0 = data }
        }
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        drained.wait()
        process.waitUntilExit()
        return Outcome(
            status: process.terminationStatus,
            output: String(decoding: outputData, as: UTF8.self),
            errorOutput: errorData.withLock { String(decoding: $0, as: UTF8.self) }
        )
    }

    /// Runs a tool and turns a non-zero exit into an ``InstallError`` quoting its output.
    func check(_ name: String, _ arguments: [String]) throws(InstallError) -> Outcome {
        let outcome = try self.run(name, arguments)
        guard outcome.succeeded else {
            let detail = (outcome.errorOutput + outcome.output).trimmingCharacters(in: .whitespacesAndNewlines)
            throw InstallError("\(([name] + arguments).joined(separator: " ")) failed (exit \(outcome.status))" + (detail.isEmpty ? "" : ": \(detail)"))
        }
        return outcome
    }
}
