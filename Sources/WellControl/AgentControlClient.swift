import WellCommandLine
import WellDBus

/// How the thin clients (`dial`, `answer`, `status`, …) reach the running agent: one D-Bus
/// method call on `cc.wellcloud.WellClient`, never a second login of their own.
///
/// The bus is the session bus, or — when `DBUS_SESSION_BUS_ADDRESS` is unset — the private
/// bus whose address the demo agent left in ``BusAddressFile``. A call to the well-known name
/// starts the agent through D-Bus activation when it is installed and not running.
///
/// The calls are `nonisolated(nonsending)`: they run on the caller's executor, so that with
/// ``CallMode/blocking`` a call made from the main thread stays on it from start to reply.
public struct AgentControlClient: Sendable {
    /// How a call travels to the agent.
    public enum CallMode: Sendable {
        /// On a ``DBusConnection``: its owner thread does the I/O and the caller suspends
        /// (never blocks a thread). For every process that does more than one call and exit.
        case concurrent
        /// On a ``DBusBlockingConnection`` that blocks the calling thread until the reply: no
        /// thread is started and no task hops. For the thin `wellclient`, which makes one call
        /// on its main thread and exits; there, each hand-over between threads cost more than
        /// the call.
        case blocking
    }

    /// The environment that decides which bus is used.
    public let environment: [String: String]
    /// How the calls travel.
    public let mode: CallMode

    /// A client for the bus of `environment`.
    public init(environment: [String: String] = ProcessEnvironment.current, mode: CallMode = .concurrent) {
        self.environment = environment
        self.mode = mode
    }

    /// Calls `method` on the agent with `arguments` (checked against the method's input
    /// signature before anything is sent) and returns the reply.
    /// - Parameter timeout: how long to wait for the reply (the method's ``ControlMethod/replyTimeout`` by default).
    /// - Throws: ``AgentControlFailure`` with the message and exit status for a person.
    public nonisolated(nonsending) func call(
        _ method: ControlMethod, _ arguments: [DBusValue] = [],
        timeout: Duration? = nil
    ) async throws(AgentControlFailure) -> [DBusValue] {
        let signature = arguments.map(\.signature).joined()
        guard signature == method.inputSignature else {
            throw AgentControlFailure(message: "\(method.name) takes (\(method.inputSignature)), not (\(signature))", exitCode: .usage)
        }
        let address = try busAddress()
        switch mode {
        case .concurrent:
            let connection: DBusConnection
            do { connection = try await DBusConnection.connect(address: address) } catch { throw connectFailure(address, error) }
            return try await Self.call(method, arguments, on: connection, destination: ControlInterface.busName, timeout: timeout)
        case .blocking:
            let connection: DBusBlockingConnection
            do { connection = try DBusBlockingConnection(address: address) } catch { throw connectFailure(address, error) }
            do {
                return try connection.call(
                    destination: ControlInterface.busName, path: ControlInterface.objectPath,
                    interface: method.interface, member: method.name, arguments: arguments,
                    timeout: timeout ?? method.replyTimeout
                ).arguments
            } catch {
                throw AgentControlFailure(error)
            }
        }
    }

    /// Calls `method` on `destination` over `connection`, then closes the connection; the
    /// agent's or the bus's error becomes an ``AgentControlFailure``.
    static func call(
        _ method: ControlMethod, _ arguments: [DBusValue], on connection: DBusConnection, destination: String, timeout: Duration? = nil
    ) async throws(AgentControlFailure) -> [DBusValue] {
        do {
            let reply = try await connection.call(
                destination: destination, path: ControlInterface.objectPath,
                interface: method.interface, member: method.name, arguments: arguments,
                timeout: timeout ?? method.replyTimeout)
            await connection.close()
            return reply
        } catch let error as DBusError {
            await connection.close()
            throw AgentControlFailure(error)
        } catch {
            await connection.close()
            throw AgentControlFailure(message: "\(method.name) failed: \(error)", exitCode: .unavailable)
        }
    }

    private func string(_ reply: [DBusValue], _ index: Int = 0) -> String {
        index < reply.count ? (reply[index].string ?? "") : ""
    }

    /// `Dial`: the agent parses `input` (a number, `tel:`/`callto:` URI, or text whose digits
    /// are dialled), applies its guards and dial plan, and places the call.
    /// - Returns: the call id and the number sent to the server.
    public nonisolated(nonsending) func dial(_ input: String) async throws(AgentControlFailure) -> (callId: String, dialled: String) {
        let reply = try await call(.placeCall, [.string(input)])
        return (string(reply, 0), string(reply, 1))
    }

