import ArgumentParser
import WellDesktopSupport
import WellCommandLine

/// `wellclient uninstall`: undoes `wellclient install` for this user.
struct UninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "uninstall",
        abstract: "Remove the files `wellclient install` wrote and restore the previous tel:/callto: handlers.",
        discussion: "Only what install recorded is touched; the config file is kept."
    )

    func run() async throws {
        let installer = try DesktopInstaller(environment: ProcessEnvironment.current, executablePath: DesktopInstaller.currentExecutablePath())
        let report = try await installer.uninstall()
        ReportPrinter.print(report, unchanged: "nothing was removed.")
    }
}
