/// Which call an operation means when it is given no call id: the one rule both the client's
/// operations and the agent's D-Bus methods (`wellclient answer` with no id, a notification's
/// button, the panel) follow.
public enum DefaultCall: Sendable, Equatable {
    /// Answer: the newest call ringing here (not one we are calling out on).
    case answer
    /// Hold: the only call, else the active (not held) line.
    case hold
    /// Retrieve: the held call, else the only call.
    case retrieve
    /// Hang up, transfer, conference, consult, call data…: the only call.
    case only
}

extension CallMemory {
    /// The id of the call `operation` means when no id is given, or nil when none fits.
    public func defaultCallId(for operation: DefaultCall) -> String? {
        switch operation {
        case .answer: self.calls.last { $0.ownState == .alerting && !$0.isCalling }?.callId
        case .hold: self.onlyCallId ?? self.activeCall?.callId
        case .retrieve: self.heldCall?.callId ?? self.onlyCallId
        case .only: self.onlyCallId
        }
    }
}
