/// The panel item's looks, one row per state: the one table that maps what the agent is doing
/// to the icon, the attention icon, the `Status` and the colour of the built-in pixmap.
public enum TrayLook: String, Sendable, CaseIterable {
    /// Not configured, logging in, logged out, link down: grey.
    case offline
    case ready
    case notReady
    case afterCallWork
    /// A call rings here: `NeedsAttention` with the attention icon.
    case ringing
    case onCall
    case onHold

    /// One row of the table.
    public struct Row: Sendable, Equatable {
        /// `IconName`: an icon of ours in the hicolor theme (`desktop/icons/`).
        public var iconName: String
        /// `AttentionIconName` (empty: none).
        public var attentionIconName: String
        /// `Status`: `Active` or `NeedsAttention`. Never `Passive`: hosts hide passive items, and
        /// a logged-out or unconfigured agent is exactly when the menu ("Log in") is needed.
        public var status: String
        /// The disc colour of the built-in `IconPixmap`, `0xRRGGBB`.
        public var colour: UInt32
    }

    /// The row of this look.
    public var row: Row {
        switch self {
        case .offline: Row(iconName: "wellclient-offline", attentionIconName: "", status: "Active", colour: 0x8A8A8A)
        case .ready: Row(iconName: "wellclient-ready", attentionIconName: "", status: "Active", colour: 0x2E9E44)
        case .notReady: Row(iconName: "wellclient-not-ready", attentionIconName: "", status: "Active", colour: 0xD0342C)
        case .afterCallWork: Row(iconName: "wellclient-after-call", attentionIconName: "", status: "Active", colour: 0xE6A100)
        case .ringing: Row(iconName: "wellclient-ringing", attentionIconName: "wellclient-ringing-attention", status: "NeedsAttention", colour: 0x1E6FD9)
        case .onCall: Row(iconName: "wellclient-on-call", attentionIconName: "", status: "Active", colour: 0x1E6FD9)
        case .onHold: Row(iconName: "wellclient-on-hold", attentionIconName: "", status: "Active", colour: 0x7B4FC9)
        }
    }

    /// Every icon name the table uses (the installer ships each, with a `-symbolic` variant).
    public static var iconNames: [String] {
        allCases.flatMap { [$0.row.iconName, $0.row.attentionIconName] }.filter { !$0.isEmpty }
    }

    /// The look of `state`: a ringing call first, then the call we are on, then the mode.
    public init(_ state: TrayState) {
        guard state.session == .loggedIn else {
            self = .offline
            return
        }
        if state.ringing != nil {
            self = .ringing
        } else if let active = state.active {
            self = active.held ? .onHold : .onCall
        } else {
            switch state.mode {
            case .ready?: self = .ready
            case .afterCallWork?: self = .afterCallWork
            case .notReady?, .allocated?, .other?: self = .notReady
            case nil: self = .offline
            }
        }
    }
}
