#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The per-user `wellclient install` / `uninstall` (docs/desktop.md §8): handler desktop file,
/// default handler for `tel:`/`callto:` (the previous one remembered and restored), D-Bus
/// service file, systemd user unit, XDG autostart entry, icon and AppStream metadata.
///
/// Everything it touches comes from the `environment` and `executablePath` given to the
/// initialiser, so a test can point it at a temporary home. Running ``install(autostart:)``
/// twice changes nothing the second time; ``uninstall()`` removes exactly what was written.
public struct DesktopInstaller: Sendable {
    /// Where the files go.
    public let layout: InstallLayout
    /// The absolute path of the `wellclient` binary the files will run.
    public let executablePath: String
    let tools: ExternalTool

    /// Creates an installer.
    /// - Parameters:
    ///   - environment: `HOME`, `XDG_*`, `PATH` (for the tools) and the session variables; the tools
    ///     get only a fixed list of these (see `ExternalTool.passedVariables`).
    ///   - executablePath: absolute path of the binary, usually ``currentExecutablePath()``.
    /// - Throws: ``InstallError`` for a relative `HOME` or a binary path that cannot be written
    ///   into `Exec=` lines safely.
    public init(environment: [String: String], executablePath: String) throws(InstallError) {
        self.layout = try InstallLayout(environment: environment)
        guard executablePath.hasPrefix("/") else { throw InstallError("the binary path '\(executablePath)' is not absolute") }
        let allowed = executablePath.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "/", ".", "_", "-", "+", ",", "@": true
            default: false
            }
        }
        guard allowed else {
            throw InstallError(
                "the binary path '\(executablePath)' has characters that Exec= lines cannot carry safely; "
                    + "install the binary under a plain path (letters, digits, / . _ - + , @) or use --prefix")
        }
        self.executablePath = executablePath
        self.tools = ExternalTool(environment: environment, layout: self.layout)
    }

    /// The absolute path of the `wellclient` the files run: the one in the folder of the running
    /// binary (`/proc/self/exe`, symlinks resolved). The running binary is the full command line,
    /// `wellclient-agent`, which the thin `wellclient` beside it became to run `install`.
    /// - Throws: ``InstallError`` when `/proc/self/exe` cannot be read.
    public static func currentExecutablePath() throws(InstallError) -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw InstallError("cannot read /proc/self/exe: \(AtomicFile.errnoText())") }
        let running = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return AtomicFile.parent(of: running) + "/" + DesktopFile.commandName
    }

    /// The browser extension's host, `wellclient-browser-host` next to the binary.
    public var hostExecutablePath: String {
        AtomicFile.parent(of: self.executablePath) + "/" + DesktopFile.hostExecutableName
    }

    /// Whether a systemd user manager can be reached (its private socket exists).
    public var userManagerReachable: Bool {
        guard let runtime = self.tools.environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") else { return false }
        return AtomicFile.exists(runtime + "/systemd/private")
    }

    /// The text install writes for a file.
    /// - Parameters:
    ///   - file: the file.
    ///   - autostart: whether autostart is on (off writes `Hidden=true` into the autostart entry).
    /// - Returns: the contents.
    public func contents(of file: DesktopFile, autostart: Bool) -> String {
        let text = file.contents(executablePath: self.executablePath)
        return file.kind == .autostart && !autostart ? DesktopFile.disablingAutostart(text) : text
    }

    // MARK: - shared helpers

    package func read(_ path: String) throws(InstallError) -> String? {
        do {
            return try AtomicFile.read(path).map { String(decoding: $0, as: UTF8.self) }
        } catch {
            throw InstallError(error.message)
        }
    }

    package func write(_ text: String, to path: String, mode: mode_t = 0o644, directoryMode: mode_t = 0o755) throws(InstallError) {
        do {
            try AtomicFile.write(Array(text.utf8), to: path, mode: mode, directoryMode: directoryMode)
        } catch {
            throw InstallError(error.message)
        }
    }

    package func remove(_ path: String) throws(InstallError) -> Bool {
        do {
            return try AtomicFile.remove(path)
        } catch {
            throw InstallError(error.message)
        }
    }

    func saveState(_ state: InstallState, previous: String?) throws(InstallError) -> Bool {
        let text = state.render()
        guard text != previous else { return false }
        try self.write(text, to: self.layout.stateFile, mode: 0o600, directoryMode: 0o700)
        return true
    }

    func mimeapps() throws(InstallError) -> MimeAppsList {
        MimeAppsList(text: try self.read(self.layout.mimeappsList))
    }

    func updateDesktopDatabase(_ report: inout InstallReport) async throws(InstallError) {
        guard self.tools.locate("update-desktop-database") != nil else {
            report.notes.append("update-desktop-database not found; the desktop file cache was not refreshed")
            return
        }
        _ = try await self.tools.check("update-desktop-database", ["-q", self.layout.directory(for: .handler)])
    }
}
