import Logging
import WellControl
import WellDesktopSupport
import WellTray

extension AgentService {
    /// The id of the tray's "Open panel" section.
    static let openPanelSectionId = "panel"

    /// Adds "Open panel" to the tray menu: it opens the panel as `wellclient panel` does.
    func addOpenPanelToTray() async {
        let section = TrayMenuSection(
            id: Self.openPanelSectionId, title: "", items: [TrayMenuSection.Item(key: "open", label: trayStrings.openPanel)], order: 20)
        await setTraySection(section) { [weak self] _ in await self?.openPanelWindow() }
    }

    /// Starts the panel if needed and opens its window through the private launch file (the
    /// token is on no command line); a failure is told in a notification.
    func openPanelWindow() async {
        let environment = options.environment
        do {
            let url = try await panelURL()
            let file = PanelLaunchFile(environment: environment)
            try file.write(url: url)
            let pid = try await PanelOpener.open(file: file.path, environment: environment)
            await AppScope.adopt(pid: pid, role: "panel", bus: bus, logger: logger)
            logger.info("opened the panel from the tray menu")
        } catch {
            logger.warning("tray menu Open panel failed: \(error)")
            await trayFailure(label: trayStrings.openPanel, message: "cannot open the panel: \(error)")
        }
    }
}
