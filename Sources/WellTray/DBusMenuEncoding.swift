import WellDBus

/// How the menu model goes on the wire (`com.canonical.dbusmenu`).
enum DBusMenuEncoding {
    static func value(_ property: DBusMenuProperty) -> DBusValue {
        switch property {
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .int32(let number): .int32(number)
        }
    }

    /// `a{sv}` of `properties`, keeping only `names` when it is not empty.
    static func properties(_ properties: [String: DBusMenuProperty], names: [String]) -> DBusValue {
        var kept: [String: DBusValue] = [:]
        for (name, property) in properties where names.isEmpty || names.contains(name) {
            kept[name] = value(property)
        }
        return .vardict(kept)
    }

    /// The root item (id 0) holding `items`.
    static func root(_ items: [TrayMenuItem]) -> TrayMenuItem {
        TrayMenuItem(id: 0, label: "", children: items)
    }

    /// Properties of an item, with the root's own (it only says it has a submenu).
    static func itemProperties(_ item: TrayMenuItem) -> [String: DBusMenuProperty] {
        item.id == 0 ? ["children-display": .string("submenu")] : item.properties
    }

    /// `(ia{sv}av)` of `item`, `depth` levels down (-1: all).
    static func layout(_ item: TrayMenuItem, depth: Int32, names: [String]) -> DBusValue {
        let children: [DBusValue] =
            depth == 0 ? [] : item.children.map { .variant(layout($0, depth: depth < 0 ? -1 : depth - 1, names: names)) }
        return .structure([
            .int32(item.id), properties(itemProperties(item), names: names), .array(elementSignature: "v", children),
        ])
    }

    /// `a(iiay)` of images.
    static func pixmaps(_ images: [TrayPixmap.Image]) -> DBusValue {
        .array(
            elementSignature: "(iiay)",
            images.map { image in
                .structure([
                    .int32(Int32(image.width)), .int32(Int32(image.height)),
                    .array(elementSignature: "y", image.argb.map(DBusValue.byte)),
                ])
            })
    }
}
