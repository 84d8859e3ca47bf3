import Foundation
import Glibc
import Synchronization
import WellProtocol
import DesktopTestSupport

/// Debian's Firefox ESR, headless, driven over WebDriver BiDi (`--remote-debugging-port=0`;
/// the endpoint is read from its "WebDriver BiDi listening on ws://…" line): install a temporary
/// add-on from a folder, navigate, evaluate script, click with real input actions. With
/// `--remote-allow-system-access` it can also evaluate in the browser's own (chrome) scope, to
/// read what Firefox recorded about an add-on (its manifest warnings). Like ``ChromiumBrowser``
/// it runs in a fresh profile and ``close()`` kills its whole process tree.
public final class FirefoxBrowser: Sendable {
    /// Debian's launcher.
    public static let executable = "/usr/bin/firefox-esr"

    /// Whether Firefox ESR is installed here.
    public static var isInstalled: Bool { access(Self.executable, X_OK) == 0 }

    /// The BiDi connection (one session).
    public let bidi: DevToolsConnection
    private let browser: HeadlessBrowserProcess
    /// The temporary directory with the profile and the log (removed by ``close()``).
    public var directory: String { self.browser.directory }
    /// Firefox's standard output and error.
    public var logPath: String { self.browser.logPath }

    private init(bidi: DevToolsConnection, browser: HeadlessBrowserProcess) {
        self.bidi = bidi
        self.browser = browser
    }

    /// Starts Firefox and opens a BiDi session.
    /// - Parameters:
    ///   - environment: its complete environment (a temporary `HOME`: Firefox reads native-messaging
    ///     host manifests from `~/.mozilla/native-messaging-hosts`).
    ///   - addOnUUIDs: fixed internal UUIDs for add-on ids (`extensions.webextensions.uuids`), so the
    ///     test knows an add-on's `moz-extension://UUID/` pages.
    ///   - timeout: how long to wait for BiDi to listen.
    public static func launch(
        environment: [String: String], addOnUUIDs: [String: String] = [:], timeout: Duration = .seconds(60)
    ) async throws -> FirefoxBrowser {
        let directory = try HeadlessBrowserProcess.makeDirectory(name: "firefox")
        let profile = directory + "/profile"
        try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        let uuids = String(decoding: try JSONEncoder().encode(addOnUUIDs), as: UTF8.self)
        let quotedUUIDs = String(decoding: try JSONEncoder().encode(uuids), as: UTF8.self)
        let preferences = """
            user_pref("browser.shell.checkDefaultBrowser", false);
            user_pref("datareporting.policy.dataSubmissionEnabled", false);
            user_pref("app.update.enabled", false);
            user_pref("extensions.webextensions.uuids", \(quotedUUIDs));

            """
        try preferences.write(toFile: profile + "/user.js", atomically: true, encoding: .utf8)
        let (browser, endpoint) = try await HeadlessBrowserProcess.launch(
            name: "firefox", executable: Self.executable,
            // WSClient sends `Origin: ws://127.0.0.1`; the remote agent refuses origins not allowed here.
            arguments: [
                "--headless", "--no-remote", "--profile", profile, "--remote-debugging-port=0",
                "--remote-allow-origins=ws://127.0.0.1", "--remote-allow-system-access", "about:blank",
            ],
            environment: environment.merging(["MOZ_HEADLESS": "1"]) { $1 }, directory: directory, timeout: timeout
        ) { log in
            let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
            return text.firstMatch(of: /WebDriver BiDi listening on (ws:\/\/[^\s]+)/).map { String($0.1) }
        }
        do {
            let bidi = try await DevToolsConnection.open(endpoint + "/session")
            try await bidi.send("session.new", ["capabilities": [:]])
            return FirefoxBrowser(bidi: bidi, browser: browser)
        } catch {
            browser.remove()
            throw error
        }
    }

    /// The last `count` characters of Firefox's log.
    public func logTail(_ count: Int = 4000) -> String { self.browser.logTail(count) }

    // MARK: - add-ons and contexts

