/// What ``eventually(_:timeout:pollInterval:lastSeen:fileID:line:_:)`` throws when the
/// condition it awaited never held: the message names what was awaited, the time waited, the
/// caller and, when given, the last state seen.
public struct EventuallyTimedOut: Error, CustomStringConvertible {
    /// E.g. "timed out after 5.0 seconds waiting for 2 open WebSockets (ClientFaultTests.swift:75)".
    public let description: String
}

/// Waits until `condition` holds: checks it at once, then after every `pollInterval`, and a
/// last time at the deadline, so a condition that holds by then is never reported as timed out.
///
/// Use it for a state the test cannot await directly (another process, the simulator's view,
/// a D-Bus peer). It proves that something *happens*; to prove that something does *not*
/// happen, use an ordering barrier instead (e.g. a Status round trip after the event), never a
/// timeout.
///
/// ```swift
/// try await eventually("2 open WebSockets") { await sim.simulator.state()["webSockets"]?.intValue == 2 }
///
/// var last: JSONValue = .null
/// try await eventually("Status logged in", lastSeen: { "\(last)" }) {
///     last = try await status()
///     return last["login"] == "loggedIn"
/// }
/// ```
///
/// - Parameters:
///   - what: what is awaited, in words ("2 open WebSockets").
///   - timeout: the longest wait; a passing check returns as soon as the condition holds, so
///     the default is generous for a loaded machine.
///   - pollInterval: the pause between two checks.
///   - lastSeen: called once, on timeout, to describe the last state the condition saw (added
///     to the message); `nil` adds nothing. (A closure rather than an `@autoclosure` `what`:
///     swift 6.3's region analysis crashes on the latter in some callers.)
///   - fileID: the caller's file, for the failure message.
///   - line: the caller's line, for the failure message.
///   - condition: the check; an error it throws ends the wait at once and is rethrown (use that
///     to fail fast when waiting has become pointless, e.g. the peer closed the connection).
/// - Throws: ``EventuallyTimedOut`` when the condition did not hold within `timeout`, or what
///   `condition` threw.
public func eventually(
    _ what: String,
    timeout: Duration = .seconds(20),
    pollInterval: Duration = .milliseconds(20),
    lastSeen: () -> String? = { nil },
    fileID: String = #fileID,
    line: Int = #line,
    _ condition: () async throws -> Bool
) async throws {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while clock.now < deadline {
        if try await condition() { return }
        try await clock.sleep(for: min(pollInterval, max(.zero, deadline - clock.now)))
    }
    if try await condition() { return }
    let file = fileID.split(separator: "/").last.map(String.init) ?? fileID
    let seen = lastSeen().map { "; last seen: \($0)" } ?? ""
    throw EventuallyTimedOut(description: "timed out after \(timeout) waiting for \(what) (\(file):\(line))\(seen)")
}
