/// A `heart-beat` header value: `cx,cy` in milliseconds.
///
/// `cx` is the smallest interval at which the sender *can send* heart-beats (0 = cannot);
/// `cy` is the interval at which it *wants to receive* them (0 = does not want any).
public struct STOMPHeartBeat: Sendable, Hashable, CustomStringConvertible {
    /// Outgoing capability in milliseconds (0 = never sends).
    public var cx: Int
    /// Desired incoming interval in milliseconds (0 = wants none).
    public var cy: Int

    /// Creates a value; negative numbers are clamped to 0.
    public init(cx: Int, cy: Int) {
        self.cx = max(0, cx)
        self.cy = max(0, cy)
    }

    /// `0,0`: no heart-beating (also what a missing header means).
    public static let none = STOMPHeartBeat(cx: 0, cy: 0)

    /// Parses `"10000,10000"` (spaces around numbers are tolerated).
    ///
    /// - Returns: `nil` unless the value is two non-negative decimal integers separated by a comma.
    public init?(headerValue: String) {
        let parts = headerValue.split(separator: ",", omittingEmptySubsequences: false)
        guard parts.count == 2, let cx = Self.parseMilliseconds(parts[0]), let cy = Self.parseMilliseconds(parts[1])
        else { return nil }
        self.init(cx: cx, cy: cy)
    }

    /// The header value, e.g. `"10000,10000"`.
    public var headerValue: String { "\(self.cx),\(self.cy)" }

    public var description: String { self.headerValue }

    /// Negotiates heart-beating from one side's point of view (STOMP 1.2 "Heart-beating").
    ///
    /// This side sends every `max(own.cx, peer.cy)` ms (never if either is 0) and expects the
    /// peer every `max(own.cy, peer.cx)` ms (never if either is 0), declaring it dead after
    /// `timeoutFactor` times that interval of silence.
    ///
    /// - Parameters:
    ///   - own: what this side announced.
    ///   - peer: what the other side announced (``none`` when it sent no header, or for STOMP 1.0).
    ///   - timeoutFactor: silence tolerance as a multiple of the expected interval (default 2).
    public static func negotiate(own: STOMPHeartBeat, peer: STOMPHeartBeat, timeoutFactor: Int = 2)
        -> STOMPHeartBeatSchedule
    {
        let send = (own.cx == 0 || peer.cy == 0) ? 0 : max(own.cx, peer.cy)
        let receive = (own.cy == 0 || peer.cx == 0) ? 0 : max(own.cy, peer.cx)
        return STOMPHeartBeatSchedule(
            sendIntervalMilliseconds: send,
            expectedIntervalMilliseconds: receive,
            peerTimeoutMilliseconds: receive.multipliedReportingOverflow(by: max(1, timeoutFactor)).overflow
                ? Int.max : receive * max(1, timeoutFactor)
        )
    }

    private static func parseMilliseconds(_ text: Substring) -> Int? {
        let trimmed = text.trimmingSpaces()
        guard !trimmed.isEmpty, trimmed.utf8.count <= 12, trimmed.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 })
        else { return nil }
        return Int(trimmed)
    }
}

/// The outcome of heart-beat negotiation for one side. All values in milliseconds; 0 = never.
public struct STOMPHeartBeatSchedule: Sendable, Hashable, CustomStringConvertible {
    /// Send a heart-beat (EOL) when nothing was sent for this long; 0 = never send.
    public var sendIntervalMilliseconds: Int
    /// The peer promised to send at least this often; 0 = nothing expected.
    public var expectedIntervalMilliseconds: Int
    /// Consider the peer dead after this much silence; 0 = never.
    public var peerTimeoutMilliseconds: Int

    /// Creates a schedule.
    public init(sendIntervalMilliseconds: Int, expectedIntervalMilliseconds: Int, peerTimeoutMilliseconds: Int) {
        self.sendIntervalMilliseconds = sendIntervalMilliseconds
        self.expectedIntervalMilliseconds = expectedIntervalMilliseconds
        self.peerTimeoutMilliseconds = peerTimeoutMilliseconds
    }

    /// No heart-beating in either direction.
    public static let disabled = STOMPHeartBeatSchedule(
        sendIntervalMilliseconds: 0, expectedIntervalMilliseconds: 0, peerTimeoutMilliseconds: 0)

    /// ``sendIntervalMilliseconds`` as a `Duration`, `nil` when not sending.
    public var sendInterval: Duration? {
        self.sendIntervalMilliseconds > 0 ? .milliseconds(self.sendIntervalMilliseconds) : nil
    }

    /// ``peerTimeoutMilliseconds`` as a `Duration`, `nil` when the peer is never declared dead.
    public var peerTimeout: Duration? {
        self.peerTimeoutMilliseconds > 0 ? .milliseconds(self.peerTimeoutMilliseconds) : nil
    }

    public var description: String {
        "send every \(self.sendIntervalMilliseconds) ms, peer timeout \(self.peerTimeoutMilliseconds) ms"
    }
}
