import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import WellDesktop

/// How the thin clients (`dial`, `answer`, `status`, …) reach the running agent: one D-Bus
/// method call on `cc.wellcloud.WellClient`, never a second login of their own.
///
/// The bus is the session bus, or — when `DBUS_SESSION_BUS_ADDRESS` is unset — the private
/// bus whose address the demo agent left in ``BusAddressFile``. A call to the well-known name
/// starts the agent through D-Bus activation when it is installed and not running.
struct AgentBus {
    let environment: [String: String]

    init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// Calls `member` of our interface (or of `interface`) on the agent and returns the reply.
    func call(_ member: String, _ arguments: [DBusValue] = [], interface: String = ControlInterface.interface,
              timeout: Duration = .seconds(30)) async throws -> [DBusValue] {
        let connection = try await connect()
        do {
            let reply = try await connection.call(destination: ControlInterface.busName, path: ControlInterface.objectPath,
                                                  interface: interface, member: member, arguments: arguments,
                                                  timeout: timeout)
            await connection.close()
            return reply
        } catch let error as DBusError {
            await connection.close()
            throw AgentCallError(error)
        } catch {
            await connection.close()
            throw error
        }
    }

    private func connect() async throws -> DBusConnection {
        let file = BusAddressFile(environment: environment)
        guard let address = file.resolveAddress(environment: environment) else {
            throw AgentCallError.noBus
        }
        do {
            return try await DBusConnection.connect(address: address)
        } catch {
            let fromFile = (environment["DBUS_SESSION_BUS_ADDRESS"] ?? "").isEmpty
            throw fromFile ? AgentCallError.demoBusGone(file: file.path, error)
                : AgentCallError(message: "cannot connect to the session bus at \(address): \(error)", exitCode: .unavailable)
        }
    }
}

/// A failed call to the agent, turned into a message for a person and an exit status.
struct AgentCallError: Error, CustomStringConvertible {
    /// Exit statuses the thin clients use (sysexits.h values where one fits).
    enum ExitStatus: Int32 {
        /// The agent or server refused the operation.
        case refused = 1
        /// The input (number, mode, argument) was invalid; nothing was done.
        case usage = 64
        /// The agent could not be reached or is not ready.
        case unavailable = 69
        /// The agent's configuration is missing or invalid.
        case configuration = 78
    }

    let message: String
    let exitCode: ExitStatus

    init(message: String, exitCode: ExitStatus) {
        self.message = message
        self.exitCode = exitCode
    }

    static let noBus = AgentCallError(
        message: "no session bus: DBUS_SESSION_BUS_ADDRESS is unset and no demo agent left its bus address; start the agent with `wellclient agent` (or `make run`)",
        exitCode: .unavailable)

    /// The demo agent's private bus, whose address `file` still holds, no longer answers: that
    /// agent has ended (a crash or SIGKILL leaves the file behind).
    static func demoBusGone(file: String, _ error: any Error) -> AgentCallError {
        AgentCallError(
            message: "no agent is running: the demo agent that left its bus address in \(file) has ended (\(error)); start it again with `make run` or `wellclient agent --demo`",
            exitCode: .unavailable)
    }

    /// Maps the agent's D-Bus error names (and the bus daemon's) to messages and statuses.
    init(_ error: DBusError) {
        typealias Name = ControlInterface.ErrorName
        let detail = error.message.isEmpty ? error.name : error.message
        switch error.name {
        case Name.invalidNumber, Name.invalidArgument:
            self.init(message: detail, exitCode: .usage)
        case Name.notLoggedIn, Name.unavailable:
            self.init(message: detail, exitCode: .unavailable)
        case Name.configuration:
            self.init(message: detail, exitCode: .configuration)
        case Name.server, Name.refused, Name.noSuchCall, Name.cancelled:
            self.init(message: detail, exitCode: .refused)
        case DBusError.serviceUnknownName, DBusError.nameHasNoOwnerName:
            self.init(message: "the agent is not running and cannot be started by D-Bus activation; start it with `wellclient agent` or install it with `wellclient install`",
                      exitCode: .unavailable)
        case DBusError.noReplyName, DBusError.timeoutName:
            self.init(message: "the agent did not answer in time", exitCode: .unavailable)
        default:
            self.init(message: "\(error.name): \(detail)", exitCode: .refused)
        }
    }

    var description: String { message }
}

/// Runs a thin-client body, printing a failure as `wellclient: message` and exiting with its status.
func runAgentCommand(_ body: () async throws -> Void) async throws {
    do {
        try await body()
    } catch let error as AgentCallError {
        StandardError.write("wellclient: \(TerminalText.printable(error.message))\n")
        throw ExitCode(error.exitCode.rawValue)
    }
}
