/// The browser extension allowed to use the host, and how a browser names its caller on the
/// host's command line.
///
/// Chromium starts the host with the caller's origin, `chrome-extension://<id>/`, as its first
/// argument; Firefox with the path of the host manifest and then the add-on id. Only the one
/// WellClient extension may call: its Chromium id follows from the fixed public key in its
/// manifest, its Firefox id is set in its manifest.
public enum BrowserCaller: Sendable, Equatable {
    /// A Chromium-based browser (Chromium, Google Chrome, …).
    case chromium
    /// Firefox.
    case firefox

    /// The name of the host (its manifests are `<name>.json`). Chromium accepts `[a-z0-9_.]` only.
    public static let hostName = "cc.wellcloud.wellclient"
    /// The Chromium extension id, fixed by the public key in the extension's manifest.
    public static let chromiumExtensionID = "fndaemachfncndgadldhjkdcnbkkfahi"
    /// The origin Chromium passes for the extension (and the manifests' `allowed_origins` entry).
    public static let chromiumOrigin = "chrome-extension://\(chromiumExtensionID)/"
    /// The Firefox add-on id (the manifests' `allowed_extensions` entry).
    public static let firefoxAddonID = "wellclient@wellcloud.cc"

    /// Identifies the caller from the host's arguments (without the program name).
    /// - Parameter arguments: what the browser passed.
    /// - Returns: the browser, or `nil` when the caller is not the WellClient extension.
    public static func identify(arguments: [String]) -> BrowserCaller? {
        guard let first = arguments.first else { return nil }
        if first == Self.chromiumOrigin { return .chromium }
        // Firefox: the manifest's path, then the add-on id.
        if arguments.count >= 2, !first.hasPrefix("chrome-extension:"), arguments[1] == Self.firefoxAddonID {
            return .firefox
        }
        return nil
    }
}
