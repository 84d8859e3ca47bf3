import Foundation
import Testing
import WellProtocol
import WellSimulator
import WellTestSupport

/// `wellclient console` as an integrator uses it: the real binary, commands on its standard
/// input, JSON lines on its standard output, against the simulator. Each command's effect is
/// checked at the simulator (the server's truth), not only by the console's "ok".
@Suite("wellclient console", .timeLimit(.minutes(5)))
struct ConsoleProcessTests {
    static let customer = "13800138000"
    static let other = "13900139000"

    /// Outside parties answer after 50 ms, so calls to them connect on their own.
    static let simulator = SimulatorConfiguration.testing(outsideParty: .answer(after: .milliseconds(50)))

    static func calls(_ sim: SimulatorHarness) async -> [JSONValue] {
        await sim.simulator.state()["calls"]?.arrayValue ?? []
    }

    /// The state of `number`'s party in the call `callId` (nil: not in it, or no such call).
    static func partyState(_ sim: SimulatorHarness, _ callId: String, _ number: String) async -> String? {
        let call = await calls(sim).first { $0["callId"]?.stringValue == callId }
        let party = call?["parties"]?.arrayValue?.first { $0["device"]?.stringValue?.hasPrefix(number + "@") == true }
        return party?["state"]?.stringValue
    }

    static func agent(_ sim: SimulatorHarness, _ job: String) async -> JSONValue? {
        await sim.simulator.state()["agents"]?.arrayValue?.first { $0["agentId"]?.stringValue == "\(job)@\(sim.namespace)" }
    }

    /// Ends what is left of the calls: every outside party still in one hangs up.
    static func hangUpOutsideParties(_ sim: SimulatorHarness) async throws {
        for call in await calls(sim) {
            for party in call["parties"]?.arrayValue ?? [] where party["outside"] == true {
                guard let device = party["device"]?.stringValue else { continue }
                try? await sim.simulator.hangup(from: String(device.prefix { $0 != "@" }))
            }
        }
        try await eventually("no calls") { await calls(sim).isEmpty }
    }

    /// Waits until the console's call model is empty (the events of the calls' ends applied).
    static func noCalls(in console: ConsoleSession) async throws {
        try await eventually("no call in the console's model") {
            (try? await console.run("memory"))?["value"]?["calls"]?.arrayValue?.isEmpty == true
        }
    }

