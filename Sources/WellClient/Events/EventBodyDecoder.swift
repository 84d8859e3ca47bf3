import WellProtocol

/// Decodes a `MESSAGE` body straight into a typed ``WellEvent``: one pass over the bytes, each
/// top-level member written into its ``WireEvent`` field, the server plumbing (`params`,
/// `_type`, `topics`) skipped without building values, no intermediate ``JSONValue`` tree and no
/// key-path walk over every documented field.
///
/// It yields exactly what `WellEvent(json: FastJSONParser.parse(body))` yields: the first of
/// duplicate members wins, a documented member of an unexpected JSON type goes to
/// ``WireEvent/extra``, nested values (`userData`, …) are parsed by the same parser. It returns
/// `nil` whenever it is not sure (not an object, malformed JSON, no `eventName`, an event name
/// the client has no type for); the caller then takes the general path, which also produces the
/// exact error.
enum EventBodyDecoder {
    /// The typed event, or `nil` to use the general path.
    static func decode(_ body: some Collection<UInt8>) -> WellEvent? {
        if let event = body.withContiguousStorageIfAvailable({ Self.decode(buffer: $0) }) { return event }
        return Array(body).withUnsafeBufferPointer { Self.decode(buffer: $0) }
    }

    static func decode(buffer: UnsafeBufferPointer<UInt8>) -> WellEvent? {
        var parser = FastJSONParser.Parser(buffer: buffer)
        // Parsed in place into the box the event's header keeps (the wire event is never copied).
        let box = WireEventBox(WireEvent())
        guard (try? Self.wireEvent(&parser, into: &box.wire)) != nil, let name = box.wire.eventName?.rawValue, !name.isEmpty else {
            return nil
        }
        return WellEvent.typed(name: name, box: box)
    }

    // MARK: - the top-level object

    private static func wireEvent(_ parser: inout FastJSONParser.Parser, into wire: inout WireEvent) throws {
        let buffer = parser.buffer
        parser.skipWhitespace()
        guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "{") else { throw parser.error("not an object") }
        parser.index += 1
        var seen = FieldSet()
        var strings = StringReuse()
        parser.skipWhitespace()
        if parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "}") {
            parser.index += 1
            try Self.finish(&parser)
            return
        }
        while true {
            parser.skipWhitespace()
            guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: "\"") else { throw parser.error("expected a member name") }
            let key = try parser.scanKey()
            parser.skipWhitespace()
            guard parser.index < buffer.count, buffer[parser.index] == UInt8(ascii: ":") else { throw parser.error("expected ':'") }
            parser.index += 1
            parser.skipWhitespace()
            try Self.member(key, &parser, into: &wire, seen: &seen, strings: &strings)
            parser.skipWhitespace()
            guard parser.index < buffer.count else { throw parser.error("unexpected end") }
            let byte = buffer[parser.index]
            parser.index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { break }
            throw parser.error("expected ',' or '}'")
        }
        try Self.finish(&parser)
    }

    private static func finish(_ parser: inout FastJSONParser.Parser) throws {
        parser.skipWhitespace()
        guard parser.index == parser.buffer.count else { throw parser.error("trailing characters") }
    }

    /// One member: its value goes to its field, to `extra`, or nowhere (plumbing, repeats).
    private static func member(
        _ key: FastJSONParser.Parser.Key, _ parser: inout FastJSONParser.Parser, into wire: inout WireEvent,
        seen: inout FieldSet, strings: inout StringReuse
    ) throws {
        let field = key.field
        if let field, field.isPlumbing {
            try parser.skipValue(depth: 1)
            return
        }
        if let field {
            guard seen.insert(field) else {
                try parser.skipValue(depth: 1)
                return
            }
            switch field.kind {
            case .string(let path):
                if parser.peek == UInt8(ascii: "\"") {
                    path.set(try strings.string(&parser), in: &wire)
                    return
                }
            case .eventName:
                if parser.peek == UInt8(ascii: "\"") {
                    wire.eventName = EventName(rawValue: try strings.string(&parser))
                    return
                }
            case .value(let path):
                path.set(try parser.parseValue(depth: 1), in: &wire)
                return
            case .integer(let path):
                // Whatever the general parser reads as a number (it is lenient about `+`).
                let value = try parser.parseValue(depth: 1)
                if case .number = value, let integer = value.intValue {
                    path.set(integer, in: &wire)
                } else {
                    wire.extra[key.name(parser.buffer)] = value
                }
                return
            case .boolean:
                if parser.peek == UInt8(ascii: "t") || parser.peek == UInt8(ascii: "f") {
                    let value = try parser.parseValue(depth: 1)
                    if case .bool(let flag) = value {
                        wire.isSuccess = flag
                        return
                    }
                    wire.extra["isSuccess"] = value
                    return
                }
            case .plumbing:
                break
            }
            // A documented member of an unexpected type: kept as it is.
            wire.extra[key.name(parser.buffer)] = try parser.parseValue(depth: 1)
            return
        }
        let name = key.name(parser.buffer)
        if wire.extra[name] != nil {
            try parser.skipValue(depth: 1)
        } else {
            wire.extra[name] = try parser.parseValue(depth: 1)
        }
    }
}

