import Subprocess
import WellThreads

#if canImport(Glibc)
    import Glibc
#endif
#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// The one way this project starts other programs (the screen-pop opener, the
/// `passwordCommand`, the selection readers, the install tools, and every helper process in the
/// tests): swift-subprocess, which spawns without a shell and gives the child an empty signal
/// mask and default dispositions, so a child can always be stopped even though the agent
/// blocks SIGTERM and SIGINT in its own threads.
///
/// Nothing here waits forever: ``run(path:arguments:environment:input:workingDirectory:errors:limit:timeout:)``
/// kills a child that overruns its time or prints more than its limit; a detached child
/// (``detach(path:arguments:environment:)``) is reaped when it ends.
package enum ChildProcess {
    /// Why a child could not be run.
    package struct Failure: Error, CustomStringConvertible {
        package let description: String

        package init(description: String) {
            self.description = description
        }
    }

    /// What a finished child left behind.
    package struct Outcome: Sendable {
        /// The exit code, or 128 + the signal number when a signal ended it (the shell's rule).
        package var status: Int32
        /// The signal that ended it, `nil` when it exited.
        package var signal: Int32?
        /// Standard output.
        package var output: [UInt8]
        /// Standard error (empty unless it was captured).
        package var errorOutput: [UInt8]

        init(_ termination: TerminationStatus, output: [UInt8], errorOutput: [UInt8]) {
            switch termination {
            case .exited(let code): (self.status, self.signal) = (code, nil)
            case .signaled(let signal): (self.status, self.signal) = (128 + signal, signal)
            }
            self.output = output
            self.errorOutput = errorOutput
        }
    }

    /// What becomes of a child's standard error.
    package enum ErrorOutput: Sendable {
        /// To /dev/null.
        case discard
        /// Collected into ``Outcome/errorOutput``, under the same limit as standard output.
        case capture
    }

    /// The absolute path of `name` (or `name` itself when it contains a `/`) on `PATH`.
    package static func locate(_ name: String, environment: [String: String]) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where directory.hasPrefix("/") {
            let candidate = "\(directory)/\(name)"
            if access(candidate, X_OK) == 0 { return candidate }
        }
        return nil
    }

    /// Runs `path` to its end with exactly `environment` and collects what it prints.
    ///
    /// - Parameters:
    ///   - input: standard input (empty when `nil`).
    ///   - errors: whether standard error is collected.
    ///   - limit: the most bytes kept per stream; a child that prints more is stopped.
    ///   - timeout: a child still running after it is killed (SIGKILL).
    /// - Throws: ``Failure`` when the program cannot start, overruns `timeout` or prints more than `limit`.
    package static func run(
        path: String, arguments: [String], environment: [String: String], input: String? = nil,
        workingDirectory: String? = nil, errors: ErrorOutput = .discard,
        limit: Int = 64 * 1024, timeout: Duration = .seconds(10)
    ) async throws(Failure) -> Outcome {
        let configuration = Self.configuration(path: path, arguments: arguments, environment: environment, workingDirectory: workingDirectory)
        let stdin = input ?? ""
        let ran: Result<Outcome?, any Error> = await withTaskGroup(of: Result<Outcome?, any Error>?.self) { group in
            group.addTask {
                do {
                    switch errors {
                    case .discard:
                        let result = try await Subprocess.run(configuration, input: .string(stdin), output: .bytes(limit: limit), error: .discarded)
                        return .success(Outcome(result.terminationStatus, output: result.standardOutput, errorOutput: []))
                    case .capture:
                        let result = try await Subprocess.run(configuration, input: .string(stdin), output: .bytes(limit: limit), error: .bytes(limit: limit))
                        return .success(Outcome(result.terminationStatus, output: result.standardOutput, errorOutput: result.standardError))
                    }
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                // The deadline: when it passes first, cancelling the run kills the child.
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .success(nil)
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .success(nil)
        }
        switch ran {
        case .success(let outcome?):
            return outcome
        case .success(nil):
            throw Failure(description: "\(path) did not finish within \(timeout)")
        case .failure(let error):
            throw Failure(description: Self.describe(error, path: path, limit: limit))
        }
    }

    /// Starts `path` and returns at once (output to /dev/null); the child is reaped whenever it
    /// ends. It is never killed: it may be the user's browser window (an opener can exec the
    /// browser itself), which lives as long as the user wants.
    /// - Returns: the child's process id.
    /// - Throws: ``Failure`` when the program cannot start.
    @discardableResult
    package static func detach(path: String, arguments: [String], environment: [String: String]) async throws(Failure) -> Int32 {
        // The run that started it goes on until the child ends, and reaps it then.
        try await RunningChild.start(path: path, arguments: arguments, environment: environment).pid
    }

    // MARK: - shared with RunningChild

    static func configuration(path: String, arguments: [String], environment: [String: String], workingDirectory: String?) -> Configuration {
        var keyed: [Environment.Key: String] = [:]
        for (key, value) in environment { keyed[Environment.Key(stringLiteral: key)] = value }
        return Configuration(
            executable: .path(FilePath(path)), arguments: Arguments(arguments), environment: .custom(keyed),
            workingDirectory: workingDirectory.map { FilePath($0) })
    }

    static func describe(_ error: any Error, path: String, limit: Int) -> String {
        if let failure = error as? SubprocessError {
            if failure.code == .outputLimitExceeded {
                return "\(path) printed more than \(limit) bytes"
            }
            if let underlying = failure.underlyingError {
                return "cannot run \(path): \(String(cString: strerror(underlying.rawValue)))"
            }
            return "cannot start \(path): \(failure)"
        }
        return "cannot start \(path): \(error)"
    }
}
