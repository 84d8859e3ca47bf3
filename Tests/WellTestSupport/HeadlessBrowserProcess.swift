import Foundation
import Synchronization
import DesktopTestSupport

/// The process side of a headless browser under test, shared by ``ChromiumBrowser`` and
/// ``FirefoxBrowser``: a temporary directory for its profile and log, the launch, the wait for
/// its remote-control endpoint (failing at once with the log's end when the browser exits
/// first), and the kill of its whole process tree — renderers, zygote, content processes — once.
final class HeadlessBrowserProcess: Sendable {
    /// The temporary directory holding the log and the profile.
    let directory: String
    /// The browser's standard output and error.
    let logPath: String
    private let process: SpawnedProcess
    /// Set once the tree was killed: a second walk could meet a reused pid.
    private let killed = Mutex(false)

    private init(directory: String, logPath: String, process: SpawnedProcess) {
        self.directory = directory
        self.logPath = logPath
        self.process = process
    }

    deinit { self.kill() }

    /// A new temporary directory for a browser called `name` (its profile and log go there).
    static func makeDirectory(name: String) throws -> String {
        try makeTemporaryDirectory(prefix: "wellclient-\(name)-")
    }

    /// Starts `executable` with its output in `directory/<name>.log` and waits until `endpoint`
    /// finds its remote-control URL (checked about every 50 ms, while the process is alive).
    /// On any failure the process tree is killed and `directory` removed.
    /// - Returns: the running browser and its endpoint.
    static func launch(
        name: String, executable: String, arguments: [String], environment: [String: String], directory: String,
        timeout: Duration, endpoint: @escaping @Sendable (_ logPath: String) -> String?
    ) async throws -> (HeadlessBrowserProcess, String) {
        let logPath = directory + "/\(name).log"
        let process: SpawnedProcess
        do {
            process = try await SpawnedProcess.spawn(
                executable, arguments: arguments, environment: environment, stdout: .file(logPath), stderr: .file(logPath))
        } catch {
            try? FileManager.default.removeItem(atPath: directory)
            throw error
        }
        let browser = HeadlessBrowserProcess(directory: directory, logPath: logPath, process: process)
        var found: String?
        do {
            // Each check waits up to 50 ms for the process to exit: that is the pause between checks.
            try await eventually("\(name)'s remote-control endpoint", timeout: timeout, pollInterval: .zero) {
                found = endpoint(logPath)
                if found != nil { return true }
                if let exit = await process.waitForExit(timeout: .milliseconds(50)) {
                    throw DevToolsConnection.Failure(description: "\(name) \(exit) before its endpoint listened:\n\(browser.logTail())")
                }
                return false
            }
        } catch is EventuallyTimedOut {
        } catch {
            browser.remove()
            throw error
        }
        guard let found else {
            let failure = DevToolsConnection.Failure(description: "\(name) opened no endpoint within \(timeout):\n\(browser.logTail())")
            browser.remove()
            throw failure
        }
        return (browser, found)
    }

    /// The last `count` characters of the log (for failure messages).
    func logTail(_ count: Int = 4000) -> String {
        String(((try? String(contentsOfFile: self.logPath, encoding: .utf8)) ?? "(no log)").suffix(count))
    }

    /// Kills the process tree (SIGKILL), once.
    func kill() {
        let first = self.killed.withLock { killed in
            defer { killed = true }
            return !killed
        }
        if first { ProcessTree.kill(self.process) }
    }

    /// Kills the tree and deletes the directory.
    func remove() {
        self.kill()
        try? FileManager.default.removeItem(atPath: self.directory)
    }
}