// MARK: - fields

/// A documented top-level member and where its value goes.
struct EventField: Sendable {
    enum Kind: Sendable {
        case eventName
        case string(StringField)
        case value(ValueField)
        case integer(IntegerField)
        case boolean
        case plumbing
    }

    let bit: Int
    let kind: Kind

    var isPlumbing: Bool {
        if case .plumbing = self.kind { return true }
        return false
    }

    /// Every documented member by JSON name (`params`, `_type`, `topics` are plumbing: stripped).
    static let table: [String: EventField] = {
        var entries: [(String, Kind)] = [("eventName", .eventName)]
        entries += StringField.allCases.map { ($0.name, .string($0)) }
        entries += [
            ("devices", .value(.devices)), ("userData", .value(.userData)), ("originCallInfo", .value(.originCallInfo)),
            ("serial", .integer(.serial)), ("failedCode", .integer(.failedCode)), ("isSuccess", .boolean),
            ("params", .plumbing), ("_type", .plumbing), ("topics", .plumbing),
        ]
        var table: [String: EventField] = [:]
        for (bit, (name, kind)) in entries.enumerated() { table[name] = EventField(bit: bit, kind: kind) }
        return table
    }()
}

/// The string-typed documented members (a switch writes them: no key paths at run time).
enum StringField: CaseIterable, Sendable {
    case eventType
    case eventTime
    case eventSrc
    case namespace
    case srcDeviceId
    case deviceId
    case agentId
    case agentMode
    case reason
    case queueId
    case agentStatus
    case callId
    case connectionId
    case localState
    case cause
    case callCause
    case callingDevice
    case calledDevice
    case alertingDevice
    case answeringDevice
    case releasingDevice
    case hangupDevice
    case holdingDevice
    case retrievingDevice
    case initiatedDevice
    case primaryOldCall
    case secondaryOldCall
    case newCall
    case transferringDevice
    case transferredToDevice
    case conferencingDevice
    case addedParty
    case split
    case callType
    case trunkGroup
    case trunkMember
    case lastRedirectionDevice
    case originalCallId
    case sipCallId
    case recordId
    case fileName
    case failedMsg

    /// The JSON name (the case name).
    var name: String { "\(self)" }

    func set(_ value: String, in wire: inout WireEvent) {
        switch self {
        case .eventType: wire.eventType = value
        case .eventTime: wire.eventTime = value
        case .eventSrc: wire.eventSrc = value
        case .namespace: wire.namespace = value
        case .srcDeviceId: wire.srcDeviceId = value
        case .deviceId: wire.deviceId = value
        case .agentId: wire.agentId = value
        case .agentMode: wire.agentMode = value
        case .reason: wire.reason = value
        case .queueId: wire.queueId = value
        case .agentStatus: wire.agentStatus = value
        case .callId: wire.callId = value
        case .connectionId: wire.connectionId = value
        case .localState: wire.localState = value
        case .cause: wire.cause = value
        case .callCause: wire.callCause = value
        case .callingDevice: wire.callingDevice = value
        case .calledDevice: wire.calledDevice = value
        case .alertingDevice: wire.alertingDevice = value
        case .answeringDevice: wire.answeringDevice = value
        case .releasingDevice: wire.releasingDevice = value
        case .hangupDevice: wire.hangupDevice = value
        case .holdingDevice: wire.holdingDevice = value
        case .retrievingDevice: wire.retrievingDevice = value
        case .initiatedDevice: wire.initiatedDevice = value
        case .primaryOldCall: wire.primaryOldCall = value
        case .secondaryOldCall: wire.secondaryOldCall = value
        case .newCall: wire.newCall = value
        case .transferringDevice: wire.transferringDevice = value
        case .transferredToDevice: wire.transferredToDevice = value
        case .conferencingDevice: wire.conferencingDevice = value
        case .addedParty: wire.addedParty = value
        case .split: wire.split = value
        case .callType: wire.callType = value
        case .trunkGroup: wire.trunkGroup = value
        case .trunkMember: wire.trunkMember = value
        case .lastRedirectionDevice: wire.lastRedirectionDevice = value
        case .originalCallId: wire.originalCallId = value
        case .sipCallId: wire.sipCallId = value
        case .recordId: wire.recordId = value
        case .fileName: wire.fileName = value
        case .failedMsg: wire.failedMsg = value
        }
    }
}

