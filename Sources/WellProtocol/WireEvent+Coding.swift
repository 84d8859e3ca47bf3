#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension WireEvent {
    /// The JSON names of the string-typed members and where they live.
    static var stringFields: [(String, WritableKeyPath<WireEvent, String?>)] {
        [
            ("eventType", \.eventType), ("eventTime", \.eventTime), ("eventSrc", \.eventSrc),
            ("namespace", \.namespace), ("srcDeviceId", \.srcDeviceId), ("deviceId", \.deviceId),
            ("agentId", \.agentId), ("agentMode", \.agentMode), ("reason", \.reason), ("queueId", \.queueId),
            ("agentStatus", \.agentStatus), ("callId", \.callId), ("connectionId", \.connectionId),
            ("localState", \.localState), ("cause", \.cause), ("callCause", \.callCause),
            ("callingDevice", \.callingDevice), ("calledDevice", \.calledDevice),
            ("alertingDevice", \.alertingDevice), ("answeringDevice", \.answeringDevice),
            ("releasingDevice", \.releasingDevice), ("hangupDevice", \.hangupDevice),
            ("holdingDevice", \.holdingDevice), ("retrievingDevice", \.retrievingDevice),
            ("initiatedDevice", \.initiatedDevice), ("primaryOldCall", \.primaryOldCall),
            ("secondaryOldCall", \.secondaryOldCall), ("newCall", \.newCall),
            ("transferringDevice", \.transferringDevice), ("transferredToDevice", \.transferredToDevice),
            ("conferencingDevice", \.conferencingDevice), ("addedParty", \.addedParty), ("split", \.split),
            ("callType", \.callType), ("trunkGroup", \.trunkGroup), ("trunkMember", \.trunkMember),
            ("lastRedirectionDevice", \.lastRedirectionDevice), ("originalCallId", \.originalCallId),
            ("sipCallId", \.sipCallId), ("recordId", \.recordId), ("fileName", \.fileName),
            ("failedMsg", \.failedMsg), ("_type", \.typeName),
        ]
    }

    /// The JSON names of the object-or-any-typed members.
    static var valueFields: [(String, WritableKeyPath<WireEvent, JSONValue?>)] {
        [("devices", \.devices), ("userData", \.userData), ("originCallInfo", \.originCallInfo), ("params", \.params)]
    }

    /// Builds an event from a decoded JSON object (lenient, lossless).
    public init(json object: [String: JSONValue]) {
        self.init()
        var rest = object
        if case .string(let name)? = rest["eventName"] {
            self.eventName = EventName(rawValue: name)
            rest["eventName"] = nil
        }
        for (key, path) in Self.stringFields {
            if case .string(let value)? = rest[key] {
                self[keyPath: path] = value
                rest[key] = nil
            }
        }
        for (key, path) in Self.valueFields {
            if let value = rest[key] {
                self[keyPath: path] = value
                rest[key] = nil
            }
        }
        if case .number? = rest["serial"], let serial = rest["serial"]?.intValue {
            self.serial = serial
            rest["serial"] = nil
        }
        if case .number? = rest["failedCode"], let code = rest["failedCode"]?.intValue {
            self.failedCode = code
            rest["failedCode"] = nil
        }
        if case .bool(let value)? = rest["isSuccess"] {
            self.isSuccess = value
            rest["isSuccess"] = nil
        }
        if case .array(let elements)? = rest["topics"], elements.allSatisfy({ $0.stringValue != nil }) {
            self.topics = elements.compactMap(\.stringValue)
            rest["topics"] = nil
        }
        self.extra = rest
    }

    /// The event as one JSON object (documented members win over ``extra`` entries of the same name).
    public var json: [String: JSONValue] {
        var object = self.extra
        if let name = self.eventName { object["eventName"] = .string(name.rawValue) }
        for (key, path) in Self.stringFields {
            if let value = self[keyPath: path] { object[key] = .string(value) }
        }
        for (key, path) in Self.valueFields {
            if let value = self[keyPath: path] { object[key] = value }
        }
        if let serial = self.serial { object["serial"] = .number(Double(serial)) }
        if let code = self.failedCode { object["failedCode"] = .number(Double(code)) }
        if let value = self.isSuccess { object["isSuccess"] = .bool(value) }
        if let topics = self.topics { object["topics"] = .array(topics.map(JSONValue.string)) }
        return object
    }

    /// Decodes one event from a JSON document.
    ///
    /// - Throws: `DecodingError` when the document is not a JSON object.
    public static func decode(_ data: Data) throws -> WireEvent {
        try JSONDecoder().decode(WireEvent.self, from: data)
    }

    /// Encodes the event as a JSON document with sorted keys.
    public func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }

    /// The event with the server plumbing (`params`, `_type`, `topics`) removed, as clients do (docs/protocol.md §8.3).
    public var strippingPlumbing: WireEvent {
        var copy = self
        copy.params = nil
        copy.typeName = nil
        copy.topics = nil
        return copy
    }
}

extension WireEvent: Codable {
    /// Decodes a JSON object; see ``init(json:)``.
    public init(from decoder: any Decoder) throws {
        let object = try decoder.singleValueContainer().decode([String: JSONValue].self)
        self.init(json: object)
    }

    /// Encodes ``json``.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(self.json)
    }
}