    /// Installs the unpacked add-on in `path` temporarily (`webExtension.install`); returns its id.
    public func installAddOn(path: String) async throws -> String {
        let result = try await self.bidi.send("webExtension.install", ["extensionData": ["type": "path", "path": .string(path)]])
        guard let id = result["extension"]?.stringValue else { throw DevToolsConnection.Failure(description: "no add-on id: \(result)") }
        return id
    }

    /// A new tab's browsing context id.
    public func newTab() async throws -> String {
        let result = try await self.bidi.send("browsingContext.create", ["type": "tab"])
        guard let context = result["context"]?.stringValue else { throw DevToolsConnection.Failure(description: "no context: \(result)") }
        return context
    }

    /// The first browser window's chrome-scope context (needs `--remote-allow-system-access`).
    public func chromeContext() async throws -> String {
        let tree = try await self.bidi.send("browsingContext.getTree", ["moz:scope": "chrome"])
        guard let context = tree["contexts"]?.arrayValue?.first?["context"]?.stringValue else {
            throw DevToolsConnection.Failure(description: "no chrome context: \(tree)")
        }
        return context
    }

    /// Navigates `context` to `url` and waits for its load event.
    public func navigate(_ context: String, to url: String) async throws {
        try await self.bidi.send("browsingContext.navigate", ["context": .string(context), "url": .string(url), "wait": "complete"])
    }

    /// Evaluates `expression` in `context` (awaiting a promise) and returns its value as JSON: the
    /// value goes through `JSON.stringify` in the page, `.null` for `undefined`.
    /// - Throws: with the exception's text when the script throws.
    public func evaluate(_ context: String, _ expression: String) async throws -> JSONValue {
        let wrapped = "Promise.resolve((() => (\(expression)))()).then(v => v === undefined ? 'null' : JSON.stringify(v))"
        let result = try await self.bidi.send(
            "script.evaluate", ["expression": .string(wrapped), "target": ["context": .string(context)], "awaitPromise": true])
        if result["type"] == "exception" {
            throw DevToolsConnection.Failure(description: "script threw: \(result["exceptionDetails"]?["text"]?.stringValue ?? "\(result)")")
        }
        let text = result["result"]?["value"]?.stringValue ?? "null"
        return try JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }

    /// Evaluates `expression` every 50 ms until it yields `true` (or `timeout` passes).
    @discardableResult
    public func waitUntil(_ context: String, _ expression: String, timeout: Duration = .seconds(20)) async throws -> Bool {
        do {
            try await eventually("`\(expression)`", timeout: timeout, pollInterval: .milliseconds(50)) {
                try await self.evaluate(context, expression).boolValue == true
            }
            return true
        } catch is EventuallyTimedOut {
            return false
        }
    }

    /// Clicks the centre of the first element matching `selector` with real input actions
    /// (pointer move, left button down and up: trusted events).
    public func click(_ context: String, _ selector: String) async throws {
        let quoted = String(decoding: try JSONEncoder().encode(selector), as: UTF8.self)
        let box = try await self.evaluate(
            context,
            """
            (() => { const e = document.querySelector(\(quoted)); if (!e) return null; e.scrollIntoView({ block: "center" });
                     const r = e.getBoundingClientRect(); return { x: Math.round(r.left + r.width / 2), y: Math.round(r.top + r.height / 2) }; })()
            """)
        guard let x = box["x"]?.intValue, let y = box["y"]?.intValue else {
            throw DevToolsConnection.Failure(description: "no element matches \(selector)")
        }
        try await self.bidi.send(
            "input.performActions",
            [
                "context": .string(context),
                "actions": [
                    [
                        "type": "pointer", "id": "mouse",
                        "actions": [
                            ["type": "pointerMove", "x": .number(Double(x)), "y": .number(Double(y))],
                            ["type": "pointerDown", "button": 0], ["type": "pointerUp", "button": 0],
                        ],
                    ]
                ],
            ])
    }

    // MARK: - stopping

    /// Kills Firefox and every process it started, closes BiDi and deletes the profile. Idempotent.
    public func close() async {
        self.browser.kill()
        await self.bidi.close()
        self.browser.remove()
    }

    /// Kills Firefox's process tree without waiting (for `defer`).
    public func kill() { self.browser.kill() }
}
