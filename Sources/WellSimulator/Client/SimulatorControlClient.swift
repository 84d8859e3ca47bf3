import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import WellProtocol

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The one client of the simulator's control API (`/sim/…`, see ``ControlRoutes``): used by
/// `wellclient sim …`, the tests' harness and the benchmarks.
///
/// ```swift
/// let control = SimulatorControlClient(baseURL: URL(string: "http://127.0.0.1:5088")!)
/// let callId = try await control.ring(to: "8001", from: "13800138000")
/// try await control.outside("13800138000", .hangup)
/// ```
public struct SimulatorControlClient: Sendable {
    /// A control request that failed: the simulator could not be reached, or it answered with an
    /// error status (its message is kept).
    public struct Failure: Error, CustomStringConvertible {
        /// The HTTP status, `nil` when the simulator was not reached.
        public let status: Int?
        /// What went wrong, for people.
        public let description: String
    }

    /// One exchange, whatever its status.
    public struct Reply: Sendable {
        /// The HTTP status.
        public var status: Int
        /// The body as JSON (`nil` when empty or not JSON).
        public var json: JSONValue?
        /// The body as text.
        public var text: String
    }

    /// The control API's two methods.
    public enum Method: String, Sendable {
        /// Reads (`/sim/state`).
        case get = "GET"
        /// Acts.
        case post = "POST"
    }

    /// What an outside party does (`POST /sim/outside/{number}/{action}`).
    public enum OutsideAction: String, Sendable {
        /// Answers the call ringing it.
        case answer
        /// Hangs up.
        case hangup
        /// Refuses the call ringing it as busy.
        case busy
    }

    /// The simulator's base URL (`http://127.0.0.1:PORT`).
    public let baseURL: URL
    private let http: HTTPClient

    /// - Parameters:
    ///   - baseURL: the simulator's base URL.
    ///   - http: the HTTP client (the shared one by default).
    public init(baseURL: URL, http: HTTPClient = .shared) {
        self.baseURL = baseURL
        self.http = http
    }

    /// Sends one control request and returns the reply whatever its status.
    /// - Throws: ``Failure`` (status `nil`) when the simulator cannot be reached in `timeout`.
    public func send(_ method: Method, _ path: String, body: JSONValue? = nil, timeout: Duration = .seconds(10)) async throws(Failure) -> Reply {
        var base = Substring(self.baseURL.absoluteString)
        while base.hasSuffix("/") { base = base.dropLast() }
        var request = HTTPClientRequest(url: String(base) + path)
        request.method = HTTPMethod(rawValue: method.rawValue)
        do {
            if let body {
                request.body = .bytes(ByteBuffer(bytes: try JSONEncoder().encode(body)))
                request.headers.add(name: "Content-Type", value: "application/json")
            }
            let response = try await self.http.execute(request, timeout: .milliseconds(Int64(timeout / .milliseconds(1))))
            let bytes = try await response.body.collect(upTo: 16 << 20)
            let data = Data(bytes.readableBytesView)
            return Reply(
                status: Int(response.status.code),
                json: data.isEmpty ? nil : try? JSONDecoder().decode(JSONValue.self, from: data),
                text: String(decoding: data, as: UTF8.self))
        } catch {
            throw Failure(status: nil, description: "cannot reach the simulator at \(self.baseURL.absoluteString): \(error)")
        }
    }

    /// Sends one control request and returns its JSON body (`nil` for 204).
    /// - Throws: ``Failure`` when the simulator cannot be reached or answers other than 2xx
    ///   (400: the request is malformed, 404: no such party or route, 409: the state does not allow it).
    @discardableResult
    public func call(_ method: Method, _ path: String, body: JSONValue? = nil) async throws(Failure) -> JSONValue? {
        let reply = try await self.send(method, path, body: body)
        guard (200..<300).contains(reply.status) else {
            let message = reply.json?["message"]?.stringValue ?? reply.text
            throw Failure(status: reply.status, description: "the simulator answered \(reply.status): \(message)")
        }
        return reply.json
    }

    // MARK: - typed calls

    /// Rings `to` (an extension or a queue) from the outside number `from`; returns the call id.
    public func ring(to: String, from: String) async throws(Failure) -> String {
        let json = try await self.call(.post, "/sim/ring", body: ["to": .string(to), "from": .string(from)])
        guard let callId = json?["callId"]?.stringValue else {
            throw Failure(status: 200, description: "the simulator's reply to ring has no callId")
        }
        return callId
    }

    /// An outside party answers, hangs up or refuses as busy; for `.busy`, whether a ringing call
    /// was refused.
    @discardableResult
    public func outside(_ number: String, _ action: OutsideAction) async throws(Failure) -> Bool? {
        let json = try await self.call(.post, "/sim/outside/\(PathEncoding.encode(number))/\(action.rawValue)")
        return json?["refusedRingingCall"]?.boolValue
    }

    /// How an outside party treats the calls it gets from now on (`nil`: the simulator's default).
    public enum Behaviour: Sendable {
        /// Answers after `delay`.
        case answer(after: Duration)
        /// Rings until told.
        case ring
        /// Refuses as busy.
        case busy

        /// The behaviour a scenario names (`answer`, `ring`, `busy`; `default` is `nil`).
        /// - Throws: ``Failure`` for any other name.
        public static func named(_ name: String, delayMs: Int) throws(Failure) -> Behaviour? {
            switch name {
            case "answer": .answer(after: .milliseconds(delayMs))
            case "ring": .ring
            case "busy": .busy
            case "default": nil
            default: throw Failure(status: nil, description: "behaviour must be answer, ring, busy or default, not '\(name)'")
            }
        }
    }

    /// Sets how the outside party `number` treats calls from now on.
    public func outside(_ number: String, behaviour: Behaviour?) async throws(Failure) {
        let body: JSONValue =
            switch behaviour {
            case .answer(let delay): ["behaviour": "answer", "delayMs": .number(Double(delay / .milliseconds(1)))]
            case .ring: ["behaviour": "ring"]
            case .busy: ["behaviour": "busy"]
            case nil: ["behaviour": "default"]
            }
        try await self.call(.post, "/sim/outside/\(PathEncoding.encode(number))/behaviour", body: body)
    }

    /// Injects a fault by name (see `SimulatorFault`).
    public func inject(fault name: String) async throws(Failure) {
        try await self.call(.post, "/sim/fault/\(PathEncoding.encode(name))")
    }

    /// The whole model as JSON.
    public func state() async throws(Failure) -> JSONValue {
        guard let json = try await self.call(.get, "/sim/state") else {
            throw Failure(status: 200, description: "the simulator's state reply is empty")
        }
        return json
    }
}
