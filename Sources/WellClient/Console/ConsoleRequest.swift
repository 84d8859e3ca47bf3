/// One command of `wellclient console`, parsed and checked (``ConsoleParser``), ready to run
/// against a ``WellClient`` (``perform(on:)``). An omitted call id means the client's default
/// (the ringing call for `answer`, the only or active call otherwise).
public enum ConsoleRequest: Sendable, Equatable {
    /// `makeCall N` (or `dial N`): places a call; the number is checked by the client.
    case makeCall(number: String)
    /// `answer [call]`.
    case answer(callId: String?)
    /// `drop [call]` (or `hangup`).
    case drop(callId: String?)
    /// `hold [call]`.
    case hold(callId: String?)
    /// `retrieve [call]`.
    case retrieve(callId: String?)
    /// `consult N`: holds the active call and calls N.
    case consult(number: String)
    /// `conference [held consult]`.
    case conference(held: String?, consult: String?)
    /// `transfer [held consult]`.
    case transfer(held: String?, consult: String?)
    /// `cancelConsult [held consult]`.
    case cancelConsult(held: String?, consult: String?)
    /// `sstransfer N`: single-step transfer of the active call.
    case singleStepTransfer(number: String)
    /// `ssconference N [Active|Silent]`: single-step conference (Active when omitted).
    case singleStepConference(number: String, type: ParticipationType)
    /// `setMode Ready|NotReady [reason…]`.
    case setMode(WellClientConfiguration.AgentMode, reason: String)
    /// `callData set k=v [k=v…]`: on the only or active call.
    case setCallData([CallDataEntry])
    /// `callData get [call]`.
    case getCallData(callId: String?)
    /// `memory`: the call model.
    case memory
    /// `prefix`: the trunk prefixes.
    case prefix
    /// `startRecording`.
    case startRecording
    /// `stopRecording`.
    case stopRecording
    /// `release [agent]`: releases an allocated agent.
    case release(agentId: String?)
    /// `forceDrop DEVICE CALL`.
    case forceDrop(deviceId: String, callId: String)
    /// `forceJoin DEVICE CALL N`.
    case forceJoin(deviceId: String, callId: String, number: String)
    /// `forceTake DEVICE CALL N`.
    case forceTake(deviceId: String, callId: String, number: String)
    /// `forceListen CALL DEVICE`.
    case forceListen(callId: String, deviceId: String)
    /// `forceReady AGENT DEVICE`.
    case forceReady(agentId: String, deviceId: String)
    /// `forceNotReady AGENT DEVICE`.
    case forceNotReady(agentId: String, deviceId: String)
    /// `forceLogout AGENT DEVICE`.
    case forceLogout(agentId: String, deviceId: String)
    /// `logout`: logs out; the console ends when it succeeds.
    case logout
    /// `quit` (or `exit`): ends the console as the end of its input does (logging out first).
    case quit

    /// One `key=value` of `callData set`.
    public struct CallDataEntry: Sendable, Equatable {
        /// The key (never empty).
        public var key: String
        /// The value (may be empty).
        public var value: String

        /// An entry.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }
}

/// A parsed console line: the command word as typed (echoed in the reply's `result`) and the request.
public struct ConsoleLine: Sendable, Equatable {
    /// The first word of the line, e.g. `dial` or `makeCall`.
    public var verb: String
    /// What it asks for.
    public var request: ConsoleRequest

    /// A parsed line.
    public init(verb: String, request: ConsoleRequest) {
        self.verb = verb
        self.request = request
    }
}
