/// How the panel's window is opened, by `wellclient panel` and by the tray's "Open panel": a
/// Chromium-based browser's app window when one is installed, else `xdg-open`.
public enum PanelOpener {
    /// Chromium-based browsers, in order of preference (the names Debian and the vendors install).
    public static let chromiumBrowsers = [
        "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "brave-browser", "microsoft-edge", "vivaldi",
    ]

    /// Opens the launch file at `file` (its page forwards to the panel's URL, so the URL's token
    /// is on no command line). The opener runs detached: it is reaped when it ends, never killed.
    /// - Returns: the process id of the browser or opener started.
    /// - Throws: ``PanelOpenFailure`` when no opener is on `PATH`, or the spawn's error.
    @discardableResult
    public static func open(file: String, environment: [String: String]) async throws -> Int32 {
        let target = "file://" + file
        if let browser = chromiumBrowsers.lazy.compactMap({ ChildProcess.locate($0, environment: environment) }).first {
            return try await ChildProcess.detach(path: browser, arguments: ["--app=\(target)"], environment: environment)
        }
        guard let opener = ChildProcess.locate("xdg-open", environment: environment) else {
            throw PanelOpenFailure(description: "neither a Chromium-based browser nor xdg-open was found on PATH")
        }
        return try await ChildProcess.detach(path: opener, arguments: [target], environment: environment)
    }
}

/// The panel could not be opened.
public struct PanelOpenFailure: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}
