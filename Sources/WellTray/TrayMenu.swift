/// One item of the panel item's menu, as `com.canonical.dbusmenu` serves it.
public struct TrayMenuItem: Sendable, Equatable {
    /// How the item toggles.
    public enum Toggle: Sendable, Equatable {
        case none
        /// A radio item, selected or not.
        case radio(selected: Bool)
    }

    /// The item's id on the bus; stable for the same item across updates (0 is the root).
    public var id: Int32
    /// The text (empty for a separator).
    public var label: String
    public var enabled: Bool
    public var isSeparator: Bool
    public var toggle: Toggle
    /// What a click does (nil: nothing, e.g. the header line or a submenu parent).
    public var action: TrayAction?
    /// A submenu.
    public var children: [TrayMenuItem]

    public init(
        id: Int32, label: String, enabled: Bool = true, isSeparator: Bool = false, toggle: Toggle = .none,
        action: TrayAction? = nil, children: [TrayMenuItem] = []
    ) {
        self.id = id
        self.label = label
        self.enabled = enabled
        self.isSeparator = isSeparator
        self.toggle = toggle
        self.action = action
        self.children = children
    }

    /// A separator with `id`.
    public static func separator(_ id: Int32) -> TrayMenuItem {
        TrayMenuItem(id: id, label: "", isSeparator: true)
    }

    /// The `a{sv}` properties dbusmenu sends (defaults left out, as the protocol allows).
    public var properties: [String: DBusMenuProperty] {
        if isSeparator { return ["type": .string("separator")] }
        var properties: [String: DBusMenuProperty] = ["label": .string(label.replacing("_", with: "__"))]
        if !enabled { properties["enabled"] = .bool(false) }
        if case .radio(let selected) = toggle {
            properties["toggle-type"] = .string("radio")
            properties["toggle-state"] = .int32(selected ? 1 : 0)
        }
        if !children.isEmpty { properties["children-display"] = .string("submenu") }
        return properties
    }

    /// This item and every item below it, depth first.
    public var flattened: [TrayMenuItem] { [self] + children.flatMap(\.flattened) }

    /// The item with `id` in this tree.
    public func item(_ id: Int32) -> TrayMenuItem? { flattened.first { $0.id == id } }

    /// The ids of the tree's shape (ids and nesting), to tell a layout change from a property change.
    var shape: [[Int32]] { flattened.map { [$0.id] + $0.children.map(\.id) } }
}

/// One menu property value (the variants dbusmenu uses).
public enum DBusMenuProperty: Sendable, Equatable {
    case string(String)
    case bool(Bool)
    case int32(Int32)
}

/// A menu section another part of the agent adds (the extension point for "Recent calls",
/// "Open panel", …): a title (empty: no header) and items whose clicks come back as
/// ``TrayAction/section(id:key:)``.
public struct TrayMenuSection: Sendable, Equatable {
    /// One clickable line.
    public struct Item: Sendable, Equatable {
        /// Passed back in ``TrayAction/section(id:key:)``.
        public var key: String
        public var label: String
        public var enabled: Bool

        public init(key: String, label: String, enabled: Bool = true) {
            self.key = key
            self.label = label
            self.enabled = enabled
        }
    }

    /// Identifies the section (and its owner) in actions.
    public var id: String
    /// Shown as a submenu with this label when not empty; otherwise the items sit in the menu.
    public var title: String
    public var items: [Item]
    /// Where the section goes among the others: lower first, then by ``id``.
    public var order: Int

    public init(id: String, title: String, items: [Item], order: Int = 0) {
        self.id = id
        self.title = title
        self.items = items
        self.order = order
    }
}
