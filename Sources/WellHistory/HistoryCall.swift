import Foundation

/// Which way a call went, as this extension saw it.
public enum CallDirection: String, Sendable, Equatable, Codable, CaseIterable {
    /// An outside party called here.
    case inbound
    /// This extension called an outside number.
    case outbound
    /// The other party is an internal extension (either way; ``HistoryCall/placedHere`` says which).
    case `internal`
}

/// How a call ended for this extension.
public enum CallOutcome: String, Sendable, Equatable, Codable, CaseIterable {
    /// Talked (answered here, or the called party answered a call placed here).
    case answered
    /// Rang here and ended unanswered here: the caller gave up or the queue took it elsewhere.
    case missed
    /// Rang here and this extension hung up while it rang.
    case rejected
    /// Placed here; the called party never answered.
    case unanswered
    /// Placed here; the called party was busy.
    case busy
    /// The server reported the call failed.
    case failed
    /// This extension transferred the call away.
    case transferred
    /// The call became a conference while this extension was in it.
    case conference
    /// The call vanished while the agent was not watching (stopped, or the link was down) and
    /// the server no longer knew it.
    case unknown
}

/// One call this extension took part in: a row of `history.sqlite`.
///
/// A row is written when the call starts (``outcome`` `nil`: still up) and completed when it ends;
/// a call id has one row, so a call seen again after a reconnect or a restart is not counted twice.
public struct HistoryCall: Sendable, Equatable {
    /// The server's call id (unique in the file).
    public var callId: String
    /// Which way the call went.
    public var direction: CallDirection
    /// Whether this extension placed the call.
    public var placedHere: Bool
    /// The other party's bare number, as dialled or presented (`13800138000`, no `@domain`).
    public var number: String
    /// The queue (`split`) the call came through, if any.
    public var queue: String?
    /// When the call started here (rang, or was dialled).
    public var startedAt: Date
    /// When it was answered (here, or by the called party for a call placed here).
    public var answeredAt: Date?
    /// When it ended; `nil` while up, or when it was closed as ``CallOutcome/unknown``.
    public var endedAt: Date?
    /// How it ended; `nil` while the call is up.
    public var outcome: CallOutcome?
    /// The bare number of the device that hung up first, when known.
    public var endedBy: String?
    /// The call data (`userData`) as JSON text, when the call had some.
    public var callData: String?
    /// Whether the user has looked at this missed call (always `true` for other outcomes).
    public var seen: Bool

    /// Creates a row.
    /// - Parameters:
    ///   - callId: the call id.
    ///   - direction: which way it went.
    ///   - placedHere: whether this extension placed it.
    ///   - number: the other party's bare number.
    ///   - queue: the queue, if any.
    ///   - startedAt: start time.
    ///   - answeredAt: answer time.
    ///   - endedAt: end time.
    ///   - outcome: the outcome (`nil` while up).
    ///   - endedBy: who hung up first.
    ///   - callData: call data as JSON text.
    ///   - seen: whether a missed call was looked at.
    public init(
        callId: String, direction: CallDirection, placedHere: Bool, number: String, queue: String? = nil, startedAt: Date,
        answeredAt: Date? = nil, endedAt: Date? = nil, outcome: CallOutcome? = nil, endedBy: String? = nil, callData: String? = nil,
        seen: Bool = true
    ) {
        self.callId = callId
        self.direction = direction
        self.placedHere = placedHere
        self.number = number
        self.queue = queue
        self.startedAt = startedAt
        self.answeredAt = answeredAt
        self.endedAt = endedAt
        self.outcome = outcome
        self.endedBy = endedBy
        self.callData = callData
        self.seen = seen
    }

    /// Talk time in whole seconds: answered → ended; 0 for a call never answered; `nil` while
    /// up or when the end is unknown.
    public var durationSeconds: Int? {
        guard let endedAt else { return nil }
        guard let answeredAt else { return 0 }
        return max(0, Int((endedAt.timeIntervalSince(answeredAt)).rounded()))
    }

    /// Whether this is a missed call.
    public var isMissed: Bool { self.outcome == .missed }
}
