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
        // The choice is made before the one suspension point: an async function that both throws
        // and awaits in two branches crashed the optimiser's coroutine split under
        // -sanitize=fuzzer,address (the fuzz build compiles this module).
        let command = try command(opening: "file://" + file, environment: environment)
        return try await ChildProcess.detach(path: command.path, arguments: command.arguments, environment: environment)
    }

    /// The program and arguments that open `target`: the first Chromium-based browser on `PATH` as
    /// an app window, else `xdg-open`.
    /// - Throws: ``PanelOpenFailure`` when neither is on `PATH`.
    public static func command(opening target: String, environment: [String: String]) throws(PanelOpenFailure) -> (
        path: String, arguments: [String]
    ) {
        for name in chromiumBrowsers {
            if let browser = ChildProcess.locate(name, environment: environment) { return (browser, ["--app=\(target)"]) }
        }
        guard let opener = ChildProcess.locate("xdg-open", environment: environment) else {
            throw PanelOpenFailure(description: "neither a Chromium-based browser nor xdg-open was found on PATH")
        }
        return (opener, [target])
    }
}

/// The panel could not be opened.
public struct PanelOpenFailure: Error, CustomStringConvertible {
    public let description: String

    public init(description: String) { self.description = description }
}
