/// One D-Bus value, as marshalled on the wire.
///
/// Containers carry the signatures they need so that empty arrays and dictionaries still
/// marshal with the right type (`.array(elementSignature: "s", [])` is `as`). Values are
/// checked by ``DBusValue/validate()`` before anything is handed to libdbus, so a malformed
/// value becomes an ``DBusError/invalidArgs`` error instead of a libdbus assertion.
public indirect enum DBusValue: Sendable, Hashable {
    case byte(UInt8)
    case bool(Bool)
    case int16(Int16)
    case uint16(UInt16)
    case int32(Int32)
    case uint32(UInt32)
    case int64(Int64)
    case uint64(UInt64)
    case double(Double)
    case string(String)
    case objectPath(String)
    case signature(String)
    /// An array whose elements all have `elementSignature` (a single complete type).
    case array(elementSignature: String, [DBusValue])
    /// A dictionary `a{kv}`; `keySignature` must be a basic type.
    case dictionary(keySignature: String, valueSignature: String, [DBusDictEntry])
    case variant(DBusValue)
    /// A struct `(…)`; must hold at least one field.
    case structure([DBusValue])

    /// The D-Bus type signature of this value (a single complete type).
    public var signature: String {
        switch self {
        case .byte: "y"
        case .bool: "b"
        case .int16: "n"
        case .uint16: "q"
        case .int32: "i"
        case .uint32: "u"
        case .int64: "x"
        case .uint64: "t"
        case .double: "d"
        case .string: "s"
        case .objectPath: "o"
        case .signature: "g"
        case .array(let element, _): "a" + element
        case .dictionary(let key, let value, _): "a{" + key + value + "}"
        case .variant: "v"
        case .structure(let fields): "(" + fields.map(\.signature).joined() + ")"
        }
    }
}

/// One entry of a ``DBusValue/dictionary(keySignature:valueSignature:_:)``.
public struct DBusDictEntry: Sendable, Hashable {
    public var key: DBusValue
    public var value: DBusValue

    public init(key: DBusValue, value: DBusValue) {
        self.key = key
        self.value = value
    }
}

extension DBusValue {
    /// The concatenated signature of an argument list.
    public static func signature(of values: [DBusValue]) -> String {
        values.map(\.signature).joined()
    }

    /// `as`: an array of strings.
    public static func stringArray(_ strings: [String]) -> DBusValue {
        .array(elementSignature: "s", strings.map(DBusValue.string))
    }

    /// `a{sv}`: a string-keyed dictionary of variants (entries sorted by key, so equal inputs
    /// marshal identically).
    public static func vardict(_ entries: [String: DBusValue]) -> DBusValue {
        .dictionary(
            keySignature: "s", valueSignature: "v",
            entries.sorted { $0.key < $1.key }.map { DBusDictEntry(key: .string($0.key), value: .variant($0.value)) }
        )
    }

    /// `a{ss}`: a string-to-string dictionary (sorted by key).
    public static func stringDictionary(_ entries: [String: String]) -> DBusValue {
        .dictionary(
            keySignature: "s", valueSignature: "s",
            entries.sorted { $0.key < $1.key }.map { DBusDictEntry(key: .string($0.key), value: .string($0.value)) }
        )
    }
}

// MARK: - Typed access

extension DBusValue {
    /// The payload of `.string`, `.objectPath` or `.signature`.
    public var string: String? {
        switch self {
        case .string(let s), .objectPath(let s), .signature(let s): s
        default: nil
        }
    }

    public var bool: Bool? { if case .bool(let v) = self { v } else { nil } }
    public var byte: UInt8? { if case .byte(let v) = self { v } else { nil } }
    public var int32: Int32? { if case .int32(let v) = self { v } else { nil } }
    public var uint32: UInt32? { if case .uint32(let v) = self { v } else { nil } }
    public var int64: Int64? { if case .int64(let v) = self { v } else { nil } }
    public var uint64: UInt64? { if case .uint64(let v) = self { v } else { nil } }
    public var double: Double? { if case .double(let v) = self { v } else { nil } }

    /// The content of a `.variant` (nil for any other case).
    public var variantValue: DBusValue? { if case .variant(let v) = self { v } else { nil } }

    /// The elements of an `.array`.
    public var arrayElements: [DBusValue]? {
        if case .array(_, let elements) = self { elements } else { nil }
    }

    /// An `as` as Swift strings (nil unless every element is a string).
    public var stringArray: [String]? {
        guard case .array(_, let elements) = self else { return nil }
        var out: [String] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard case .string(let s) = element else { return nil }
            out.append(s)
        }
        return out
    }

    /// A string-keyed dictionary as a Swift dictionary; variant values are unwrapped.
    /// Later duplicates win (D-Bus does not forbid repeated keys).
    public var stringKeyedDictionary: [String: DBusValue]? {
        guard case .dictionary(_, _, let entries) = self else { return nil }
        var out: [String: DBusValue] = [:]
        for entry in entries {
            guard case .string(let key) = entry.key else { return nil }
            out[key] = entry.value.variantValue ?? entry.value
        }
        return out
    }

    /// The fields of a `.structure`.
    public var structureFields: [DBusValue]? {
        if case .structure(let fields) = self { fields } else { nil }
    }
}
