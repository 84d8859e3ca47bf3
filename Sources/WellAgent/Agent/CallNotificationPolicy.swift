import WellClient
import WellNumbers
import WellNotifications
import WellControl
/// What the agent knows about one call when it decides what to show for it.
public struct CallPresentation: Sendable, Equatable {
    /// Where the call stands, as far as this agent's device is concerned.
    public enum Phase: String, Sendable, Equatable {
        /// Our device is alerting (an inbound call, a transfer or conference invitation).
        case ringingIn
        /// We dialled and the far end has not answered yet.
        case ringingOut
        /// Talking (also after a retrieve).
        case connected
        /// Our leg is on hold.
        case held
        /// Our leg is gone.
        case ended
    }

    /// The call id the server gave.
    public var callId: String
    /// The phase now.
    public var phase: Phase
    /// The other party's number (ANI for inbound, the dialled number for outbound), without `@domain`.
    public var party: String
    /// The queue (`split`) an inbound call came through, if any.
    public var queue: String?
    /// The call's user data as shown (``CallDataPresentation``): `key: value` lines.
    public var callData: [String]
    /// Whether we ever talked on this call (an inbound call that ends unanswered is missed).
    public var wasConnected: Bool
    /// Whether more than two parties are on the call.
    public var isConference: Bool

    /// A presentation of one call.
    public init(
        callId: String, phase: Phase, party: String, queue: String? = nil,
        callData: [String] = [], wasConnected: Bool = false, isConference: Bool = false
    ) {
        self.callId = callId
        self.phase = phase
        self.party = party
        self.queue = queue
        self.callData = callData
        self.wasConnected = wasConnected
        self.isConference = isConference
    }
}

/// Turns a call's presentation into its notification (the rules: docs/desktop.md §4).
///
/// Pure: no D-Bus, no clock. The agent keeps one notification id per call and replaces it in
/// place with each plan; `nil` means "close the call's notification".
public struct CallNotificationPolicy: Sendable {
    /// Action keys; `default` is a click on the body and never answers or dials.
    public enum ActionKey {
        public static let answer = "answer"
        public static let hangUp = "hangup"
        public static let callBack = "callback"
        public static let `default` = "default"
        public static let call = "call"
        public static let cancel = "cancel"
    }

    public var strings: AgentStrings
    /// Whether the server can show buttons (`actions` capability).
    public var serverHasActions: Bool
    /// `[notifications] sound` of the config.
    public var sound: Bool

    public init(strings: AgentStrings, serverHasActions: Bool, sound: Bool) {
        self.strings = strings
        self.serverHasActions = serverHasActions
        self.sound = sound
    }

    /// The notification for `call`, or nil to close it.
    public func plan(for call: CallPresentation) -> NotificationRequest? {
        let party = call.party.isEmpty ? strings.unknownCaller : call.party
        switch call.phase {
        case .ringingIn:
            var lines = [strings.incomingCallBody(from: party)]
            if let queue = call.queue, !queue.isEmpty { lines.append(strings.queueLine(queue)) }
            lines += call.callData
            return make(
                summary: strings.incomingCall, body: lines.joined(separator: "\n"),
                actions: [
                    .init(key: ActionKey.answer, label: strings.answer), .init(key: ActionKey.hangUp, label: strings.reject),
                    .init(key: ActionKey.default, label: ""),
                ],
                urgency: .critical, category: "call.incoming", resident: true,
                soundName: sound ? "phone-incoming-call" : nil, expireTimeout: 0)
        case .ringingOut:
            return make(
                summary: strings.calling(party), body: "",
                actions: [.init(key: ActionKey.hangUp, label: strings.hangUp)],
                urgency: .normal, category: "call.ongoing", resident: true, soundName: nil, expireTimeout: 0)
        case .connected, .held:
            let summary =
                call.isConference
                ? strings.conference
                : call.phase == .held ? strings.onHoldWith(party) : strings.onCallWith(party)
            return make(
                summary: summary, body: call.callData.joined(separator: "\n"),
                actions: [.init(key: ActionKey.hangUp, label: strings.hangUp)],
                urgency: .normal, category: "call.ongoing", resident: true, soundName: nil, expireTimeout: 0)
        case .ended:
            return nil
        }
    }

    /// The notification left after `call` ended: "Missed call from …" for an inbound call we
    /// never talked on, nil otherwise.
    public func afterEnd(of call: CallPresentation, wasRingingIn: Bool) -> NotificationRequest? {
        guard wasRingingIn, !call.wasConnected else { return nil }
        let party = call.party.isEmpty ? strings.unknownCaller : call.party
        let canCallBack = !call.party.isEmpty
        return make(
            summary: strings.missedCall(from: party), body: "",
            actions: canCallBack ? [.init(key: ActionKey.callBack, label: strings.callBack)] : [],
            urgency: .normal, category: "call.unanswered", resident: false, soundName: nil, expireTimeout: -1)
    }

    /// The Call/Cancel question of `confirmDial`.
    public func confirmDial(_ number: String) -> NotificationRequest {
        make(
            summary: strings.confirmDial(number), body: strings.confirmDialBody,
            actions: [.init(key: ActionKey.call, label: strings.call), .init(key: ActionKey.cancel, label: strings.cancel)],
            urgency: .critical, category: "call", resident: false, soundName: nil, expireTimeout: 30_000)
    }

    /// A dial asked for by a link or a button that did not happen: the number `input` parses
    /// to (a generic summary when it is not one; the raw input is never shown) and why. Normal
    /// urgency, no buttons, the server's usual expiry.
    public func dialFailed(input: String, reason: String) -> NotificationRequest {
        let number = (try? DialTarget.parse(input))?.shown
        return make(
            summary: number.map(strings.dialFailed) ?? strings.dialFailedNoNumber, body: reason, actions: [],
            urgency: .normal, category: "call", resident: false, soundName: nil, expireTimeout: -1)
    }

    private func make(
        summary: String, body: String, actions: [NotificationRequest.Action], urgency: NotificationRequest.Urgency,
        category: String, resident: Bool, soundName: String?, expireTimeout: Int32
    ) -> NotificationRequest {
        let expiry: NotificationRequest.Expiry =
            switch expireTimeout {
            case 0: .never
            case ..<0: .serverDefault
            default: .milliseconds(Int(expireTimeout))
            }
        return NotificationRequest(
            summary: summary, body: body, appIcon: ControlInterface.busName,
            actions: serverHasActions ? actions : [], urgency: urgency, category: category,
            resident: resident && serverHasActions, soundName: soundName,
            desktopEntry: ControlInterface.busName, expiry: expiry)
    }
}