    @Test("every call operation, call data, memory, prefix, recording and setMode; logout ends the console with 0")
    func callOperations() async throws {
        try await SimulatorHarness.with(Self.simulator) { sim in
            let (_, ending) = try await ConsoleSession.with(ConsoleSession.arguments(sim, job: "5001", ext: "8001")) { console in
                let login = try await console.nextReply()
                #expect(ConsoleSession.text(login) == #"{"ok":true,"result":"login"}"#)
                #expect(try await console.ok("setMode NotReady lunch")?["pendingMode"] == false)
                #expect(await Self.agent(sim, "5001")?["agentMode"] == "NotReady")
                #expect(await Self.agent(sim, "5001")?["reason"] == "lunch")
                try await console.ok("setMode Ready")
                #expect(await Self.agent(sim, "5001")?["agentMode"] == "Ready")
                #expect(try await console.ok("prefix") == ["9"])

                // Inbound: answer, hold, retrieve, call data, recording, hang up.
                let inbound = try await sim.simulator.ring("8001", from: Self.customer)
                try await console.event("delivered") { $0["callId"]?.stringValue == inbound }
                try await console.ok("answer")
                #expect(await Self.partyState(sim, inbound, "8001") == "Connect")
                try await console.event("established") { $0["callId"]?.stringValue == inbound }
                try await console.ok("hold \(inbound)")
                #expect(await Self.partyState(sim, inbound, "8001") == "Hold")
                try await console.event("held")
                try await console.ok("retrieve")
                #expect(await Self.partyState(sim, inbound, "8001") == "Connect")
                try await console.event("retrieved")
                try await console.ok("callData set order=42 note=a=b")
                let data = try await console.ok("callData get")
                #expect(data?["order"] == "42" && data?["note"] == "a=b", "\(String(describing: data))")
                try await console.ok("startRecording")
                try await console.event("recordStarted")
                try await console.ok("stopRecording")
                try await console.event("recordStopped")
                let memory = try await console.ok("memory")
                #expect(memory?["calls"]?.arrayValue?.first?["callId"]?.stringValue == inbound, "\(String(describing: memory))")
                try await console.ok("hangup")
                #expect(await Self.calls(sim).isEmpty)
                try await console.event("connectionCleared") { $0["callId"]?.stringValue == inbound }

                // Outbound, then consult and cancel, consult and conference.
                let firstDial = ContinuousClock.now
                let outbound = try #require(try await console.ok("makeCall \(Self.customer)")?.stringValue)
                try await eventually("the customer answering") { await Self.partyState(sim, outbound, Self.customer) == "Connect" }
                try await console.event("established") { $0["callId"]?.stringValue == outbound }
                let consult = try #require(try await console.ok("consult \(Self.other)")?.stringValue)
                #expect(await Self.partyState(sim, outbound, "8001") == "Hold")
                try await eventually("the consulted party answering") { await Self.partyState(sim, consult, Self.other) == "Connect" }
                try await console.event("established") { $0["callId"]?.stringValue == consult }
                try await console.ok("cancelConsult")
                try await eventually("the consultation gone") { await Self.partyState(sim, consult, "8001") == nil }
                #expect(await Self.partyState(sim, outbound, "8001") == "Connect")
                try await console.event("retrieved") { $0["callId"]?.stringValue == outbound }
                let second = try #require(try await console.ok("consult \(Self.other)")?.stringValue)
                try await eventually("the consulted party answering") { await Self.partyState(sim, second, Self.other) == "Connect" }
                try await console.event("established") { $0["callId"]?.stringValue == second }
                try await console.ok("conference \(outbound) \(second)")
                try await console.event("conferenced")
                let parties = await Self.calls(sim).first?["parties"]?.arrayValue ?? []
                #expect(parties.count == 3, "\(parties)")
                try await console.ok("drop")
                try await eventually("8001 out of the conference") {
                    await Self.calls(sim).allSatisfy { call in
                        !(call["parties"]?.arrayValue ?? []).contains { $0["device"]?.stringValue?.hasPrefix("8001@") == true }
                    }
                }

                // Consult and transfer: 8001 leaves, the two outside parties stay connected.
                try await Self.hangUpOutsideParties(sim)
                try await Self.noCalls(in: console)
                let third = try await sim.simulator.ring("8001", from: Self.customer)
                try await console.event("delivered") { $0["callId"]?.stringValue == third }
                try await console.ok("answer \(third)")
                try await console.event("established") { $0["callId"]?.stringValue == third }
                let fourth = try #require(try await console.ok("consult \(Self.other)")?.stringValue)
                try await eventually("the consulted party answering") { await Self.partyState(sim, fourth, Self.other) == "Connect" }
                try await console.event("established") { $0["callId"]?.stringValue == fourth }
                try await console.ok("transfer")
                try await eventually("the transfer") { await Self.calls(sim).count == 1 }
                #expect(await Self.partyState(sim, third, "8001") == nil)
                #expect(await Self.partyState(sim, third, Self.customer) == "Connect")
                #expect(await Self.partyState(sim, third, Self.other) == "Connect")
                try await console.event("transferred")

                // Single-step transfer and single-step conference (Silent).
                try await Self.hangUpOutsideParties(sim)
                try await Self.noCalls(in: console)
                let fifth = try await sim.simulator.ring("8001", from: Self.customer)
                try await console.event("delivered") { $0["callId"]?.stringValue == fifth }
                try await console.ok("answer")
                try await console.event("established") { $0["callId"]?.stringValue == fifth }
                try await console.ok("sstransfer \(Self.other)")
                try await eventually("8001 out of the call") { await Self.partyState(sim, fifth, "8001") == nil }
                try await console.event("connectionCleared") { $0["callId"]?.stringValue == fifth }
                try await Self.hangUpOutsideParties(sim)
                try await Self.noCalls(in: console)
                // The client allows one dial per 2 s (a product rule, not an ordering wait).
                try await Task.sleep(until: firstDial + .seconds(2.2))
                let sixth = try #require(try await console.ok("dial \(Self.customer)")?.stringValue)
                try await eventually("the customer answering") { await Self.partyState(sim, sixth, Self.customer) == "Connect" }
                try await console.event("established") { $0["callId"]?.stringValue == sixth }
                try await console.ok("ssconference \(Self.other) Silent")
                try await eventually("the silent participant") { await Self.partyState(sim, sixth, Self.other) == "Connect" }
                try await console.ok("drop")
                try await Self.hangUpOutsideParties(sim)
                try await console.event("connectionCleared") { $0["callId"]?.stringValue == sixth }

                try await console.ok("logout")
                #expect(await Self.agent(sim, "5001")?["device"] == nil)
            }
            #expect(ending.exitCode == 0, "\(ending)")
        }
    }

