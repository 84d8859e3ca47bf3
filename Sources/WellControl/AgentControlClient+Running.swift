import WellDBus

extension AgentControlClient {
    /// Calls `method` on an agent that is already running, addressed by its unique name so that
    /// D-Bus activation never starts one: a command that only tells a running agent something
    /// (the history file changed) must not start the agent.
    /// - Returns: the reply, or `nil` when there is no bus or no agent on it.
    /// - Throws: ``AgentControlFailure`` when the running agent answers with an error.
    public func callIfRunning(_ method: ControlMethod, _ arguments: [DBusValue] = []) async throws(AgentControlFailure) -> [DBusValue]? {
        guard let address = BusAddressFile(environment: environment).resolveAddress(environment: environment),
            let connection = try? await DBusConnection.connect(address: address)
        else { return nil }
        guard let owner = try? await connection.getNameOwner(ControlInterface.busName) else {
            await connection.close()
            return nil
        }
        return try await Self.call(method, arguments, on: connection, destination: owner)
    }
}
