import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import WellProtocol
import WellSimulator

/// A simulator on a free loopback port with short delays, plus HTTP helpers, for tests.
///
/// ```swift
/// try await SimulatorHarness.with { sim in
///     let agent = try await sim.loginAgent(job: "5001", extension: "8001")
///     …
/// }
/// ```
public struct SimulatorHarness: Sendable {
    /// The running simulator (its in-process control API: ring, answer, hangup, busy, inject, state…).
    public let simulator: CTISimulator
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    /// The tenant's namespace.
    public var namespace: String { self.simulator.configuration.tenant.namespace }

    /// `ws://127.0.0.1:<port>/mvc/stomp/websocket`.
    public var webSocketURL: URL { self.simulator.webSocketURL! }

    /// Starts a simulator (default: ``SimulatorConfiguration/testing(tenant:outsideParty:)``).
    public static func start(_ configuration: SimulatorConfiguration = .testing()) async throws -> SimulatorHarness {
        let simulator = CTISimulator(configuration: configuration)
        let url = try await simulator.start()
        return SimulatorHarness(simulator: simulator, baseURL: url)
    }

    /// Stops the simulator.
    public func stop() async { await self.simulator.stop() }

    /// Starts a simulator, runs `body`, and stops it whether `body` throws or not.
    public static func with<T: Sendable>(
        _ configuration: SimulatorConfiguration = .testing(), _ body: (SimulatorHarness) async throws -> T
    ) async throws -> T {
        let harness = try await Self.start(configuration)
        do {
            let result = try await body(harness)
            await harness.stop()
            return result
        } catch {
            await harness.stop()
            throw error
        }
    }

    // MARK: - HTTP

    /// One HTTP exchange's result.
    public struct HTTPResult: Sendable {
        /// Status code.
        public var status: Int
        /// Response headers (lower-cased names).
        public var headers: [String: String]
        /// Raw body.
        public var body: Data
        /// The body as JSON, when it is JSON.
        public var json: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: self.body) }
    }

    /// Sends a raw request to `path` (with query) on the simulator.
    public func send(
        method: String, path: String, headers: [(String, String)] = [], body: Data? = nil, timeout: Duration = .seconds(30)
    ) async throws -> HTTPResult {
        var request = HTTPClientRequest(url: self.baseURL.absoluteString + path)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .nanoseconds(timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000))
        let buffer = try await response.body.collect(upTo: 1 << 22)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return HTTPResult(status: Int(response.status.code), headers: fields, body: Data(buffer.readableBytesView))
    }

    /// Sends a ``CSTARequest`` with the `sessionId` header (JSON body when the operation has one).
    public func send(_ request: CSTARequest, session: String?, timeout: Duration = .seconds(30)) async throws -> HTTPResult {
        var headers = [("Content-Type", "application/json; charset=UTF-8"), ("Accept", "application/json")]
        if let session { headers.append((TPILogin.sessionHeader, session)) }
        return try await self.send(method: request.method.rawValue, path: request.path, headers: headers, body: request.bodyData(), timeout: timeout)
    }

    /// TPI login; returns the status and the sessionId (when 200).
    public func tpiLogin(username: String, password: String = "123456", namespace: String? = nil) async throws -> (status: Int, sessionId: String?) {
        let form = TPILogin.formBody(username: username, password: password, namespace: namespace ?? self.namespace)
        let result = try await self.send(
            method: "POST", path: "/login", headers: [("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")],
            body: Data(form.utf8))
        return (result.status, result.json?["sessionId"]?.stringValue)
    }

    /// The simulator's control API (`/sim/...`), through the product's one client of it.
    public var control: SimulatorControlClient { SimulatorControlClient(baseURL: self.baseURL) }

    // MARK: - agents

    /// A logged-in test agent: its session and event client.
    public struct Agent: Sendable {
        /// Job number, e.g. `5001`.
        public let job: String
        /// Extension number, e.g. `8001`.
        public let extensionNumber: String
        /// `5001@demo.cc`.
        public let loginId: String
        /// `8001@demo.cc`.
        public let device: String
        /// The TPI sessionId.
        public let session: String
        /// The event subscription.
        public let events: StompTestClient
    }

    /// TPI login, WebSocket + STOMP subscription to the agent topic, then agent Login; waits for
    /// agentLoggedOn and the mode event (which stay in `events.events`, count 2).
    public func loginAgent(job: String, extension number: String, mode: String = "Ready", legacyTopic: Bool = false) async throws -> Agent {
        let loginId = "\(job)@\(self.namespace)"
        let device = "\(number)@\(self.namespace)"
        let (status, session) = try await self.tpiLogin(username: job)
        guard status == 200, let session else { throw HarnessError(description: "TPI login of \(job) answered \(status)") }
        let topic: EventTopic = legacyTopic ? .legacyAgent(loginId: loginId) : .agent(loginId: loginId)
        let client = try await StompTestClient.connect(to: self.webSocketURL, subscribeTo: topic.destination)
        let login = try await self.send(
            try CSTARequest.login(loginId: loginId, device: device, password: "123456", agentMode: mode, sessionId: session),
            session: session)
        guard login.status == 204 else {
            await client.close()
            throw HarnessError(description: "Login of \(job) answered \(login.status) \(String(decoding: login.body, as: UTF8.self))")
        }
        try await client.waitForEvents(2)
        return Agent(job: job, extensionNumber: number, loginId: loginId, device: device, session: session, events: client)
    }
}

/// A harness step failed.
public struct HarnessError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String

    /// An error with a description.
    public init(description: String) { self.description = description }
}
