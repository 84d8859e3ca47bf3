import WellControl
import WellDBus
import WellPanel
import WellProtocol

extension AgentService {
    /// `PanelURL`: the panel's URL with this run's token. The first call starts the panel's
    /// server (an agent nobody looks at serves nothing); later calls return the same URL.
    /// - Throws: `Unavailable` when the agent is stopping or the port cannot be bound.
    func panelURL() async throws(AgentControlError) -> String {
        guard !stopping else { throw AgentControlError(ControlInterface.ErrorName.unavailable, "the agent is stopping") }
        let start: Task<String, any Error>
        if let panelStart {
            start = panelStart
        } else {
            let configuration = settings?.panel ?? pendingFile?.0.panelConfiguration ?? PanelConfiguration()
            let server = PanelServer(configuration: configuration, backend: AgentPanelBackend(agent: self), logger: logger)
            start = Task { try await server.start() }
            panel = server
            panelStart = start
        }
        do {
            return try await start.value
        } catch {
            let port = panel?.configuration.port ?? 0
            panel = nil
            panelStart = nil
            throw AgentControlError(ControlInterface.ErrorName.unavailable, "the panel cannot listen on 127.0.0.1:\(port): \(error)")
        }
    }

    /// Stops the panel's server, if it was started (on shutdown).
    func stopPanel() async {
        guard let panel else { return }
        _ = try? await panelStart?.value
        await panel.stop()
        self.panel = nil
        panelStart = nil
    }

    /// What the panel shows: the `Status` object with `panel` (`hideButton`, `notReadyReasons`)
    /// and, when the history is on, `history` (``panelHistory()``).
    func panelState() async -> JSONValue {
        var object = await statusValue().objectValue ?? [:]
        if let history = await panelHistory() { object["history"] = history }
        let configuration = panel?.configuration ?? PanelConfiguration()
        object["panel"] = [
            "hideButton": .array(configuration.hidden.map { .string($0.rawValue) }),
            "notReadyReasons": .array(configuration.notReadyReasons.map(JSONValue.string)),
        ]
        return .object(object)
    }
}

/// The panel's way into the agent: every operation goes through ``ControlRouter/perform(_:_:)``,
/// the road of the D-Bus methods, with their guards, number rules and error names.
struct AgentPanelBackend: PanelBackend {
    let agent: AgentService

    func panelState() async -> JSONValue { await agent.panelState() }

    func perform(_ method: ControlMethod, _ arguments: [PanelArgument]) async -> PanelOutcome {
        let values: [DBusValue] = arguments.map { argument in
            switch argument {
            case .string(let text):
                return .string(text)
            case .pairs(let pairs):
                return .dictionary(
                    keySignature: "s", valueSignature: "s", pairs.map { DBusDictEntry(key: .string($0.key), value: .string($0.value)) })
            }
        }
        do {
            let outputs = try await ControlRouter(agent: agent).perform(method, values)
            return .success(outputs.map(Self.json))
        } catch {
            return .failure(name: error.name, message: error.message)
        }
    }

    /// A reply value as JSON: a string, or an `a{ss}` as an object.
    static func json(_ value: DBusValue) -> JSONValue {
        if let text = value.string { return .string(text) }
        if let pairs = value.stringPairs {
            return .object(Dictionary(pairs, uniquingKeysWith: { first, _ in first }).mapValues(JSONValue.string))
        }
        return .null
    }
}
