import WellProtocol

/// What the call model asks its owner to do after an operation.
enum PBXEffect: Sendable, Hashable {
    /// Publish `event` to the agent `loginId` (the event is fully stamped: serial, time, srcDeviceId).
    case deliver(loginId: String, event: WireEvent)
    /// After `delay`, call ``PBX/outsidePartyTimerFired(callId:device:)``.
    case answerLater(callId: String, device: String, delay: Duration)
    /// After `delay`, call ``PBX/wrapUpTimerFired(job:generation:)``.
    case endWrapUpLater(job: String, generation: Int, delay: Duration)
}

extension [PBXEffect] {
    /// The delivered events, in order.
    var events: [WireEvent] {
        self.compactMap { if case .deliver(_, let event) = $0 { event } else { nil } }
    }
}
