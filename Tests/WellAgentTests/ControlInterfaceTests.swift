import Foundation
import Testing
import WellAgent
import WellClient
import WellControl
import WellDBus
import WellTestSupport

/// The agent's interface is described once (``ControlMethod``): the live agent's introspection
/// data, the methods its connection accepts and its router must all follow that description.
@Suite("Control interface: one description")
struct ControlInterfaceTests {
    /// A value of `signature` that carries nothing (empty string, array or dictionary).
    static func emptyValue(_ signature: String) -> DBusValue {
        switch signature {
        case "s": .string("")
        case "as": .array(elementSignature: "s", [])
        case "av": .array(elementSignature: "v", [])
        case "a{ss}": .dictionary(keySignature: "s", valueSignature: "s", [])
        case "a{sv}": .dictionary(keySignature: "s", valueSignature: "v", [])
        case "u": .uint32(0)
        default: .string("unexpected signature \(signature)")
        }
    }

    /// The `<method>` elements of `interface` in introspection XML, as name → arguments in order
    /// (each `direction:type`).
    static func methods(in xml: String, interface: String) -> [String: [String]] {
        guard let start = xml.range(of: "<interface name=\"\(interface)\">"),
            let end = xml.range(of: "</interface>", range: start.upperBound..<xml.endIndex)
        else { return [:] }
        var result: [String: [String]] = [:]
        let body = String(xml[start.upperBound..<end.lowerBound])
        for chunk in body.components(separatedBy: "<method name=\"").dropFirst() {
            let name = String(chunk.prefix { $0 != "\"" })
            // A method without arguments is written `<method name="…"/>`: its element ends there.
            let opening = chunk.prefix { $0 != ">" }
            let element = opening.hasSuffix("/") ? String(opening) : chunk.components(separatedBy: "</method>").first ?? chunk
            var arguments: [String] = []
            for arg in element.components(separatedBy: "<arg ").dropFirst() {
                func attribute(_ key: String) -> String {
                    guard let range = arg.range(of: "\(key)=\"") else { return "" }
                    return String(arg[range.upperBound...].prefix { $0 != "\"" })
                }
                arguments.append("\(attribute("direction")):\(attribute("type"))")
            }
            result[name] = arguments
        }
        return result
    }

    @Test("introspection lists exactly the described methods, with their arguments in order")
    func introspectionFollowsTheDescription() async throws {
        try await AgentHarness.run { harness in
            let reply = try await harness.call("Introspect", interface: "org.freedesktop.DBus.Introspectable")
            let xml = try #require(reply.first?.string)
            for interface in [ControlInterface.interface, ControlInterface.applicationInterface] {
                let served = Self.methods(in: xml, interface: interface)
                let described = ControlMethod.allCases.filter { $0.interface == interface }
                #expect(Set(served.keys) == Set(described.map(\.name)), "\(interface)")
                for method in described {
                    let expected = method.inputs.map { "in:\($0.type)" } + method.outputs.map { "out:\($0.type)" }
                    #expect(served[method.name] == expected, "\(method.name)")
                }
            }
        }
    }

    @Test("every described method reaches the router: none is unknown to the bus or to the agent")
    func everyMethodIsRouted() async throws {
        try await AgentHarness.run { harness in
            // Logout last: it ends the session the other calls run in.
            let methods = ControlMethod.allCases.filter { $0 != .logout && $0 != .login } + [.logout]
            for method in methods {
                let arguments = method.inputs.map { Self.emptyValue($0.type) }
                let error = await harness.callError(method.name, arguments, interface: method.interface)
                #expect(error?.name != "org.freedesktop.DBus.Error.UnknownMethod", "\(method.name): \(String(describing: error))")
                #expect(error?.name != "org.freedesktop.DBus.Error.InvalidArgs", "\(method.name): \(String(describing: error))")
                #expect(error?.message.contains("unknown method") != true, "\(method.name): \(String(describing: error))")
            }
            // A method outside the description is refused by the bus layer, before the agent.
            let unknown = await harness.callError("Redial", [])
            #expect(unknown?.name == "org.freedesktop.DBus.Error.UnknownMethod")
        }
    }

    @Test("the client refuses arguments that do not fit the described signature, before sending")
    func clientChecksTheSignature() async {
        let client = AgentControlClient(environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:path=/nonexistent/bus"])
        await #expect(throws: AgentControlFailure.self) { try await client.call(.answer, []) }
        do {
            _ = try await client.call(.singleStepTransfer, [.string("only one")])
            Issue.record("a call with the wrong signature was sent")
        } catch {
            #expect(error.exitCode == .usage)
            #expect(error.message.contains("SingleStepTransfer takes (ss)"))
        }
    }

    @Test(
        "a bus that is gone, hangs up during the handshake or hangs: both call modes end with a message and status 69, the blocking one after its timeout",
        arguments: [AgentControlClient.CallMode.blocking, .concurrent])
    func unreachableBus(mode: AgentControlClient.CallMode) async throws {
        /// `Status` on the bus at `address`, which must fail with status 69; the failure.
        func failure(on address: String, timeout: Duration = .seconds(20)) async -> AgentControlFailure? {
            do {
                _ = try await AgentControlClient(environment: ["DBUS_SESSION_BUS_ADDRESS": address], mode: mode).call(.status, timeout: timeout)
                Issue.record("a call on \(address) succeeded")
                return nil
            } catch {
                #expect(error.exitCode == .unavailable, "\(error)")
                return error
            }
        }
        let gone = await failure(on: "unix:path=/nonexistent/bus")
        #expect(gone?.message.hasPrefix("cannot connect to the session bus at unix:path=/nonexistent/bus: ") == true, "\(String(describing: gone))")
        let hangingUp = try HangingUpBus()
        defer { hangingUp.stop() }
        // The concurrent connection completes its handshake before it returns, the blocking one
        // during the call: the same status, each with what it knows.
        let dropped = await failure(on: hangingUp.address)
        let prefix = mode == .blocking ? "the message bus closed the connection" : "cannot connect to the session bus at \(hangingUp.address): "
        #expect(dropped?.message.hasPrefix(prefix) == true, "\(String(describing: dropped))")
        guard mode == .blocking else { return } // the concurrent connection's own Hello has no time limit
        let silent = try SilentBus()
        defer { silent.stop() }
        let hung = await failure(on: silent.address, timeout: .milliseconds(300))
        #expect(hung?.message == "the message bus did not answer: the bus did not complete the connection within 0.3 seconds", "\(String(describing: hung))")
        #expect(hung?.errorName == DBusError.timeoutName)
    }

    @Test("a caller waits longer than the agent can take: a login in progress, the user's question, the server's reply")
    func replyTimeoutsOutlastTheAgent() {
        let options = AgentOptions(environment: [:])
        let request = WellClientConfiguration(server: .init(url: URL(string: "http://127.0.0.1")!), agent: .init(jobNumber: "1", domain: "d", extensionNumber: "2", password: "")).requestTimeout
        let longestDial = options.loginWait + options.promptTimeout + request
        for method in [ControlMethod.dial, .placeCall] {
            #expect(method.replyTimeout > longestDial, "\(method.name) waits \(method.replyTimeout), the agent may take \(longestDial)")
        }
        #expect(ControlMethod.login.replyTimeout > options.promptTimeout + request * 2)
        for method in ControlMethod.allCases {
            #expect(method.replyTimeout > options.loginWait + request, "\(method.name)")
        }
    }
}
