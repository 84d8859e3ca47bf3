#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WellDesktop

/// The running agent, reached over D-Bus on `cc.wellcloud.WellClient` (D-Bus activation starts
/// an installed agent that is not running).
///
/// The bus is the session bus, or — when `DBUS_SESSION_BUS_ADDRESS` is unset — the private bus
/// whose address the demo agent left in its ``BusAddressFile``. One connection is opened on
/// the first call and kept for the host's life (a browser may send several requests).
public actor DBusAgentCaller: AgentCalling {
    private let environment: [String: String]
    private var connection: DBusConnection?

    /// How long a `Dial` may take: a login in progress (15 s) or a Call/Cancel prompt (30 s).
    static let dialTimeout: Duration = .seconds(45)
    /// How long `Status` and `BrowserSettings` may take.
    static let queryTimeout: Duration = .seconds(10)

    /// A caller for the bus this environment names.
    public init(environment: [String: String]) {
        self.environment = environment
    }

    public func dial(_ number: String) async throws(AgentCallFailure) -> String {
        try await self.call("Dial", [.string(number)], timeout: Self.dialTimeout)
    }

    public func status() async throws(AgentCallFailure) -> String {
        try await self.call("Status", timeout: Self.queryTimeout)
    }

    public func browserSettings() async throws(AgentCallFailure) -> String {
        try await self.call("BrowserSettings", timeout: Self.queryTimeout)
    }

    /// Closes the connection (when one was opened).
    public func close() async {
        await self.connection?.close()
        self.connection = nil
    }

    /// Calls `member` and returns its one string result.
    private func call(_ member: String, _ arguments: [DBusValue] = [], timeout: Duration) async throws(AgentCallFailure) -> String {
        let connection = try await self.connected()
        do {
            let reply = try await connection.call(
                destination: ControlInterface.busName, path: ControlInterface.objectPath,
                interface: ControlInterface.interface, member: member, arguments: arguments, timeout: timeout)
            guard let text = reply.first?.string else {
                throw AgentCallFailure(name: ControlInterface.ErrorName.unavailable, message: "the agent's reply to \(member) has no string")
            }
            return text
        } catch let failure as AgentCallFailure {
            throw failure
        } catch let error as DBusError {
            throw Self.failure(error, member: member)
        } catch {
            throw AgentCallFailure(name: ControlInterface.ErrorName.unavailable, message: "calling the agent failed: \(error)")
        }
    }

    private func connected() async throws(AgentCallFailure) -> DBusConnection {
        if let connection = self.connection, connection.isConnected { return connection }
        let file = BusAddressFile(environment: self.environment)
        guard let address = file.resolveAddress(environment: self.environment) else {
            throw AgentCallFailure(
                name: ControlInterface.ErrorName.unavailable,
                message: "no session bus and no demo agent: start the agent (wellclient agent, or make run)")
        }
        do {
            let connection = try await DBusConnection.connect(address: address)
            self.connection = connection
            return connection
        } catch {
            throw AgentCallFailure(name: ControlInterface.ErrorName.unavailable, message: "cannot reach the session bus: the agent is not running")
        }
    }

    /// The agent's error as it is; the bus daemon's "nobody answers" errors in words.
    static func failure(_ error: DBusError, member: String) -> AgentCallFailure {
        switch error.name {
        case DBusError.serviceUnknownName, DBusError.nameHasNoOwnerName:
            AgentCallFailure(name: error.name, message: "the agent is not running and cannot be started by D-Bus activation; start it with `wellclient agent` or install it with `wellclient install`")
        case DBusError.noReplyName, DBusError.timeoutName:
            AgentCallFailure(name: error.name, message: "the agent did not answer in time")
        case DBusError.unknownMethodName:
            AgentCallFailure(name: error.name, message: "the running agent does not know \(member): it is older than this host; restart it")
        default:
            AgentCallFailure(name: error.name, message: error.message.isEmpty ? error.name : error.message)
        }
    }
}
