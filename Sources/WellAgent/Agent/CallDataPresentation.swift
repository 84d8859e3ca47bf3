import WellDesktopSupport
import WellProtocol
import WellDesktopSupport
import WellCommandLine

/// A call's user data for a person, as `key: value` lines: the one presentation of the ringing
/// and connected notifications and of `wellclient status`.
///
/// The platform puts its call data under `userData.data`; a flat `userData` object and the
/// `[{key, value}]` list form are read the same way. Object keys are sorted (a list keeps its
/// order), a nested object's keys are shown with dots (`customer.name`). The platform's own
/// bookkeeping is hidden: `originalCallId` always, `originalANI` when it is the caller's number
/// and `originalDNIS` when it is this extension or the called number, as the rest of the text
/// already says them. The values come from the server: control and format characters are shown
/// as `\u{…}` (a newline cannot fake another line), a long key or value and a long block are
/// cut with "…". Markup is escaped later, where a notification server needs it.
public enum CallDataPresentation {
    /// The longest key shown, in Unicode scalars (a longer one ends in "…").
    public static let maxKeyLength = 40
    /// The longest value shown, in Unicode scalars.
    public static let maxValueLength = 120
    /// The most `key: value` lines shown; more end in a last line "…".
    public static let maxLines = 8
    /// The longest block, in Unicode scalars with its line breaks (the "…" line included).
    public static let maxBlockLength = 640
    /// How deep nested objects are opened into dotted keys; deeper ones are shown as JSON.
    static let maxDepth = 4

    /// What the rest of the text already says about the call (device ids or bare numbers).
    public struct Context: Sendable, Equatable {
        /// The calling device (`originalANI` is hidden when it is this number).
        public var callingDevice: String?
        /// The called device (`originalDNIS` is hidden when it is this number).
        public var calledDevice: String?
        /// This agent's extension (`originalDNIS` is hidden when it is this number).
        public var ownDevice: String?

        /// A context.
        public init(callingDevice: String? = nil, calledDevice: String? = nil, ownDevice: String? = nil) {
            self.callingDevice = callingDevice
            self.calledDevice = calledDevice
            self.ownDevice = ownDevice
        }
    }

    /// The lines to show for `userData` (empty when there is nothing to show).
    public static func lines(_ userData: JSONValue?, context: Context = Context()) -> [String] {
        var entries: [(key: String, value: String)] = []
        // One entry more than can be shown tells that the block is cut.
        let wanted = maxLines + 1
        if let userData { collect(userData, context: context, wanted: wanted, into: &entries) }
        var lines: [String] = []
        var length = 0
        for entry in entries {
            let line = cut(entry.key, to: maxKeyLength) + ": " + cut(entry.value, to: maxValueLength)
            let added = line.unicodeScalars.count + (lines.isEmpty ? 0 : 1)
            // Room is kept for the "…" line (two scalars with its line break).
            guard lines.count < maxLines, length + added + 2 <= maxBlockLength else {
                lines.append("…")
                return lines
            }
            lines.append(line)
            length += added
        }
        return lines
    }

    // MARK: - reading the shapes

    /// The entries of the user data's container, in order, up to `wanted`.
    private static func collect(_ userData: JSONValue, context: Context, wanted: Int, into entries: inout [(key: String, value: String)]) {
        guard case .object(let object) = userData else {
            if case .array(let list) = userData { collectList(list, context: context, wanted: wanted, into: &entries) }
            return
        }
        // `{"data": {…}}` (or a list under `data`) is the platform's shape; any other keys beside
        // it are shown after its entries.
        if let data = object["data"], data.isContainer {
            collect(data, context: context, wanted: wanted, into: &entries)
            for key in object.keys.sorted() where key != "data" {
                guard entries.count < wanted else { return }
                add(key, object[key] ?? .null, depth: 1, context: context, wanted: wanted, into: &entries)
            }
            return
        }
        for key in object.keys.sorted() {
            guard entries.count < wanted else { return }
            add(key, object[key] ?? .null, depth: 1, context: context, wanted: wanted, into: &entries)
        }
    }

    /// The `[{key, value}]` form; an element without a string `key` is skipped.
    private static func collectList(_ list: [JSONValue], context: Context, wanted: Int, into entries: inout [(key: String, value: String)]) {
        for element in list {
            guard entries.count < wanted else { return }
            guard let key = element["key"]?.stringValue else { continue }
            add(key, element["value"] ?? .null, depth: 1, context: context, wanted: wanted, into: &entries)
        }
    }

    private static func add(
        _ key: String, _ value: JSONValue, depth: Int, context: Context, wanted: Int,
        into entries: inout [(key: String, value: String)]
    ) {
        if depth == 1, isBookkeeping(key, value, context: context) { return }
        if case .object(let object) = value, depth < maxDepth, !object.isEmpty {
            for child in object.keys.sorted() {
                guard entries.count < wanted else { return }
                add(key + "." + child, object[child] ?? .null, depth: depth + 1, context: context, wanted: wanted, into: &entries)
            }
            return
        }
        entries.append((key, text(value)))
    }

    /// The platform's own keys that repeat what the text says already.
    private static func isBookkeeping(_ key: String, _ value: JSONValue, context: Context) -> Bool {
        switch key {
        case "originalCallId":
            return true
        case "originalANI":
            return sameNumber(value, context.callingDevice)
        case "originalDNIS":
            return sameNumber(value, context.ownDevice) || sameNumber(value, context.calledDevice)
        default:
            return false
        }
    }

    private static func sameNumber(_ value: JSONValue, _ device: String?) -> Bool {
        guard let device, let shown = value.stringValue ?? value.intValue.map(String.init) else { return false }
        return number(shown) == number(device) && !number(device).isEmpty
    }

    /// `8001@demo.cc` → `8001`.
    private static func number(_ device: String) -> Substring {
        device.prefix { $0 != "@" }
    }

    /// A value as text: strings as they are, numbers and booleans as written, a list of plain
    /// values comma-separated, anything else as compact JSON.
    private static func text(_ value: JSONValue) -> String {
        switch value {
        case .string(let string): return string
        case .null: return ""
        case .array(let list) where list.allSatisfy({ !$0.isContainer }):
            return list.map(text).joined(separator: ", ")
        default:
            if let number = value.intValue { return String(number) }
            if let bool = value.boolValue { return bool ? "true" : "false" }
            return AgentJSON.string(value)
        }
    }

    /// `text` made printable and at most `limit` Unicode scalars long ("…" as the last one when cut).
    /// Only the head of a long text is looked at, so a huge value costs no more than a short one.
    static func cut(_ text: String, to limit: Int) -> String {
        let head = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit + 1)))
        let shown = TerminalText.printable(head)
        let scalars = shown.unicodeScalars
        guard scalars.count > limit || head.unicodeScalars.count > limit else { return shown }
        return String(String.UnicodeScalarView(scalars.prefix(limit - 1))) + "…"
    }
}

extension JSONValue {
    /// Whether this is an object or an array.
    fileprivate var isContainer: Bool {
        switch self {
        case .object, .array: true
        default: false
        }
    }
}