    @Test("the force operations on another agent's call and state, and release of an allocated agent")
    func forceOperations() async throws {
        try await SimulatorHarness.with(Self.simulator) { sim in
            let ns = sim.namespace
            let agentB = ConsoleSession.arguments(sim, job: "5002", ext: "8002")
            let (_, endingB) = try await ConsoleSession.with(agentB) { b in
                #expect(try await b.nextReply()["ok"] == true)
                try await b.ok("setMode Ready")
                let (_, endingS) = try await ConsoleSession.with(ConsoleSession.arguments(sim, job: "5001", ext: "8001")) { s in
                    #expect(try await s.nextReply()["ok"] == true)
                    try await s.ok("setMode Ready")

                    // forceJoin: 8001 joins B's call; then leaves it.
                    let first = try await sim.simulator.ring("8002", from: Self.customer)
                    try await b.event("delivered") { $0["callId"]?.stringValue == first }
                    try await b.ok("answer")
                    try await s.ok("forceJoin 8002@\(ns) \(first) 8001")
                    try await s.event("delivered") { $0["callId"]?.stringValue == first }
                    try await s.ok("answer")
                    #expect(await Self.partyState(sim, first, "8001") == "Connect")
                    #expect(await Self.partyState(sim, first, "8002") == "Connect")
                    try await s.ok("drop")
                    #expect(await Self.partyState(sim, first, "8001") == nil)

                    // forceTake: B's connection goes to 8001.
                    let beforeTake = s.mark
                    try await s.ok("forceTake 8002@\(ns) \(first) 8001")
                    try await s.event("delivered", after: beforeTake) { $0["callId"]?.stringValue == first }
                    try await eventually("8002 out of the call") { await Self.partyState(sim, first, "8002") == nil }
                    try await s.ok("answer")
                    #expect(await Self.partyState(sim, first, "8001") == "Connect")
                    try await s.ok("drop")
                    try await eventually("no calls") { await Self.calls(sim).isEmpty }

                    // forceListen, then forceDrop of B's connection.
                    let second = try await sim.simulator.ring("8002", from: Self.customer)
                    try await b.event("delivered") { $0["callId"]?.stringValue == second }
                    try await b.ok("answer")
                    try await s.ok("forceListen \(second) 8001@\(ns)")
                    let monitored = await Self.calls(sim).first?["parties"]?.arrayValue ?? []
                    #expect(monitored.contains { $0["device"]?.stringValue == "8001@\(ns)" && $0["monitor"] == true }, "\(monitored)")
                    try await s.ok("forceDrop 8002@\(ns) \(second)")
                    try await eventually("8002 out of the call") { await Self.partyState(sim, second, "8002") == nil }
                    try await b.event("connectionCleared") { $0["callId"]?.stringValue == second }
                    try await Self.hangUpOutsideParties(sim)
                    // The monitor's model lets go of the call too (else its logout is refused).
                    try await Self.noCalls(in: s)

                    // B's state, from the supervisor.
                    let beforeNotReady = b.mark
                    try await s.ok("forceNotReady 5002@\(ns) 8002@\(ns)")
                    #expect(await Self.agent(sim, "5002")?["agentMode"] == "NotReady")
                    try await b.event("agentNotReady", after: beforeNotReady)
                    let beforeReady = b.mark
                    try await s.ok("forceReady 5002@\(ns) 8002@\(ns)")
                    #expect(await Self.agent(sim, "5002")?["agentMode"] == "Ready")
                    try await b.event("agentReady", after: beforeReady)
                    try await s.ok("forceLogout 5002@\(ns) 8002@\(ns)")
                    #expect(await Self.agent(sim, "5002")?["device"] == nil)
                    try await b.event("agentLoggedOff")

                    // release: the supervisor itself is allocated for a campaign, then released.
                    try await sim.simulator.allocate(agentId: "5001@\(ns)")
                    try await s.event("agentAllocated")
                    let beforeRelease = s.mark
                    try await s.ok("release")
                    #expect(await Self.agent(sim, "5001")?["agentMode"] != "Allocated")
                    // Released: agentReady clears the client's allocation (a logout is refused while allocated).
                    try await s.event("agentReady", after: beforeRelease)
                    try await s.ok("logout")
                }
                #expect(endingS.exitCode == 0, "\(endingS)")
            }
            // B was logged out by the supervisor: the end of its input has nothing to log out.
            #expect(endingB.exitCode == 0, "\(endingB)")
        }
    }

