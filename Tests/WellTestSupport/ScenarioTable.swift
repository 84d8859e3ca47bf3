import Foundation
import WellProtocol
import WellSimulator

/// The expected event sequences of the protocol scenarios (`Resources/scenarios.json`), the one
/// table the simulator tests and the client-core tests both read.
public struct ScenarioTable: Sendable, Decodable {
    /// A participant placeholder: an agent (job + extension), an outside number or a queue.
    public struct Role: Sendable, Decodable, Hashable {
        /// Job number of an agent role.
        public var job: String?
        /// Extension of an agent role.
        public var `extension`: String?
        /// Number of an outside role.
        public var outside: String?
        /// Number of a queue role.
        public var queue: String?

        /// The dialable number of the role.
        public var number: String { self.extension ?? self.outside ?? self.queue ?? "" }
    }

    /// Who is logged in (in which mode) before the steps run.
    public struct Setup: Sendable, Decodable, Hashable {
        /// Agent roles logged in before the first step (their login events are not part of the steps).
        public var loggedIn: [String]
        /// Their initial mode.
        public var mode: String
        /// The tenant's after-call work in seconds (absent: off).
        public var wrapUpSeconds: Int?

        /// The simulator configuration this scenario runs against.
        public var simulator: SimulatorConfiguration {
            .testing(tenant: SimulatorTenant(wrapUpSeconds: self.wrapUpSeconds ?? 0))
        }
    }

    /// One expected event.
    public struct ExpectedEvent: Sendable, Decodable, Hashable, CustomStringConvertible {
        /// `eventName`.
        public var event: String
        /// Call placeholder (`C1`, `C2`) the event's `callId` must be bound to.
        public var call: String?
        /// Fields to compare (values may be placeholders; dotted names look inside objects).
        public var fields: [String: String]?

        /// `delivered(C1)`.
        public var description: String { self.call.map { "\(self.event)(\($0))" } ?? self.event }
    }

    /// One action and what each role receives because of it.
    public struct Step: Sendable, Decodable, Hashable {
        /// The action: login, setState, logout, makeCall, answer, drop, hold, retrieve,
        /// singleStepTransfer, singleStepConference, consult, conference, transfer, cancelConsult,
        /// spy, setCallData, ring, outsideAnswer, outsideHangup, outsideBusy, outsideBehaviour.
        public var `do`: String
        /// Its arguments (`agent`, `device`, `call`, `to`, `from`, `bind`, `as`, `mode`, …; values may be placeholders).
        public var args: [String: String]?
        /// Per role, exactly the events it receives because of this step, in order.
        public var expect: [String: [ExpectedEvent]]

        /// An argument, or `""`.
        public func arg(_ name: String) -> String { self.args?[name] ?? "" }
    }

    /// One scenario (docs/protocol.md §11).
    public struct Scenario: Sendable, Decodable, Hashable, CustomStringConvertible {
        /// Stable id, e.g. `consult-transfer`.
        public var id: String
        /// What happens.
        public var title: String
        /// Where the sequence comes from.
        public var source: String
        /// Initial logins.
        public var setup: Setup
        /// The steps.
        public var steps: [Step]
        /// Deliberate deviations and choices.
        public var notes: String?

        /// The id.
        public var description: String { self.id }

        /// Every agent role that receives events in this scenario or is logged in by it.
        public var agentRoles: [String] {
            var roles = self.setup.loggedIn
            for step in self.steps {
                for role in step.expect.keys.sorted() where !roles.contains(role) { roles.append(role) }
                if step.do == "login", !roles.contains(step.arg("agent")) { roles.append(step.arg("agent")) }
            }
            return roles
        }

        /// The full expected sequence of `role` over all steps.
        public func expected(for role: String) -> [ExpectedEvent] {
            self.steps.flatMap { $0.expect[role] ?? [] }
        }
    }

    /// The format version.
    public var version: Int
    /// Placeholders.
    public var roles: [String: Role]
    /// The tenant namespace.
    public var namespace: String
    /// The agents' password.
    public var password: String
    /// The scenarios.
    public var scenarios: [Scenario]

    /// Loads the bundled table.
    public static func load() throws -> ScenarioTable {
        guard
            let url = Bundle.module.url(forResource: "scenarios", withExtension: "json", subdirectory: "Resources")
                ?? Bundle.module.url(forResource: "scenarios", withExtension: "json")
        else { throw CocoaError(.fileNoSuchFile) }
        return try JSONDecoder().decode(ScenarioTable.self, from: Data(contentsOf: url))
    }

