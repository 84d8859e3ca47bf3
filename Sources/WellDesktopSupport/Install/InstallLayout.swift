/// Where the per-user install puts each file, from the XDG base directories of an environment.
public struct InstallLayout: Sendable, Equatable {
    /// `$HOME`.
    public var home: String
    /// `$XDG_DATA_HOME` or `$HOME/.local/share`.
    public var dataHome: String
    /// `$XDG_CONFIG_HOME` or `$HOME/.config`.
    public var configHome: String
    /// `$XDG_STATE_HOME` or `$HOME/.local/state`.
    public var stateHome: String

    /// Resolves the directories; relative XDG values are ignored, as the base-directory spec says.
    /// - Parameter environment: the environment to read (`HOME`, `XDG_DATA_HOME`, `XDG_CONFIG_HOME`, `XDG_STATE_HOME`).
    /// - Throws: ``InstallError`` when `HOME` is not an absolute path.
    public init(environment: [String: String]) throws(InstallError) {
        guard let home = environment["HOME"], home.hasPrefix("/") else {
            throw InstallError("HOME is not set to an absolute path; cannot find the per-user directories")
        }
        func base(_ name: String, _ fallback: String) -> String {
            if let value = environment[name], value.hasPrefix("/") { return Self.trimmedSlash(value) }
            return Self.trimmedSlash(home) + "/" + fallback
        }
        self.home = home
        self.dataHome = base("XDG_DATA_HOME", ".local/share")
        self.configHome = base("XDG_CONFIG_HOME", ".config")
        self.stateHome = base("XDG_STATE_HOME", ".local/state")
    }

    /// The directory a kind of file goes to.
    /// - Parameter kind: the kind.
    /// - Returns: an absolute directory path.
    public func directory(for kind: DesktopFile.Kind) -> String {
        switch kind {
        case .handler: self.dataHome + "/applications"
        case .dbusService: self.dataHome + "/dbus-1/services"
        case .systemdUnit: self.configHome + "/systemd/user"
        case .autostart: self.configHome + "/autostart"
        case .icon: self.dataHome + "/icons/hicolor/scalable/apps"
        case .statusIcon: self.dataHome + "/icons/hicolor/scalable/status"
        case .metainfo: self.dataHome + "/metainfo"
        // Chromium and Chrome keep their user data, and the user's host manifests in it, in the
        // config home; Firefox reads them from ~/.mozilla whatever XDG says.
        case .chromiumHost: self.configHome + "/chromium/NativeMessagingHosts"
        case .chromeHost: self.configHome + "/google-chrome/NativeMessagingHosts"
        case .firefoxHost: Self.trimmedSlash(self.home) + "/.mozilla/native-messaging-hosts"
        }
    }

    /// The absolute path of a file.
    /// - Parameter file: the file.
    /// - Returns: its path in this layout.
    public func path(of file: DesktopFile) -> String {
        self.directory(for: file.kind) + "/" + file.fileName
    }

    /// `$XDG_CONFIG_HOME/mimeapps.list`, where `xdg-mime default` writes.
    public var mimeappsList: String { self.configHome + "/mimeapps.list" }
    /// The install record: `$XDG_STATE_HOME/wellclient/install-state.toml`.
    public var stateFile: String { self.stateHome + "/wellclient/install-state.toml" }
    /// The symlink `systemctl --user enable` creates for the unit.
    public var unitWantsLink: String { self.configHome + "/systemd/user/graphical-session.target.wants/" + DesktopFile.unitName }

    private static func trimmedSlash(_ path: String) -> String {
        var path = path
        while path.count > 1, path.hasSuffix("/") { path.removeLast() }
        return path
    }
}
