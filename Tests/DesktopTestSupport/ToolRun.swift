import WellDesktopSupport

#if canImport(Glibc)
    import Glibc
#endif

/// The outcome of running an external tool: exit status and everything it printed.
public struct ToolRun: Sendable, CustomStringConvertible {
    /// The exit code, or `nil` when the tool died from a signal.
    public let exitCode: Int32?
    /// Standard output.
    public let standardOutput: String
    /// Standard error.
    public let standardError: String

    /// Whether the tool exited with status 0.
    public var succeeded: Bool { self.exitCode == 0 }

    /// A summary for test failure messages.
    public var description: String {
        "exit \(self.exitCode.map(String.init) ?? "signal")\nstdout: \(self.standardOutput)\nstderr: \(self.standardError)"
    }

    /// Runs a tool (a name looked up on the environment's `PATH`, or an absolute path) with
    /// exactly the given environment, and collects its output (up to 4 MiB per stream).
    /// - Parameters:
    ///   - executable: the tool name or absolute path.
    ///   - arguments: its arguments.
    ///   - environment: the complete environment (nothing is inherited).
    ///   - input: text for standard input (nothing when `nil`).
    ///   - workingDirectory: where it runs (inherited when `nil`).
    /// - Returns: the outcome.
    /// - Throws: when the tool cannot be started.
    public static func run(
        _ executable: String, _ arguments: [String] = [], environment: [String: String], input: String? = nil, workingDirectory: String? = nil
    ) async throws -> ToolRun {
        guard let path = ChildProcess.locate(executable, environment: environment) else {
            throw ChildProcess.Failure(description: "\(executable) was not found on PATH")
        }
        let outcome = try await ChildProcess.run(
            path: path, arguments: arguments, environment: environment, input: input,
            workingDirectory: workingDirectory, errors: .capture, limit: 4 << 20, timeout: .seconds(600))
        return ToolRun(
            exitCode: outcome.signal == nil ? outcome.status : nil,
            standardOutput: String(decoding: outcome.output, as: UTF8.self),
            standardError: String(decoding: outcome.errorOutput, as: UTF8.self))
    }
}

extension ToolRun {
    /// The path of an executable SwiftPM built next to the running test bundle (e.g. `wellclient`),
    /// or `nil` when it is not there.
    /// - Parameter name: the product name.
    /// - Returns: its absolute path.
    public static func builtExecutable(named name: String) -> String? {
        var buffer = [CChar](repeating: 0, count: 4097)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let me = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        var directory = Substring(me)
        // The test binary is `<bin>/<Package>PackageTests.xctest` (a file on Linux).
        while let slash = directory.lastIndex(of: "/") {
            directory = directory[..<slash]
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
            if !directory.contains("/.build") { break }
        }
        return nil
    }
}
