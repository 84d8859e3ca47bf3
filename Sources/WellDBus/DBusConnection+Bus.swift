/// Methods of the message bus itself (`org.freedesktop.DBus`).
extension DBusConnection {
    private func busCall(_ member: String, _ arguments: [DBusValue] = []) async throws -> [DBusValue] {
        try await call(
            destination: DBusNames.bus, path: DBusNames.busPath, interface: DBusNames.bus,
            member: member, arguments: arguments)
    }

    /// Asks for a well-known name. With ``DBusNameFlags/doNotQueue`` the answer is
    /// ``DBusRequestNameReply/primaryOwner`` or ``DBusRequestNameReply/exists``.
    public func requestName(_ name: String, flags: DBusNameFlags = [.doNotQueue]) async throws -> DBusRequestNameReply {
        try DBusNames.checkBusName(name)
        let reply = try await busCall("RequestName", [.string(name), .uint32(flags.rawValue)])
        guard let code = reply.first?.uint32, let result = DBusRequestNameReply(rawValue: code) else {
            throw DBusError(name: DBusError.failedName, message: "unexpected RequestName reply")
        }
        return result
    }

    /// Gives a well-known name back.
    @discardableResult
    public func releaseName(_ name: String) async throws -> DBusReleaseNameReply {
        try DBusNames.checkBusName(name)
        let reply = try await busCall("ReleaseName", [.string(name)])
        guard let code = reply.first?.uint32, let result = DBusReleaseNameReply(rawValue: code) else {
            throw DBusError(name: DBusError.failedName, message: "unexpected ReleaseName reply")
        }
        return result
    }

    /// The unique name currently owning `name`, or nil when nobody owns it.
    public func getNameOwner(_ name: String) async throws -> String? {
        try DBusNames.checkBusName(name)
        do {
            return try await busCall("GetNameOwner", [.string(name)]).first?.string
        } catch let error as DBusError where error.name == DBusError.nameHasNoOwnerName {
            return nil
        }
    }

    /// Adds a match rule so matching broadcast signals reach ``signals(bufferingNewest:)``.
    /// (The bus checks the rule's syntax and answers `MatchRuleInvalid`.)
    public func addMatch(_ rule: String) async throws {
        guard !rule.utf8.contains(0) else { throw DBusError.invalidArgs("match rule contains NUL") }
        _ = try await busCall("AddMatch", [.string(rule)])
    }

    /// Removes a match rule added with ``addMatch(_:)``.
    public func removeMatch(_ rule: String) async throws {
        guard !rule.utf8.contains(0) else { throw DBusError.invalidArgs("match rule contains NUL") }
        _ = try await busCall("RemoveMatch", [.string(rule)])
    }

    /// Pings a peer (`org.freedesktop.DBus.Peer.Ping`); also triggers D-Bus activation.
    public func ping(_ destination: String, path: String = "/", timeout: Duration = .seconds(25)) async throws {
        _ = try await call(
            destination: destination, path: path, interface: "org.freedesktop.DBus.Peer",
            member: "Ping", timeout: timeout)
    }
}
