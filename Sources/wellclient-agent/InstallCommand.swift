import ArgumentParser
import WellDesktopSupport
import WellCommandLine

#if canImport(Glibc)
    import Glibc
#endif

/// `wellclient install`: the per-user desktop integration (docs/desktop.md §8).
struct InstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Register wellclient as the tel:/callto: handler and autostart it, for this user.",
        discussion: """
            Writes the handler desktop file, the D-Bus service file, the systemd user unit, the XDG \
            autostart entry, the icon and the AppStream metadata under the XDG directories of this \
            user, makes wellclient the default handler for tel: and callto: (the previous default is \
            remembered for uninstall) and enables the unit when a systemd user manager runs. \
            Running it again changes only what differs.
            """
    )

    @Option(name: .long, help: ArgumentHelp("Point the files at DIR/bin/wellclient instead of this binary's own path.", valueName: "DIR"))
    var prefix: String?

    @Flag(inversion: .prefixedNo, help: "Start the agent with the desktop session (--no-autostart writes Hidden=true).")
    var autostart = true

    func run() async throws {
        let environment = ProcessEnvironment.current
        let executable: String
        if let prefix {
            let trimmed = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
            executable = trimmed + "/bin/wellclient"
            guard executable.hasPrefix("/") else { throw ValidationError("--prefix must be an absolute directory") }
        } else {
            executable = try DesktopInstaller.currentExecutablePath()
        }
        // The files run `wellclient agent`: the thin binary there becomes the full command line
        // beside it, so both must be in place.
        let full = String(executable.prefix(through: executable.lastIndex(of: "/") ?? executable.startIndex)) + DesktopFile.fullCommandLineName
        for path in [executable, full] where access(path, X_OK) != 0 {
            throw ValidationError("\(path) is not an executable file (wellclient and \(DesktopFile.fullCommandLineName) are installed side by side)")
        }
        let installer = try DesktopInstaller(environment: environment, executablePath: executable)
        let report = try await installer.install(autostart: self.autostart)
        ReportPrinter.print(report, unchanged: "wellclient is already installed for this user; nothing changed.")
    }
}

/// Prints an ``InstallReport`` for the install/uninstall commands.
enum ReportPrinter {
    static func print(_ report: InstallReport, unchanged: String) {
        if report.changes.isEmpty {
            Swift.print(unchanged)
        } else {
            for change in report.changes { Swift.print(change) }
        }
        for note in report.notes { Swift.print("note: \(note)") }
    }
}
