#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellClient
import WellProtocol
import WellDesktopSupport
import WellCommandLine

extension AgentService {
    /// `BrowserSettings`: the `[browser]` sites and class as JSON,
    /// `{"clickCallClass": "…", "sites": ["https://…", …]}`. Read from the config file as soon
    /// as it is parsed (the login need not have finished); the demo enables its simulator's origin.
    /// - Throws: `Configuration` when the config file is missing or invalid: then no site is
    ///   enabled by the agent, and the extension says why.
    func browserSettingsJSON() throws(AgentControlError) -> String {
        if let browser = settings?.browser ?? pendingFile?.0.browser {
            return AgentJSON.string(browser.json)
        }
        if let configurationError { throw .configuration(configurationError) }
        return AgentJSON.string(BrowserSettings().json)
    }

    /// `Status`: the agent's state as JSON — login and link state, the agent (mode, reason),
    /// the calls, the server URL, the last error and a configuration problem with its
    /// file/key/line. Never the password or the session id.
    func statusJSON() async -> String {
        AgentJSON.string(await statusValue())
    }

    /// ``statusJSON()`` as a value.
    func statusValue() async -> JSONValue {
        // The client knows at once when the event channel dropped; the agent's own state
        // changes only on the client's events (link-down notice after 30 s, reconnect).
        var connection = linkState
        if connection == .up, let client, await !client.isEventChannelUp { connection = .down }
        var object: [String: JSONValue] = [
            "login": .string(loginState.rawValue),
            "demo": .bool(options.demo),
            "version": .string(ProductVersion.current),
            "server": [
                "url": settings.map { JSONValue.string($0.serverURL) } ?? .null,
                "connection": .string(connection.rawValue),
            ],
            "lastError": lastError.map(JSONValue.string) ?? .null,
            "afterCallWorkSince": afterCallWorkSince.map { .string(EventTime.string(from: $0)) } ?? .null,
            "afterCallWorkUntil": afterCallWorkUntil.map { .string(EventTime.string(from: $0)) } ?? .null,
        ]
        if let settings {
            object["agentId"] = .string(settings.client.agent.agentId)
            object["deviceId"] = .string(settings.client.agent.deviceId)
            object["confirmDial"] = .bool(settings.confirmDial)
            object["autoAnswer"] = .bool(settings.client.autoAnswer)
        }
        if let error = configurationError {
            object["configurationError"] = [
                "file": error.file.map(JSONValue.string) ?? .null,
                "line": error.line.map { JSONValue.number(Double($0)) } ?? .null,
                "key": error.key.map(JSONValue.string) ?? .null,
                "message": .string(error.message),
                "description": .string(error.description),
            ]
        } else {
            object["configurationError"] = .null
        }
        if let client {
            let memory = await client.callMemory()
            object["agent"] = AgentJSON.value(memory.agent)
            object["calls"] = AgentJSON.value(memory.calls)
            object["loggedIn"] = .bool(await client.isLoggedIn)
        } else {
            object["agent"] = .null
            object["calls"] = []
            object["loggedIn"] = false
        }
        object["missedCalls"] = await missedCallsForStatus().map { .number(Double($0)) } ?? .null
        if let notifications {
            object["notifications"] = [
                "actions": .bool(await notifications.serverHasActions),
                "calls": .object((await notifications.callNotificationIDs).mapValues { .number(Double($0)) }),
            ]
        }
        return .object(object)
    }
}
