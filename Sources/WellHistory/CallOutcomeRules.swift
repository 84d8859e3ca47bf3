/// What the event sequence of one call told about it, from this extension's side: the input of
/// the outcome rules (``outcome``). The agent fills it from the call events; it holds no I/O.
public struct CallFacts: Sendable, Equatable {
    /// This extension placed the call.
    public var placedHere: Bool
    /// This extension's device rang (`delivered` with it as the alerting device).
    public var rangHere: Bool
    /// This extension's device answered (`established` with it as the answering device).
    public var answeredHere: Bool
    /// The called party answered a call placed here.
    public var answeredThere: Bool
    /// This extension transferred the call (`transferred` naming it as the transferring device).
    public var transferredAway: Bool
    /// The call became a conference (`conferenced`).
    public var conferenced: Bool
    /// The server reported `failed`, or cleared the call with a failure cause.
    public var failed: Bool
    /// The call was cleared because the called party was busy (`USER_BUSY`).
    public var busy: Bool
    /// This extension hung up first (`hangupDevice`, or its leg was the first to clear).
    public var endedHere: Bool

    /// Facts with everything `false`.
    public init(
        placedHere: Bool = false, rangHere: Bool = false, answeredHere: Bool = false, answeredThere: Bool = false,
        transferredAway: Bool = false, conferenced: Bool = false, failed: Bool = false, busy: Bool = false, endedHere: Bool = false
    ) {
        self.placedHere = placedHere
        self.rangHere = rangHere
        self.answeredHere = answeredHere
        self.answeredThere = answeredThere
        self.transferredAway = transferredAway
        self.conferenced = conferenced
        self.failed = failed
        self.busy = busy
        self.endedHere = endedHere
    }

    /// Whether the call was ever answered, here or (for a call placed here) by the called party.
    public var wasAnswered: Bool { self.answeredHere || (self.placedHere && self.answeredThere) }

    /// The outcome, by these rules in this order:
    /// 1. busy → ``CallOutcome/busy``; a failure → ``CallOutcome/failed``;
    /// 2. answered and conferenced → ``CallOutcome/conference``; transferred away by this
    ///    extension → ``CallOutcome/transferred``; answered → ``CallOutcome/answered``;
    /// 3. placed here and never answered → ``CallOutcome/unanswered``;
    /// 4. rang here, unanswered, and this extension hung up while it rang → ``CallOutcome/rejected``;
    ///    rang here and unanswered otherwise (the caller gave up, the queue took it elsewhere) →
    ///    ``CallOutcome/missed``;
    /// 5. anything else (never rang here, never answered) → ``CallOutcome/unknown``.
    public var outcome: CallOutcome {
        if self.busy { return .busy }
        if self.failed && !self.wasAnswered { return .failed }
        if self.wasAnswered {
            if self.conferenced { return .conference }
            if self.transferredAway { return .transferred }
            return .answered
        }
        if self.transferredAway { return .transferred }
        if self.placedHere { return .unanswered }
        if self.rangHere { return self.endedHere ? .rejected : .missed }
        return .unknown
    }
}
