import Foundation
import Glibc
import Synchronization
import WellProtocol
import DesktopTestSupport

/// Debian's Chromium, headless, for end-to-end tests of the browser extension: a fresh profile
/// in a temporary directory, DevTools on a port Chromium picks (`--remote-debugging-port=0`,
/// read back from `DevToolsActivePort`), optionally one unpacked extension and nothing else.
/// It stays in the test run's process group (a runner that kills the group kills it too), and
/// ``close()`` kills its whole process tree — renderers, zygote, utility processes — not just the
/// browser process.
///
/// ```swift
/// let browser = try await ChromiumBrowser.launch(extensionDirectory: root + "/desktop/browser", environment: home.environment())
/// defer { browser.kill() }
/// let page = try await browser.newPage()
/// try await page.navigate(to: "http://127.0.0.1:\(port)/")
/// try await page.click(".well-canBeCalled")
/// await browser.close()
/// ```
public final class ChromiumBrowser: Sendable {
    /// The launcher Debian installs (a script that `exec`s the browser, so the pid stays).
    public static let executable = "/usr/bin/chromium"

    /// Whether Debian's Chromium is installed here.
    public static var isInstalled: Bool { access(Self.executable, X_OK) == 0 }

    /// The DevTools connection to the browser endpoint.
    public let devTools: DevToolsConnection
    private let browser: HeadlessBrowserProcess
    /// The temporary directory holding the log and (by default) the profile, removed by ``close()``.
    public var directory: String { self.browser.directory }
    /// Chromium's standard error.
    public var logPath: String { self.browser.logPath }

    private init(devTools: DevToolsConnection, browser: HeadlessBrowserProcess) {
        self.devTools = devTools
        self.browser = browser
    }

    /// Starts Chromium and connects to its DevTools endpoint.
    /// - Parameters:
    ///   - extensionDirectory: an unpacked extension to load (`--load-extension`), the only one allowed.
    ///   - environment: Chromium's complete environment (a temporary `HOME` / `XDG_CONFIG_HOME`).
    ///   - profile: the user data directory (`--user-data-dir`); default a new one in ``directory``.
    ///     Chromium reads user-level native-messaging host manifests from its `NativeMessagingHosts`
    ///     folder, so pass `$XDG_CONFIG_HOME/chromium` — the default profile, where
    ///     `wellclient install` writes them — to have it find the host.
    ///   - language: the UI language (`--lang`), which also picks the extension's locale.
    ///   - timeout: how long to wait for DevTools to listen.
    /// - Returns: the running browser.
    /// - Throws: when Chromium cannot start or does not open DevTools in time (with its log's end).
    public static func launch(
        extensionDirectory: String? = nil, environment: [String: String], profile: String? = nil, language: String = "en-US",
        timeout: Duration = .seconds(60)
    ) async throws -> ChromiumBrowser {
        let directory = try HeadlessBrowserProcess.makeDirectory(name: "chromium")
        let profile = profile ?? directory + "/profile"
        var arguments = [
            // WSClient sends `Origin: ws://127.0.0.1`; DevTools refuses any origin not allowed here.
            "--headless=new", "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", "--remote-allow-origins=ws://127.0.0.1",
            "--user-data-dir=\(profile)", "--lang=\(language)",
            "--no-first-run", "--no-default-browser-check", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-features=Translate,MediaRouter,OptimizationHints", "--password-store=basic",
            "--window-size=1200,900",
        ]
        // Chromium refuses to run as root with its sandbox.
        if getuid() == 0 { arguments.append("--no-sandbox") }
        if let extensionDirectory {
            arguments += ["--load-extension=\(extensionDirectory)", "--disable-extensions-except=\(extensionDirectory)"]
        }
        arguments.append("about:blank")
        // `DevToolsActivePort` holds the port and the browser endpoint's path, one per line.
        let activePort = profile + "/DevToolsActivePort"
        let (browser, endpoint) = try await HeadlessBrowserProcess.launch(
            name: "chromium", executable: Self.executable, arguments: arguments, environment: environment, directory: directory,
            timeout: timeout
        ) { _ in
            guard let text = try? String(contentsOfFile: activePort, encoding: .utf8) else { return nil }
            let lines = text.split(separator: "\n").map(String.init)
            guard lines.count >= 2, let port = Int(lines[0]), port > 0 else { return nil }
            return "ws://127.0.0.1:\(port)\(lines[1])"
        }
        do {
            return ChromiumBrowser(devTools: try await DevToolsConnection.open(endpoint), browser: browser)
        } catch {
            browser.remove()
            throw error
        }
    }

