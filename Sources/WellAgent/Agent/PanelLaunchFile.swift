import WellDesktopSupport
import WellControl

/// The private page that hands the panel's URL to a browser: a browser started with the URL
/// itself would show the token on its command line, which every local user can read
/// (`/proc/PID/cmdline`). This page lives beside ``BusAddressFile`` (`$XDG_RUNTIME_DIR/wellclient/`,
/// or `/tmp/wellclient-$UID/`), folder 0700 and file 0600, and forwards to the URL at once.
public struct PanelLaunchFile: Sendable, Equatable {
    /// The file's path.
    public let path: String

    /// The file for this environment and user.
    public init(environment: [String: String]) {
        let bus = BusAddressFile(environment: environment).path
        let folder = bus.lastIndex(of: "/").map { String(bus[..<$0]) } ?? "."
        path = folder + "/panel.html"
    }

    /// The page for `url`: a refresh to it, the URL escaped for an HTML attribute.
    public static func html(for url: String) -> String {
        var escaped = ""
        for character in url {
            switch character {
            case "&": escaped += "&amp;"
            case "\"": escaped += "&quot;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            default: escaped.append(character)
            }
        }
        return """
            <!DOCTYPE html>
            <html><head><meta charset="utf-8"><meta name="referrer" content="no-referrer">
            <meta http-equiv="refresh" content="0;url=\(escaped)"><title>WellClient</title></head><body></body></html>

            """
    }

    /// Writes the page for `url` (folder 0700, file 0600, replaced atomically).
    public func write(url: String) throws {
        do {
            try AtomicFile.write(Array(Self.html(for: url).utf8), to: path, mode: 0o600, directoryMode: 0o700)
        } catch {
            throw PanelLaunchFileError(description: error.message)
        }
    }
}

/// The launch file could not be written.
public struct PanelLaunchFileError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
