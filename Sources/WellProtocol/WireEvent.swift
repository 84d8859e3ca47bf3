/// One event as pushed on the wire (STOMP `MESSAGE` body), docs/protocol.md §8.1–§8.2.
///
/// Every documented field is an optional property with the exact JSON name; anything else
/// is kept in ``extra`` so that decoding and re-encoding loses nothing. Decoding is lenient:
/// a documented field with an unexpected JSON type is kept, unchanged, in ``extra``.
public struct WireEvent: Sendable, Hashable {
    // MARK: - common
    /// `eventName`, e.g. `delivered`.
    public var eventName: EventName?
    /// `eventType`: `agent` or `csta`.
    public var eventType: String?
    /// `eventTime`, `yyyy.MM.dd HH:mm:ss` local time (see ``EventTime``).
    public var eventTime: String?
    /// `serial`: strictly increasing sequence number.
    public var serial: Int?
    /// `eventSrc`: the source device.
    public var eventSrc: String?
    /// `namespace`: the tenant domain.
    public var namespace: String?
    /// `srcDeviceId`: the receiving (subscribed) device.
    public var srcDeviceId: String?
    /// `deviceId`: the device whose state changed.
    public var deviceId: String?
    /// `agentId`, e.g. `5001@demo.cc`.
    public var agentId: String?
    /// `agentMode`: Ready, NotReady, WorkNotReady, Logout, Allocated, Unknown.
    public var agentMode: String?
    /// `reason` of an agentNotReady.
    public var reason: String?
    /// `queueId`.
    public var queueId: String?
    /// `devices`, e.g. `{"Voice": "8001@demo.cc"}`.
    public var devices: JSONValue?
    /// `agentStatus` (rarely sent).
    public var agentStatus: String?

    // MARK: - call events
    /// `callId`.
    public var callId: String?
    /// `connectionId`: `device|callId`.
    public var connectionId: String?
    /// `localState`: Connect, Initiate, Alerting, Hold, None, Queued, Fail, Idle.
    public var localState: String?
    /// `cause`, e.g. `NORMAL_CLEARING`, `SINGLESTEPTRANSFER`.
    public var cause: String?
    /// `callCause`.
    public var callCause: String?
    /// `callingDevice`.
    public var callingDevice: String?
    /// `calledDevice`.
    public var calledDevice: String?
    /// `alertingDevice` (delivered).
    public var alertingDevice: String?
    /// `answeringDevice` (established).
    public var answeringDevice: String?
    /// `releasingDevice` (connectionCleared).
    public var releasingDevice: String?
    /// `hangupDevice`: who hung up first.
    public var hangupDevice: String?
    /// `holdingDevice` (held).
    public var holdingDevice: String?
    /// `retrievingDevice` (retrieved).
    public var retrievingDevice: String?
    /// `initiatedDevice` (serviceInitiated).
    public var initiatedDevice: String?
    /// `primaryOldCall` (transferred/conferenced; may be `"0"`).
    public var primaryOldCall: String?
    /// `secondaryOldCall` (transferred/conferenced).
    public var secondaryOldCall: String?
    /// `newCall` (transferred/conferenced).
    public var newCall: String?
    /// `transferringDevice` (may carry a doubled domain on real servers).
    public var transferringDevice: String?
    /// `transferredToDevice`.
    public var transferredToDevice: String?
    /// `conferencingDevice`.
    public var conferencingDevice: String?
    /// `addedParty`.
    public var addedParty: String?
    /// `split`: the queue, e.g. `7000@demo.cc`.
    public var split: String?
    /// `callType`: Inbound, Outbound, Internal, PreOccupied, …
    public var callType: String?
    /// `userData`, usually `{"data": {…}}`.
    public var userData: JSONValue?
    /// `trunkGroup`.
    public var trunkGroup: String?
    /// `trunkMember`.
    public var trunkMember: String?
    /// `lastRedirectionDevice`.
    public var lastRedirectionDevice: String?
    /// `originalCallId`.
    public var originalCallId: String?
    /// `originCallInfo` `{callId, callingDevice, calledDevice}`.
    public var originCallInfo: JSONValue?
    /// `sipCallId`.
    public var sipCallId: String?
    /// `recordId` (recordStarted/recordStopped).
    public var recordId: String?
    /// `fileName` (recordStarted).
    public var fileName: String?
    /// `isSuccess` (recordStarted/recordStopped).
    public var isSuccess: Bool?
    /// `failedCode` (failed).
    public var failedCode: Int?
    /// `failedMsg` (failed).
    public var failedMsg: String?

    // MARK: - server plumbing (clients strip these)
    /// `params` `{_amqpTopic, agent, subscriptionId}`.
    public var params: JSONValue?
    /// `_type`, e.g. `component.cti.event.DeliveredEvent`.
    public var typeName: String?
    /// `topics`.
    public var topics: [String]?

    /// Every member not listed above, and listed members whose JSON type was unexpected.
    public var extra: [String: JSONValue]

    /// An event with the given name and nothing else.
    ///
    /// Inlinable so that a client building an event in place (the body decoder) does not pay
    /// for a call that returns ~1 KB of nil fields to be copied.
    @inlinable
    public init(eventName: EventName? = nil, extra: [String: JSONValue] = [:]) {
        self.eventName = eventName
        self.extra = extra
    }
}
