import WellProtocol

/// Fields every pushed event carries (docs/protocol.md §8.1), plus the whole wire event.
public struct EventHeader: Sendable, Equatable {
    /// `eventName`.
    public var name: String
    /// The event as received, with `params`, `_type` and `topics` removed.
    public var wire: WireEvent {
        get { self.storage.wire }
        _modify {
            if !isKnownUniquelyReferenced(&self.storage) { self.storage = WireEventBox(self.storage.wire) }
            yield &self.storage.wire
        }
    }

    /// The wire event lives in one shared, copy-on-write box: events are copied into every
    /// subscriber's buffer and through the call model, and a `WireEvent` has ~50 fields.
    private var storage: WireEventBox

    /// A header whose wire event is `box`'s (which the caller hands over: it is not copied).
    init(name: String, box: WireEventBox) {
        self.name = name
        self.storage = box
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

/// The box holding an ``EventHeader``'s wire event. The body decoder parses straight into a new
/// box's `wire`; afterwards it is changed only through ``EventHeader/wire``'s `_modify`, which
/// first makes the box unique.
final class WireEventBox: @unchecked Sendable {
    var wire: WireEvent
    init(_ wire: consuming WireEvent) { self.wire = wire }
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

    init(_ box: WireEventBox) {
        self.callId = box.wire.callId ?? ""
        self.connectionId = box.wire.connectionId
        self.localState = box.wire.localState
        self.cause = box.wire.cause
    }
}