    @Test("bad commands and bad arguments get one JSON error line each and the console goes on; end of input logs out, exit 0")
    func badInputAndEndOfInput() async throws {
        try await SimulatorHarness.with(Self.simulator) { sim in
            let bad = [
                ("frobnicate", "frobnicate", "unknown command"),
                ("makeCall", "makeCall", "missing argument"),
                ("setMode Busy", "setMode", "Ready or NotReady"),
                ("ssconference 8003 quiet", "ssconference", "Active or Silent"),
                ("callData set order", "callData", "not KEY=VALUE"),
                ("conference c1", "conference", "both call ids or none"),
                ("answer", "answer", "no call"), // refused by the client
                ("makeCall tel:1-800-FLOWERS", "makeCall", "letter"),
                ("forceDrop 8002@demo.cc no-such-call", "forceDrop", "HTTP 404"), // refused by the server
            ]
            let (_, ending) = try await ConsoleSession.with(ConsoleSession.arguments(sim, job: "5001", ext: "8001")) { console in
                #expect(try await console.nextReply()["ok"] == true)
                for (line, verb, why) in bad {
                    let before = console.lines.filter { $0["result"] != nil }.count
                    let reply = try await console.run(line)
                    #expect(reply["ok"] == false && reply["result"]?.stringValue == verb, "\(line) → \(ConsoleSession.text(reply))")
                    #expect(reply["error"]?.stringValue?.contains(why) == true, "\(line) → \(ConsoleSession.text(reply))")
                    #expect(reply["kind"] != nil)
                    // One reply line per command: the next command's reply is the next result line.
                    #expect(console.lines.filter { $0["result"] != nil }.count == before + 1)
                }
                #expect(await Self.calls(sim).isEmpty, "no call placed by a bad line")
                // Blank lines are nothing; the console still works.
                try await console.send("")
                try await console.send("   ")
                try await console.ok("setMode NotReady")
                try await console.closeInput()
                let logout = try await console.nextReply()
                #expect(ConsoleSession.text(logout) == #"{"ok":true,"result":"logout"}"#)
            }
            #expect(ending.exitCode == 0, "\(ending)")
            #expect(await Self.agent(sim, "5001")?["device"] == nil, "logged out at the server")
        }
    }

    @Test("the password from the first line of standard input; none at all is exit 64; --password is no option")
    func passwordSources() async throws {
        try await SimulatorHarness.with(Self.simulator) { sim in
            let arguments = ConsoleSession.arguments(sim, job: "5003", ext: "8003")
            let (_, fromInput) = try await ConsoleSession.with(arguments, passwordOnStandardInput: true) { console in
                let login = try await console.nextReply()
                #expect(ConsoleSession.text(login) == #"{"ok":true,"result":"login"}"#)
                #expect(await Self.agent(sim, "5003")?["device"]?.stringValue == "8003@\(sim.namespace)")
            }
            #expect(fromInput.exitCode == 0, "\(fromInput)")

            let (_, wrong) = try await ConsoleSession.with(arguments, password: "654321") { console in
                let reply = try await console.nextReply()
                #expect(reply["ok"] == false && reply["result"] == "login", "\(ConsoleSession.text(reply))")
            }
            #expect(wrong.exitCode == 1, "\(wrong)")

            let (_, none) = try await ConsoleSession.with(arguments, password: nil) { _ in }
            #expect(none.exitCode == 64, "\(none)")
            #expect(none.standardError.contains("WELLCLIENT_PASSWORD"), "\(none)")

            let (_, option) = try await ConsoleSession.with(arguments + ["--password", "123456"]) { _ in }
            #expect(option.exitCode == 64, "\(option)")
            #expect(option.standardError.contains("--password"), "\(option)")

            let (_, badTimeout) = try await ConsoleSession.with(arguments + ["--timeout", "0"]) { _ in }
            #expect(badTimeout.exitCode == 64, "\(badTimeout)")
            #expect(badTimeout.standardError.contains("--timeout must be 1 to 300 seconds"), "\(badTimeout)")
            #expect(await Self.agent(sim, "5003")?["device"] == nil)
        }
    }

    @Test("ten consoles started at once all log in")
    func tenAtOnce() async throws {
        try await SimulatorHarness.with(Self.simulator) { sim in
            let endings = try await withThrowingTaskGroup(of: (String, JSONValue, ConsoleSession.Ending).self) { group in
                for index in 0..<10 {
                    // Ten processes logging in and out at once beside the whole suite: a generous
                    // bound per reply, so a slow moment is not a failed logout.
                    let arguments = ConsoleSession.arguments(sim, job: String(5001 + index), ext: String(8001 + index)) + ["--timeout", "60"]
                    group.addTask {
                        let (login, ending) = try await ConsoleSession.with(arguments) { console in try await console.nextReply() }
                        return (arguments[4], login, ending)
                    }
                }
                var all: [(String, JSONValue, ConsoleSession.Ending)] = []
                for try await result in group { all.append(result) }
                return all
            }
            #expect(endings.count == 10)
            for (job, login, ending) in endings {
                #expect(ConsoleSession.text(login) == #"{"ok":true,"result":"login"}"#, "agent \(job): \(ConsoleSession.text(login))")
                #expect(ending.exitCode == 0, "agent \(job): \(ending)")
            }
        }
    }
}
