import WellProtocol

/// An agent-state event: `agentLoggedOn`, `agentLoggedOff`, `agentReady`, `agentNotReady`,
/// `agentWorkingAfterCall`, `agentAllocated`.
public struct AgentStateEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// `agentId` (`5001@demo.cc`).
    public var agentId: String?
    /// `agentMode` (`Ready`, `NotReady`, `WorkNotReady`, `Logout`, `Allocated`, …).
    public var agentMode: String?
    /// `reason` (agentNotReady).
    public var reason: String?
    /// `queueId`.
    public var queueId: String?

    init(name: String, wire: consuming WireEvent) {
        self.agentId = wire.agentId
        self.agentMode = wire.agentMode
        self.reason = wire.reason ?? wire.extra["reason"]?.intValue.map(String.init)
        self.queueId = wire.queueId
        // Last: the wire event moves into the header's box (no copy of its ~50 fields).
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `serviceInitiated`: the originator went off-hook (makeCall only, always first).
public struct ServiceInitiatedEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `initiatedDevice` (falls back to `deviceId`).
    public var initiatedDevice: String

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.initiatedDevice = wire.initiatedDevice ?? wire.deviceId ?? ""
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `originated`: the originator dialled.
public struct OriginatedEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `callingDevice`.
    public var callingDevice: String
    /// `calledDevice`.
    public var calledDevice: String

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.callingDevice = wire.callingDevice ?? wire.deviceId ?? ""
        self.calledDevice = wire.calledDevice ?? ""
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `delivered`: a device rings.
public struct DeliveredEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `alertingDevice`: the ringing device.
    public var alertingDevice: String
    /// `callingDevice`.
    public var callingDevice: String
    /// `calledDevice`.
    public var calledDevice: String
    /// `split` (queue).
    public var split: String?
    /// `callType` (`Inbound`, `Outbound`, `Internal`, `PreOccupied`, …).
    public var callType: String?
    /// `userData`.
    public var userData: JSONValue?
    /// `lastRedirectionDevice`.
    public var lastRedirectionDevice: String?

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.alertingDevice = wire.alertingDevice ?? wire.deviceId ?? ""
        self.callingDevice = wire.callingDevice ?? ""
        self.calledDevice = wire.calledDevice ?? ""
        self.split = wire.split
        self.callType = wire.callType
        self.userData = wire.userData
        self.lastRedirectionDevice = wire.lastRedirectionDevice
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `established`: a device answered.
public struct EstablishedEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `answeringDevice`.
    public var answeringDevice: String
    /// `callingDevice`.
    public var callingDevice: String
    /// `calledDevice`.
    public var calledDevice: String
    /// `split` (queue).
    public var split: String?
    /// `userData`.
    public var userData: JSONValue?

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.answeringDevice = wire.answeringDevice ?? wire.deviceId ?? ""
        self.callingDevice = wire.callingDevice ?? ""
        self.calledDevice = wire.calledDevice ?? ""
        self.split = wire.split
        self.userData = wire.userData
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `connectionCleared`: a device left the call.
public struct ConnectionClearedEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `releasingDevice`: the device that left.
    public var releasingDevice: String
    /// `hangupDevice`: who hung up first, when known.
    public var hangupDevice: String?

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.releasingDevice = wire.releasingDevice ?? wire.deviceId ?? ""
        self.hangupDevice = wire.hangupDevice
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `transferred`: a transfer completed.
public struct TransferredEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `primaryOldCall` (the held call before the transfer; `"0"` = none).
    public var primaryOldCall: String?
    /// `secondaryOldCall` (the active call before the transfer).
    public var secondaryOldCall: String?
    /// `newCall` (the call id afterwards).
    public var newCall: String?
    /// `transferringDevice`.
    public var transferringDevice: String?
    /// `transferredToDevice`.
    public var transferredToDevice: String?

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.primaryOldCall = wire.primaryOldCall
        self.secondaryOldCall = wire.secondaryOldCall
        self.newCall = wire.newCall
        self.transferringDevice = wire.transferringDevice
        self.transferredToDevice = wire.transferredToDevice
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `conferenced`: a conference formed or grew.
public struct ConferencedEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `primaryOldCall` (`"0"` = none).
    public var primaryOldCall: String?
    /// `secondaryOldCall`.
    public var secondaryOldCall: String?
    /// `newCall`.
    public var newCall: String?
    /// `conferencingDevice`.
    public var conferencingDevice: String?
    /// `addedParty`.
    public var addedParty: String?

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.primaryOldCall = wire.primaryOldCall
        self.secondaryOldCall = wire.secondaryOldCall
        self.newCall = wire.newCall
        self.conferencingDevice = wire.conferencingDevice
        self.addedParty = wire.addedParty
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `held` / `retrieved`: a device put the call on hold or took it back.
public struct HoldEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `holdingDevice` (held) or `retrievingDevice` (retrieved).
    public var device: String

    init(name: String, wire: consuming WireEvent, device: String?) {
        self.call = CallEventFields(wire)
        self.device = device ?? wire.deviceId ?? ""
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `recordStarted` / `recordStopped`.
public struct RecordingEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// `callId`, when present.
    public var callId: String?
    /// `recordId`.
    public var recordId: String?
    /// `fileName` (recordStarted).
    public var fileName: String?
    /// `isSuccess`.
    public var isSuccess: Bool?

    init(name: String, wire: consuming WireEvent) {
        self.callId = wire.callId
        self.recordId = wire.recordId ?? wire.extra["recordId"]?.intValue.map(String.init)
        self.fileName = wire.fileName
        self.isSuccess = wire.isSuccess
        self.header = EventHeader(name: name, wire: wire)
    }
}

/// `failed`: call-progress analysis reported a failure (only with `cpa`).
public struct FailedEvent: Sendable, Equatable {
    /// Common fields.
    public var header: EventHeader
    /// Call fields.
    public var call: CallEventFields
    /// `calledDevice`.
    public var calledDevice: String?
    /// `failedCode` (1 busy … 14 unknown).
    public var failedCode: Int?
    /// `failedMsg`.
    public var failedMessage: String?

    init(name: String, wire: consuming WireEvent) {
        self.call = CallEventFields(wire)
        self.calledDevice = wire.calledDevice
        self.failedCode = wire.failedCode
        self.failedMessage = wire.failedMsg
        self.header = EventHeader(name: name, wire: wire)
    }
}
