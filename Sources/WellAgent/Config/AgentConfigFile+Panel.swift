import WellDesktopSupport
import WellPanel

extension ConfigReader {
    /// `[panel]`: `port`, 0–65535 (0 = a free port), and `hideButton`, an array of the seed's
    /// control ids (`setMode`, `number`, `make`, …), each at most once.
    func panel() throws(ConfigFileError) -> AgentConfigFile.Panel {
        let port = try self.integer("panel.port") ?? 0
        guard (0...65535).contains(port) else {
            throw self.invalid(at: "panel.port", "\(port) is not a port (0–65535; 0 = a free one)")
        }
        let path = "panel.hideButton"
        let names = try self.strings(path) ?? []
        var hidden: [PanelControl] = []
        for (offset, name) in names.enumerated() {
            guard let control = PanelControl(rawValue: name), PanelControl.hideable.contains(control) else {
                let known = PanelControl.hideable.map(\.rawValue).joined(separator: ", ")
                throw self.invalid(at: path, "item \(offset + 1), \(TOMLValue.quoted(name)), is not a control (\(known))")
            }
            if let first = hidden.firstIndex(of: control) {
                throw self.invalid(at: path, "item \(offset + 1) repeats item \(first + 1), \(TOMLValue.quoted(name))")
            }
            hidden.append(control)
        }
        return AgentConfigFile.Panel(port: port, hideButton: hidden)
    }
}

extension AgentConfigFile {
    /// What the panel is served with: `[panel]` and `agent.notReadyReasons`.
    public var panelConfiguration: PanelConfiguration {
        PanelConfiguration(port: panel.port, hidden: panel.hideButton, notReadyReasons: agent.notReadyReasons)
    }
}
