/// One of the desktop integration files `wellclient install` writes.
public struct DesktopFile: Sendable, Equatable, CustomStringConvertible {
    /// Which kind of file, which decides the directory it goes to.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// `cc.wellcloud.WellClient.desktop` — the `tel:`/`callto:` handler (`applications/`).
        case handler
        /// `cc.wellcloud.WellClient.service` — D-Bus activation (`dbus-1/services/`).
        case dbusService
        /// `wellclient-agent.service` — the systemd user unit (`systemd/user/`).
        case systemdUnit
        /// `cc.wellcloud.WellClient-autostart.desktop` — XDG autostart (`autostart/`).
        case autostart
        /// `cc.wellcloud.WellClient.svg` — the icon (`icons/hicolor/scalable/apps/`).
        case icon
        /// `cc.wellcloud.WellClient.metainfo.xml` — AppStream metadata (`metainfo/`).
        case metainfo
        /// `cc.wellcloud.wellclient.json` — the browser extension's native-messaging host, for
        /// Chromium (`chromium/NativeMessagingHosts/` in the config home).
        case chromiumHost
        /// The same host manifest for Google Chrome (`google-chrome/NativeMessagingHosts/`).
        case chromeHost
        /// The host manifest for Firefox (`~/.mozilla/native-messaging-hosts/`).
        case firefoxHost
        /// The panel item's state icons and their `-symbolic` variants
        /// (`icons/hicolor/scalable/status/`), one file each.
        case statusIcon
    }

    /// The kind.
    public var kind: Kind
    /// The file name (no directory).
    public var fileName: String
    /// The template's file in the repository's `desktop/` folder (the same name, except for the
    /// host manifests, which one name serves in every browser's folder).
    public var source: String
    /// The template text, with `@BINDIR@/wellclient` where the binary's path goes (so
    /// `@BINDIR@/wellclient-browser-host` becomes the host's path next to it).
    public var template: String

    /// A file of `kind` named `fileName`, from the template `source` in `desktop/` holding `template`.
    init(kind: Kind, fileName: String, source: String? = nil, template: String) {
        self.kind = kind
        self.fileName = fileName
        self.source = source ?? fileName
        self.template = template
    }

    /// The key of this file in the install record: the kind, and for status icons the kind and
    /// the icon's name (there are several).
    public var stateKey: String {
        self.kind == .statusIcon ? "statusIcon-" + self.fileName.replacing(".svg", with: "") : self.kind.rawValue
    }

    /// The text to write for the binary at `executablePath`.
    /// - Parameter executablePath: absolute path of `wellclient`.
    /// - Returns: the file contents.
    public func contents(executablePath: String) -> String {
        self.template.replacing(Self.placeholder, with: executablePath)
    }

    /// The token replaced by the binary's absolute path.
    public static let placeholder = "@BINDIR@/wellclient"

    /// The desktop file id of the handler, as `xdg-mime` names it.
    public static let handlerID = "cc.wellcloud.WellClient.desktop"
    /// The systemd user unit name.
    public static let unitName = "wellclient-agent.service"
    /// The file name of every native-messaging host manifest: the host's name, which the
    /// extension passes to `sendNativeMessage`, plus `.json`.
    public static let hostManifestName = "cc.wellcloud.wellclient.json"
    /// The command the files run, `wellclient` (the thin binary; it becomes the full command line
    /// `fullCommandLineName` beside it for `agent` and the other heavy subcommands).
    public static let commandName = "wellclient"
    /// The full command line, installed next to `wellclient`.
    public static let fullCommandLineName = "wellclient-agent"
    /// The browser extension's host, installed next to `wellclient`.
    public static let hostExecutableName = "wellclient-browser-host"
    /// The URI schemes the handler takes.
    public static let schemeTypes = ["x-scheme-handler/tel", "x-scheme-handler/callto"]

    /// Every file, with the templates embedded in the binary (generated from `desktop/`).
    public static let all: [DesktopFile] =
        [
            DesktopFile(kind: .handler, fileName: Self.handlerID, template: DesktopTemplates.handlerDesktopEntry),
            DesktopFile(kind: .dbusService, fileName: "cc.wellcloud.WellClient.service", template: DesktopTemplates.dbusService),
            DesktopFile(kind: .systemdUnit, fileName: Self.unitName, template: DesktopTemplates.systemdUnit),
            DesktopFile(kind: .autostart, fileName: "cc.wellcloud.WellClient-autostart.desktop", template: DesktopTemplates.autostartDesktopEntry),
            DesktopFile(kind: .icon, fileName: "cc.wellcloud.WellClient.svg", template: DesktopTemplates.icon),
            DesktopFile(kind: .metainfo, fileName: "cc.wellcloud.WellClient.metainfo.xml", template: DesktopTemplates.metainfo),
            DesktopFile(
                kind: .chromiumHost, fileName: Self.hostManifestName, source: "cc.wellcloud.wellclient.chromium.json",
                template: DesktopTemplates.chromiumHostManifest),
            DesktopFile(
                kind: .chromeHost, fileName: Self.hostManifestName, source: "cc.wellcloud.wellclient.chromium.json",
                template: DesktopTemplates.chromiumHostManifest),
            DesktopFile(
                kind: .firefoxHost, fileName: Self.hostManifestName, source: "cc.wellcloud.wellclient.firefox.json",
                template: DesktopTemplates.firefoxHostManifest),
        ] + statusIcons

    /// The folder of `desktop/` holding the status icons.
    public static let statusIconFolder = "icons/hicolor/scalable/status"

    /// The panel item's icons, sorted by name.
    public static let statusIcons: [DesktopFile] = DesktopTemplates.statusIcons.sorted { $0.key < $1.key }.map { name, text in
        DesktopFile(kind: .statusIcon, fileName: name, source: statusIconFolder + "/" + name, template: text)
    }

    /// The file for one kind (the first status icon for ``Kind/statusIcon``).
    /// - Parameter kind: the kind.
    /// - Returns: its file.
    public static func file(_ kind: Kind) -> DesktopFile {
        Self.all.first { $0.kind == kind }!
    }

    /// The file name.
    public var description: String { self.fileName }
}

extension DesktopFile {
    /// The autostart entry switched off: `Hidden=true` (honoured by the spec and systemd's
    /// generator) and `X-GNOME-Autostart-enabled=false` (honoured by gnome-session).
    static func disablingAutostart(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        lines = lines.filter { !$0.hasPrefix("Hidden=") }.map { $0.hasPrefix("X-GNOME-Autostart-enabled=") ? "X-GNOME-Autostart-enabled=false" : $0 }
        lines.append("Hidden=true")
        return lines.joined(separator: "\n") + "\n"
    }
}