    /// The bundled table (crashes the test run if the resource is broken — a test bug).
    public static let shared: ScenarioTable = {
        do { return try ScenarioTable.load() } catch { fatalError("scenarios.json: \(error)") }
    }()

    /// A scenario by id.
    public func scenario(_ id: String) -> Scenario? { self.scenarios.first { $0.id == id } }

    /// The device id of a role (`A` → `8001@demo.cc`).
    public func device(_ role: String) -> String? {
        self.roles[role].map { "\($0.number)@\(self.namespace)" }
    }

    /// The login id of an agent role (`A` → `5001@demo.cc`).
    public func loginId(_ role: String) -> String? {
        self.roles[role]?.job.map { "\($0)@\(self.namespace)" }
    }
}

extension ScenarioTable {
    /// Compares received events with the expected ones for one role.
    ///
    /// - Parameters:
    ///   - calls: call placeholders bound so far; unbound ones are bound on first sight.
    /// - Returns: mismatch descriptions (empty = match).
    public func mismatches(
        expected: [ExpectedEvent], received: [WireEvent], role: String, calls: inout [String: String]
    ) -> [String] {
        var problems: [String] = []
        if expected.count != received.count {
            problems.append("\(role): expected \(expected.map(\.description)), received \(received.map { "\($0.eventName?.rawValue ?? "?")(\(self.callName($0.callId, calls)))" })")
        }
        for (index, (want, got)) in zip(expected, received).enumerated() {
            let prefix = "\(role)[\(index)] \(want)"
            if got.eventName?.rawValue != want.event {
                problems.append("\(prefix): got \(got.eventName?.rawValue ?? "nil")")
                continue
            }
            if let call = want.call {
                if let bound = calls[call] {
                    if got.callId != bound { problems.append("\(prefix): callId \(got.callId ?? "nil") is not \(call)=\(bound)") }
                } else if let id = got.callId {
                    if calls.values.contains(id) { problems.append("\(prefix): callId \(id) is already bound to another placeholder") }
                    calls[call] = id
                }
            }
            for (name, value) in (want.fields ?? [:]).sorted(by: { $0.key < $1.key }) {
                let expectedValue = self.resolve(value, calls: calls)
                let actual = Self.field(name, of: got)
                if actual != expectedValue { problems.append("\(prefix): \(name) = \(actual ?? "nil"), expected \(expectedValue)") }
            }
            problems += Self.invariantProblems(got, receiver: self.device(role) ?? "", prefix: prefix)
        }
        return problems
    }

    /// Placeholder → value: a role → its device, `A@agent` → its login id, a bound call → its id.
    public func resolve(_ value: String, calls: [String: String]) -> String {
        if value.hasSuffix("@agent"), let login = self.loginId(String(value.dropLast(6))) { return login }
        if let device = self.device(value) { return device }
        if let call = calls[value] { return call }
        return value
    }

    private func callName(_ id: String?, _ calls: [String: String]) -> String {
        guard let id else { return "" }
        return calls.first { $0.value == id }?.key ?? String(id.prefix(8))
    }

    /// A (dotted) member of an event as a string.
    public static func field(_ name: String, of event: WireEvent) -> String? {
        var value: JSONValue? = .object(event.json)
        for part in name.split(separator: ".") { value = value?[String(part)] }
        switch value {
        case .string(let text)?: return text
        case .number?: return value?.intValue.map(String.init)
        case .bool(let flag)?: return String(flag)
        default: return nil
        }
    }

    /// The invariants every pushed event satisfies (see the table's description).
    public static func invariantProblems(_ event: WireEvent, receiver: String, prefix: String) -> [String] {
        var problems: [String] = []
        if event.srcDeviceId != receiver { problems.append("\(prefix): srcDeviceId \(event.srcDeviceId ?? "nil") is not \(receiver)") }
        if event.serial == nil { problems.append("\(prefix): no serial") }
        if event.eventType != event.eventName?.eventType { problems.append("\(prefix): eventType \(event.eventType ?? "nil")") }
        if event.eventTime.flatMap({ EventTime.date(from: $0) }) == nil { problems.append("\(prefix): eventTime \(event.eventTime ?? "nil")") }
        if event.params == nil || event.typeName == nil || event.topics == nil { problems.append("\(prefix): params/_type/topics missing") }
        if let callId = event.callId, let device = event.deviceId, event.connectionId != "\(device)|\(callId)" {
            problems.append("\(prefix): connectionId \(event.connectionId ?? "nil") is not deviceId|callId")
        }
        return problems
    }
}
