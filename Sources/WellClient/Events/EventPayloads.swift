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

    init(name: String, box: WireEventBox) {
        self.agentId = box.wire.agentId
        self.agentMode = box.wire.agentMode
        self.reason = box.wire.reason ?? box.wire.extra["reason"]?.intValue.map(String.init)
        self.queueId = box.wire.queueId
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.initiatedDevice = box.wire.initiatedDevice ?? box.wire.deviceId ?? ""
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.callingDevice = box.wire.callingDevice ?? box.wire.deviceId ?? ""
        self.calledDevice = box.wire.calledDevice ?? ""
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.alertingDevice = box.wire.alertingDevice ?? box.wire.deviceId ?? ""
        self.callingDevice = box.wire.callingDevice ?? ""
        self.calledDevice = box.wire.calledDevice ?? ""
        self.split = box.wire.split
        self.callType = box.wire.callType
        self.userData = box.wire.userData
        self.lastRedirectionDevice = box.wire.lastRedirectionDevice
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.answeringDevice = box.wire.answeringDevice ?? box.wire.deviceId ?? ""
        self.callingDevice = box.wire.callingDevice ?? ""
        self.calledDevice = box.wire.calledDevice ?? ""
        self.split = box.wire.split
        self.userData = box.wire.userData
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.releasingDevice = box.wire.releasingDevice ?? box.wire.deviceId ?? ""
        self.hangupDevice = box.wire.hangupDevice
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.primaryOldCall = box.wire.primaryOldCall
        self.secondaryOldCall = box.wire.secondaryOldCall
        self.newCall = box.wire.newCall
        self.transferringDevice = box.wire.transferringDevice
        self.transferredToDevice = box.wire.transferredToDevice
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.primaryOldCall = box.wire.primaryOldCall
        self.secondaryOldCall = box.wire.secondaryOldCall
        self.newCall = box.wire.newCall
        self.conferencingDevice = box.wire.conferencingDevice
        self.addedParty = box.wire.addedParty
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox, device: String?) {
        self.call = CallEventFields(box)
        self.device = device ?? box.wire.deviceId ?? ""
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.callId = box.wire.callId
        self.recordId = box.wire.recordId ?? box.wire.extra["recordId"]?.intValue.map(String.init)
        self.fileName = box.wire.fileName
        self.isSuccess = box.wire.isSuccess
        self.header = EventHeader(name: name, box: box)
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

    init(name: String, box: WireEventBox) {
        self.call = CallEventFields(box)
        self.calledDevice = box.wire.calledDevice
        self.failedCode = box.wire.failedCode
        self.failedMessage = box.wire.failedMsg
        self.header = EventHeader(name: name, box: box)
    }
}