    /// The last `count` characters of Chromium's log (for failure messages).
    public func logTail(_ count: Int = 4000) -> String { self.browser.logTail(count) }

    // MARK: - targets

    /// Opens a new page (tab) and attaches to it (`Page` and `Runtime` enabled).
    /// - Parameter url: what it shows first.
    public func newPage(url: String = "about:blank") async throws -> DevToolsSession {
        let created = try await self.devTools.send("Target.createTarget", ["url": .string(url)])
        guard let targetId = created["targetId"]?.stringValue else {
            throw DevToolsConnection.Failure(description: "Target.createTarget returned no targetId: \(created)")
        }
        let session = try await self.attach(targetId)
        try await session.send("Page.enable")
        try await session.send("Runtime.enable")
        return session
    }

    /// Attaches to a target with a flattened session.
    public func attach(_ targetId: String) async throws -> DevToolsSession {
        let attached = try await self.devTools.send("Target.attachToTarget", ["targetId": .string(targetId), "flatten": true])
        guard let sessionId = attached["sessionId"]?.stringValue else {
            throw DevToolsConnection.Failure(description: "Target.attachToTarget returned no sessionId: \(attached)")
        }
        return DevToolsSession(connection: self.devTools, sessionId: sessionId, targetId: targetId)
    }

    /// Every target the browser has (`Target.getTargets`): pages, service workers, …
    public func targets() async throws -> [JSONValue] {
        try await self.devTools.send("Target.getTargets")["targetInfos"]?.arrayValue ?? []
    }

    /// Waits for the service worker of extension `id` and attaches to it.
    /// - Parameter replacing: a worker target that no longer counts (one before a reload).
    /// - Throws: when the extension has no service worker within `timeout` (it did not load).
    public func extensionServiceWorker(id: String, replacing old: String? = nil, timeout: Duration = .seconds(30)) async throws -> DevToolsSession {
        let prefix = "chrome-extension://\(id)/"
        var ready: DevToolsSession?
        do {
            try await eventually("the service worker of \(id)", timeout: timeout, pollInterval: .milliseconds(50)) {
                let worker = try await self.targets().first {
                    $0["type"]?.stringValue == "service_worker" && $0["url"]?.stringValue?.hasPrefix(prefix) == true
                        && $0["targetId"]?.stringValue != old
                }
                guard let targetId = worker?["targetId"]?.stringValue else { return false }
                // Listed as soon as it starts: wait until its script has run with the extension APIs.
                let session = try await self.attach(targetId)
                guard try await session.waitUntil("typeof chrome === 'object' && typeof chrome.runtime?.id === 'string'", timeout: timeout)
                else { return false }
                ready = session
                return true
            }
        } catch is EventuallyTimedOut {}
        if let ready { return ready }
        let seen = try await self.targets().map { "\($0["type"]?.stringValue ?? "?") \($0["url"]?.stringValue ?? "?")" }
        throw DevToolsConnection.Failure(description: "no service worker of \(id) within \(timeout); targets: \(seen)\n\(self.logTail())")
    }

    // MARK: - stopping

    /// Kills Chromium and every process it started, closes DevTools and deletes the profile.
    /// Idempotent.
    public func close() async {
        self.browser.kill()
        await self.devTools.close()
        self.browser.remove()
    }

    /// Kills Chromium's process tree (SIGKILL) without waiting for DevTools (for `defer`);
    /// ``close()`` afterwards still cleans up.
    public func kill() { self.browser.kill() }
}
