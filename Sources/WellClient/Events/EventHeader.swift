import WellProtocol

/// Fields every pushed event carries (protocol §7.1), plus the whole wire event.
public struct EventHeader: Sendable, Equatable {
    /// `eventName`.
    public var name: String
    /// The event as received, with `params`, `_type` and `topics` removed.
    public var wire: WireEvent {
        get { self.storage.wire }
        _modify {
            if !isKnownUniquelyReferenced(&self.storage) { self.storage = Storage(self.storage.wire) }
            yield &self.storage.wire
        }
    }

    /// The wire event lives in one shared, copy-on-write box: events are copied into every
    /// subscriber's buffer and through the call model, and a `WireEvent` has ~50 fields.
    private var storage: Storage

    private final class Storage: @unchecked Sendable {
        // Mutated only through `wire`'s `_modify`, after making the box unique.
        var wire: WireEvent
        init(_ wire: consuming WireEvent) { self.wire = wire }
    }

    init(name: String, wire: consuming WireEvent) {
        self.name = name
        self.storage = Storage(wire)
    }

    /// Equal names and equal wire events.
    public static func == (lhs: EventHeader, rhs: EventHeader) -> Bool {
        lhs.name == rhs.name && (lhs.storage === rhs.storage || lhs.storage.wire == rhs.storage.wire)
    }

    /// `serial` (strictly increasing per server run).
    public var serial: Int? { self.wire.serial }
    /// `eventTime` (`yyyy.MM.dd HH:mm:ss`, server local time).
    public var eventTime: String? { self.wire.eventTime }
    /// `namespace` (tenant domain).
    public var namespace: String? { self.wire.namespace }
    /// `srcDeviceId`: the subscribing device (our extension).
    public var srcDeviceId: String? { self.wire.srcDeviceId }
    /// `eventSrc`: the source device of a call event.
    public var eventSrc: String? { self.wire.eventSrc }
    /// `deviceId`: the device whose state changed.
    public var deviceId: String? { self.wire.deviceId }
    /// The event as JSON.
    public var json: JSONValue { .object(self.wire.json) }
}

/// Fields shared by call (`csta`) events.
public struct CallEventFields: Sendable, Equatable {
    /// `callId`.
    public var callId: String
    /// `connectionId` (`device|callId`).
    public var connectionId: String?
    /// `localState` after the event (`Connect`, `Alerting`, `Hold`, …).
    public var localState: String?
    /// `cause`.
    public var cause: String?

    init(_ wire: borrowing WireEvent) {
        self.callId = wire.callId ?? ""
        self.connectionId = wire.connectionId
        self.localState = wire.localState
        self.cause = wire.cause
    }
}