/// The object-or-any-typed documented members.
enum ValueField: Sendable {
    case devices, userData, originCallInfo

    func set(_ value: JSONValue, in wire: inout WireEvent) {
        switch self {
        case .devices: wire.devices = value
        case .userData: wire.userData = value
        case .originCallInfo: wire.originCallInfo = value
        }
    }
}

/// The integer-typed documented members.
enum IntegerField: Sendable {
    case serial, failedCode

    func set(_ value: Int, in wire: inout WireEvent) {
        switch self {
        case .serial: wire.serial = value
        case .failedCode: wire.failedCode = value
        }
    }
}

/// Which documented members were seen (the first of duplicates wins).
struct FieldSet {
    private var bits: UInt64 = 0

    /// Records `field`; `false` when it was seen before.
    mutating func insert(_ field: EventField) -> Bool {
        let mask: UInt64 = 1 << UInt64(field.bit)
        defer { self.bits |= mask }
        return self.bits & mask == 0
    }
}

/// Reuses the `String` of an identical earlier value in the same event (device ids repeat in
/// `srcDeviceId`, `deviceId`, `eventSrc`, `callingDevice`, …): one allocation instead of several.
/// Remembers the first four long values in place (no array to allocate per event).
struct StringReuse {
    private struct Made {
        let start: Int
        let count: Int
        let string: String
    }

    private var made0: Made?
    private var made1: Made?
    private var made2: Made?
    private var made3: Made?
    private var count = 0

    mutating func string(_ parser: inout FastJSONParser.Parser) throws -> String {
        let buffer = parser.buffer
        guard let plain = try parser.scanPlainString() else { return try parser.parseString() }
        let range = plain.range
        let bytes = UnsafeBufferPointer(rebasing: buffer[range])
        guard bytes.count > 15 else { // shorter strings are stored inline: nothing to save
            return try Self.make(bytes, ascii: plain.isASCII, parser)
        }
        for index in 0..<self.count {
            guard let entry = self.entry(index), entry.count == bytes.count else { continue }
            if UnsafeBufferPointer(rebasing: buffer[entry.start..<entry.start + entry.count]).elementsEqual(bytes) {
                return entry.string
            }
        }
        let text = try Self.make(bytes, ascii: plain.isASCII, parser)
        let entry = Made(start: range.lowerBound, count: bytes.count, string: text)
        switch self.count {
        case 0: self.made0 = entry
        case 1: self.made1 = entry
        case 2: self.made2 = entry
        case 3: self.made3 = entry
        default: return text
        }
        self.count += 1
        return text
    }

    private func entry(_ index: Int) -> Made? {
        switch index {
        case 0: self.made0
        case 1: self.made1
        case 2: self.made2
        default: self.made3
        }
    }

    private static func make(_ bytes: UnsafeBufferPointer<UInt8>, ascii: Bool, _ parser: FastJSONParser.Parser) throws -> String {
        if ascii { return String(decoding: bytes, as: UTF8.self) }
        guard let text = String(validating: bytes, as: UTF8.self) else { throw parser.error("invalid UTF-8") }
        return text
    }
}

// MARK: - parser additions

extension FastJSONParser.Parser {
    /// A member name: its raw byte range when it has no escapes, else its decoded text.
    struct Key {
        let range: Range<Int>?
        let text: String?
        let field: EventField?