    /// `Answer` (empty: the ringing call).
    public nonisolated(nonsending) func answer(_ callId: String = "") async throws(AgentControlFailure) { _ = try await call(.answer, [.string(callId)]) }
    /// `HangUp` (empty: the only call).
    public nonisolated(nonsending) func hangUp(_ callId: String = "") async throws(AgentControlFailure) { _ = try await call(.hangUp, [.string(callId)]) }
    /// `Hold` (empty: the only call).
    public nonisolated(nonsending) func hold(_ callId: String = "") async throws(AgentControlFailure) { _ = try await call(.hold, [.string(callId)]) }
    /// `Retrieve` (empty: the held call).
    public nonisolated(nonsending) func retrieve(_ callId: String = "") async throws(AgentControlFailure) { _ = try await call(.retrieve, [.string(callId)]) }

    /// `SingleStepTransfer` of `callId` (empty: the only call) to `number`.
    public nonisolated(nonsending) func singleStepTransfer(_ callId: String, to number: String) async throws(AgentControlFailure) {
        _ = try await call(.singleStepTransfer, [.string(callId), .string(number)])
    }

    /// `SingleStepConference`: `number` joins `callId`, actively or silently.
    public nonisolated(nonsending) func singleStepConference(_ callId: String, to number: String, silent: Bool) async throws(AgentControlFailure) {
        _ = try await call(.singleStepConference, [.string(callId), .string(number), .string(silent ? "Silent" : "Active")])
    }

    /// `Consult`: holds `callId` and calls `number`. - Returns: the consult call's id.
    public nonisolated(nonsending) func consult(_ callId: String, to number: String) async throws(AgentControlFailure) -> String {
        string(try await call(.consult, [.string(callId), .string(number)]))
    }

    /// `Conference` of the held and the consult call (empty ids: the agent's defaults).
    public nonisolated(nonsending) func conference(held: String, consult: String) async throws(AgentControlFailure) {
        _ = try await call(.conference, [.string(held), .string(consult)])
    }

    /// `Transfer` of the held call to the consulted party.
    public nonisolated(nonsending) func transfer(held: String, consult: String) async throws(AgentControlFailure) {
        _ = try await call(.transfer, [.string(held), .string(consult)])
    }

    /// `CancelConsult`: ends the consult call and takes the held call back.
    public nonisolated(nonsending) func cancelConsult(held: String, consult: String) async throws(AgentControlFailure) {
        _ = try await call(.cancelConsult, [.string(held), .string(consult)])
    }

    /// `SetCallData` on `callId`.
    public nonisolated(nonsending) func setCallData(_ callId: String, _ data: [String: String]) async throws(AgentControlFailure) {
        _ = try await call(.setCallData, [.string(callId), .stringDictionary(data)])
    }

    /// `GetCallData` of `callId`.
    public nonisolated(nonsending) func getCallData(_ callId: String) async throws(AgentControlFailure) -> [String: String] {
        let entries = (try await call(.getCallData, [.string(callId)])).first?.stringKeyedDictionary ?? [:]
        return entries.compactMapValues { ($0.variantValue ?? $0).string }
    }

    /// `SetAgentMode` (`Ready`, `NotReady`, …) with an optional reason.
    public nonisolated(nonsending) func setAgentMode(_ mode: String, reason: String = "") async throws(AgentControlFailure) {
        _ = try await call(.setAgentMode, [.string(mode), .string(reason)])
    }

    /// `Login`: logs the agent in with its configuration.
    public nonisolated(nonsending) func login() async throws(AgentControlFailure) { _ = try await call(.login) }
    /// `Logout`.
    public nonisolated(nonsending) func logout() async throws(AgentControlFailure) { _ = try await call(.logout) }

    /// `Status`: the agent's state as JSON text (a public interface scripts read).
    public nonisolated(nonsending) func status() async throws(AgentControlFailure) -> String {
        string(try await call(.status))
    }

    /// `BrowserSettings`: the `[browser]` sites and class as JSON text, for the browser extension.
    public nonisolated(nonsending) func browserSettings() async throws(AgentControlFailure) -> String {
        string(try await call(.browserSettings))
    }

    /// `PanelURL`: the softphone panel's address with this run's token
    /// (`http://127.0.0.1:PORT/#TOKEN`); the agent starts the panel's server on the first call.
    public nonisolated(nonsending) func panelURL() async throws(AgentControlFailure) -> String {
        string(try await call(.panelURL))
    }

    /// `History(limit)`: the newest ended calls as a JSON array, newest first, each object with
    /// the keys `callId`, `direction`, `number`, `queue`, `startedAt`, `answeredAt`, `endedAt`,
    /// `durationSeconds`, `outcome` (`limit` 0: the agent's default, 50).
    public nonisolated(nonsending) func history(limit: UInt32 = 0) async throws(AgentControlFailure) -> String {
        string(try await call(.history, [.uint32(limit)]))
    }

    /// `MissedCount()`: how many missed calls the user has not seen.
    public nonisolated(nonsending) func missedCount() async throws(AgentControlFailure) -> UInt32 {
        let reply = try await call(.missedCount)
        return reply.first?.uint32 ?? 0
    }

