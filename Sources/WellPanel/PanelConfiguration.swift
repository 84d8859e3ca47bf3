/// What the panel is served with: the `[panel]` table of the config file and the agent's
/// Not Ready reasons.
public struct PanelConfiguration: Sendable, Equatable {
    /// The loopback port (`[panel] port`); 0 lets the system pick a free one.
    public var port: Int
    /// The controls not shown (`[panel] hideButton`), as the seed's `hideButton`.
    public var hidden: [PanelControl]
    /// The reasons offered for Not Ready (`[agent] notReadyReasons`).
    public var notReadyReasons: [String]

    /// A configuration; the defaults are a free port, every control shown, no reasons.
    public init(port: Int = 0, hidden: [PanelControl] = [], notReadyReasons: [String] = []) {
        self.port = port
        self.hidden = hidden
        self.notReadyReasons = notReadyReasons
    }
}