        /// The name as a `String`.
        func name(_ buffer: UnsafeBufferPointer<UInt8>) -> String {
            if let text { return text }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[self.range!]), as: UTF8.self)
        }
    }

    /// The next byte, if any.
    var peek: UInt8? { self.index < self.buffer.count ? self.buffer[self.index] : nil }

    /// Scans a member name (at its opening quote).
    mutating func scanKey() throws -> Key {
        let start = self.index
        if let plain = try self.scanPlainString() {
            if !plain.isASCII {
                self.index = start
                let text = try self.parseString()
                return Key(range: nil, text: text, field: EventField.table[text])
            }
            let bytes = UnsafeBufferPointer(rebasing: self.buffer[plain.range])
            return Key(range: plain.range, text: nil, field: EventFieldIndex.shared.lookup(bytes))
        }
        let text = try self.parseString()
        return Key(range: nil, text: text, field: EventField.table[text])
    }

    /// A string without escapes: where its bytes are and whether they are all ASCII.
    struct PlainString {
        let range: Range<Int>
        let isASCII: Bool
    }

    /// At an opening quote: when the string has no escape, moves past it and returns its bytes'
    /// range (control characters rejected; UTF-8 is the caller's to validate unless ASCII).
    /// With an escape, stays put and returns `nil`.
    ///
    /// Eight bytes at a time while none of them is a quote, a backslash or a control character.
    mutating func scanPlainString() throws -> PlainString? {
        let start = self.index + 1
        var index = start
        let count = self.buffer.count
        var high: UInt64 = 0
        if let base = self.buffer.baseAddress.map(UnsafeRawPointer.init) {
            let ones: UInt64 = 0x0101_0101_0101_0101
            let tops: UInt64 = 0x8080_8080_8080_8080
            while index + 8 <= count {
                let word = base.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let quote = word ^ (ones &* 0x22)
                let backslash = word ^ (ones &* 0x5C)
                // A byte's top bit is set here when it is 0x22, 0x5C or below 0x20; a borrow can
                // only flag bytes after a flagged one, so the lowest flag is exact.
                let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((word &- ones &* 0x20) & ~word)) & tops
                if special == 0 {
                    high |= word
                    index += 8
                    continue
                }
                let offset = special.trailingZeroBitCount / 8
                // The bytes before the special one (little-endian: the low ones).
                high |= offset == 0 ? 0 : word & (UInt64.max >> (64 - 8 * offset))
                index += offset
                break
            }
        }
        var isASCII = high & 0x8080_8080_8080_8080 == 0
        while index < count {
            let byte = self.buffer[index]
            if byte == UInt8(ascii: "\"") {
                self.index = index + 1
                return PlainString(range: start..<index, isASCII: isASCII)
            }
            if byte == UInt8(ascii: "\\") { return nil }
            if byte < 0x20 {
                self.index = index
                throw self.error("control character in string")
            }
            if byte >= 0x80 { isASCII = false }
            index += 1
        }
        self.index = index
        throw self.error("unterminated string")
    }

    /// Validates and skips one value without building it.
    mutating func skipValue(depth: Int) throws {
        guard depth < FastJSONParser.maxDepth else { throw self.error("nesting too deep") }
        guard self.index < self.buffer.count else { throw self.error("unexpected end") }
        switch self.buffer[self.index] {
        case UInt8(ascii: "\""):
            if let plain = try self.scanPlainString() {
                if !plain.isASCII, String(validating: UnsafeBufferPointer(rebasing: self.buffer[plain.range]), as: UTF8.self) == nil {
                    throw self.error("invalid UTF-8")
                }
            } else {
                _ = try self.parseString()
            }
        case UInt8(ascii: "{"):
            self.index += 1
            self.skipWhitespace()
            if self.peek == UInt8(ascii: "}") {
                self.index += 1
                return
            }
            while true {
                self.skipWhitespace()
                guard self.peek == UInt8(ascii: "\"") else { throw self.error("expected a member name") }
                try self.skipValue(depth: depth + 1) // the name: a string
                self.skipWhitespace()
                guard self.peek == UInt8(ascii: ":") else { throw self.error("expected ':'") }
                self.index += 1
                self.skipWhitespace()
                try self.skipValue(depth: depth + 1)
                self.skipWhitespace()
                guard let byte = self.peek else { throw self.error("unexpected end") }
                self.index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "}") { return }
                throw self.error("expected ',' or '}'")
            }
        case UInt8(ascii: "["):
            self.index += 1
            self.skipWhitespace()
            if self.peek == UInt8(ascii: "]") {
                self.index += 1
                return
            }
            while true {
                self.skipWhitespace()
                try self.skipValue(depth: depth + 1)
                self.skipWhitespace()
                guard let byte = self.peek else { throw self.error("unexpected end") }
                self.index += 1
                if byte == UInt8(ascii: ",") { continue }
                if byte == UInt8(ascii: "]") { return }
                throw self.error("expected ',' or ']'")
            }
        case UInt8(ascii: "t"): try self.expect("true")
        case UInt8(ascii: "f"): try self.expect("false")
        case UInt8(ascii: "n"): try self.expect("null")
        default: _ = try self.parseNumber()
        }
    }
}