    /// `MarkMissedSeen()`: the user has seen the missed calls (the count drops to 0).
    public nonisolated(nonsending) func markMissedSeen() async throws(AgentControlFailure) { _ = try await call(.markMissedSeen) }

    /// `ClearHistory()`: deletes every call from the history.
    /// - Returns: how many calls were deleted.
    public nonisolated(nonsending) func clearHistory() async throws(AgentControlFailure) -> UInt32 {
        let reply = try await call(.clearHistory)
        return reply.first?.uint32 ?? 0
    }

    /// The bus to call on: the session bus, else the demo agent's.
    private func busAddress() throws(AgentControlFailure) -> String {
        guard let address = BusAddressFile(environment: environment).resolveAddress(environment: environment) else {
            throw AgentControlFailure.noBus
        }
        return address
    }

    /// The failure to tell when the bus at `address` cannot be reached.
    private func connectFailure(_ address: String, _ error: any Error) -> AgentControlFailure {
        let fromFile = (environment["DBUS_SESSION_BUS_ADDRESS"] ?? "").isEmpty
        return fromFile
            ? AgentControlFailure.demoBusGone(file: BusAddressFile(environment: environment).path, error)
            : AgentControlFailure(message: "cannot connect to the session bus at \(address): \(error)", exitCode: .unavailable)
    }
}

/// A failed call to the agent, turned into a message for a person and an exit status.
public struct AgentControlFailure: Error, Sendable, CustomStringConvertible {
    /// Exit statuses the thin clients use (sysexits.h values where one fits).
    public enum ExitStatus: Int32, Sendable {
        /// The agent or server refused the operation.
        case refused = 1
        /// The input (number, mode, argument) was invalid; nothing was done.
        case usage = 64
        /// The agent could not be reached or is not ready.
        case unavailable = 69
        /// The agent's configuration is missing or invalid.
        case configuration = 78
    }

    /// What went wrong, for a person.
    public let message: String
    /// The exit status a command should end with.
    public let exitCode: ExitStatus
    /// The D-Bus error name the agent (or the bus daemon) replied with; `nil` when the call
    /// failed before a reply (no bus, a bad signature). Callers that tell more cases apart than
    /// the exit statuses do (the browser host's reply codes) read it.
    public let errorName: String?

    /// A failure with `message` and `exitCode`.
    public init(message: String, exitCode: ExitStatus, errorName: String? = nil) {
        self.message = message
        self.exitCode = exitCode
        self.errorName = errorName
    }

    public static let noBus = AgentControlFailure(
        message: "no session bus: DBUS_SESSION_BUS_ADDRESS is unset and no demo agent left its bus address; start the agent with `wellclient agent` (or `make run`)",
        exitCode: .unavailable)

    /// The demo agent's private bus, whose address `file` still holds, no longer answers: that
    /// agent has ended (a crash or SIGKILL leaves the file behind).
    public static func demoBusGone(file: String, _ error: any Error) -> AgentControlFailure {
        AgentControlFailure(
            message: "no agent is running: the demo agent that left its bus address in \(file) has ended (\(error)); start it again with `make run` or `wellclient agent --demo`",
            exitCode: .unavailable)
    }

    /// Maps the agent's D-Bus error names (and the bus daemon's) to messages and statuses.
    public init(_ error: DBusError) {
        typealias Name = ControlInterface.ErrorName
        let detail = error.message.isEmpty ? error.name : error.message
        switch error.name {
        case Name.invalidNumber, Name.invalidArgument:
            self.init(message: detail, exitCode: .usage, errorName: error.name)
        case Name.notLoggedIn, Name.unavailable:
            self.init(message: detail, exitCode: .unavailable, errorName: error.name)
        case Name.configuration:
            self.init(message: detail, exitCode: .configuration, errorName: error.name)
        case Name.server, Name.refused, Name.noSuchCall, Name.cancelled:
            self.init(message: detail, exitCode: .refused, errorName: error.name)
        case DBusError.serviceUnknownName, DBusError.nameHasNoOwnerName:
            self.init(
                message: "the agent is not running and cannot be started by D-Bus activation; start it with `wellclient agent` or install it with `wellclient install`",
                exitCode: .unavailable, errorName: error.name)
        case DBusError.noReplyName:
            self.init(message: "the agent did not answer in time", exitCode: .unavailable, errorName: error.name)
        case DBusError.timeoutName:
            self.init(message: "the message bus did not answer: \(detail)", exitCode: .unavailable, errorName: error.name)
        case DBusError.disconnectedName:
            // Our own connection ended (the bus daemon went away or refused us), which says
            // nothing about the agent; whether a call already sent was carried out is unknown.
            self.init(
                message: "the message bus closed the connection before a reply came (\(detail)); is the session bus running?",
                exitCode: .unavailable, errorName: error.name)
        default:
            self.init(message: "\(error.name): \(detail)", exitCode: .refused, errorName: error.name)
        }
    }

    public var description: String { message }
}
