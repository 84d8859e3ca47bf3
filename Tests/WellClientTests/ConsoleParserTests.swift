import Testing
import WellClient

/// The console's line parser on its own: every command with its arguments, and every way a
/// line can be wrong (each an `invalidArgument` naming the command and its usage).
struct ConsoleParserTests {
    static func parse(_ line: String) throws -> ConsoleRequest? {
        try ConsoleParser.parse(line)?.request
    }

    @Test(arguments: [
        ("makeCall 8002", ConsoleRequest.makeCall(number: "8002")),
        ("dial tel:+8613800138000", .makeCall(number: "tel:+8613800138000")),
        ("answer", .answer(callId: nil)),
        ("answer c1", .answer(callId: "c1")),
        ("drop", .drop(callId: nil)),
        ("hangup c1", .drop(callId: "c1")),
        ("hold c1", .hold(callId: "c1")),
        ("retrieve", .retrieve(callId: nil)),
        ("consult 8003", .consult(number: "8003")),
        ("conference", .conference(held: nil, consult: nil)),
        ("conference c1 c2", .conference(held: "c1", consult: "c2")),
        ("transfer c1 c2", .transfer(held: "c1", consult: "c2")),
        ("cancelConsult", .cancelConsult(held: nil, consult: nil)),
        ("sstransfer 8003", .singleStepTransfer(number: "8003")),
        ("ssconference 8003", .singleStepConference(number: "8003", type: .active)),
        ("ssconference 8003 Silent", .singleStepConference(number: "8003", type: .silent)),
        ("ssconference 8003 silent", .singleStepConference(number: "8003", type: .silent)),
        ("setMode Ready", .setMode(.ready, reason: "")),
        ("setMode notready lunch break", .setMode(.notReady, reason: "lunch break")),
        (
            "callData set order=42 note=a=b empty=",
            .setCallData([
                .init(key: "order", value: "42"), .init(key: "note", value: "a=b"),
                .init(key: "empty", value: ""),
            ])
        ),
        ("callData get", .getCallData(callId: nil)),
        ("callData get c1", .getCallData(callId: "c1")),
        ("memory", .memory),
        ("prefix", .prefix),
        ("startRecording", .startRecording),
        ("stopRecording", .stopRecording),
        ("release", .release(agentId: nil)),
        ("release 5002@demo.cc", .release(agentId: "5002@demo.cc")),
        ("forceDrop 8002@demo.cc c1", .forceDrop(deviceId: "8002@demo.cc", callId: "c1")),
        ("forceJoin 8002@demo.cc c1 8001", .forceJoin(deviceId: "8002@demo.cc", callId: "c1", number: "8001")),
        ("forceTake 8002@demo.cc c1 8001", .forceTake(deviceId: "8002@demo.cc", callId: "c1", number: "8001")),
        ("forceListen c1 8001@demo.cc", .forceListen(callId: "c1", deviceId: "8001@demo.cc")),
        ("forceReady 5002@demo.cc 8002@demo.cc", .forceReady(agentId: "5002@demo.cc", deviceId: "8002@demo.cc")),
        ("forceNotReady 5002@demo.cc 8002@demo.cc", .forceNotReady(agentId: "5002@demo.cc", deviceId: "8002@demo.cc")),
        ("forceLogout 5002@demo.cc 8002@demo.cc", .forceLogout(agentId: "5002@demo.cc", deviceId: "8002@demo.cc")),
        ("logout", .logout),
        ("quit", .quit),
        ("exit", .quit),
        ("  \tanswer   c1  \r", .answer(callId: "c1")),
    ])
    func parsesEveryCommand(line: String, expected: ConsoleRequest) throws {
        #expect(try Self.parse(line) == expected)
    }

    @Test("the verb typed is kept for the reply (an alias stays an alias)")
    func verbAsTyped() throws {
        #expect(try ConsoleParser.parse("dial 8002")?.verb == "dial")
        #expect(try ConsoleParser.parse("hangup")?.verb == "hangup")
    }

    @Test("blank lines are nothing to do")
    func blank() throws {
        for line in ["", "   ", "\t", "\r"] { #expect(try Self.parse(line) == nil) }
    }

    @Test(arguments: [
        ("frobnicate", "frobnicate", "unknown command"),
        ("MakeCall 8002", "MakeCall", "unknown command"),
        ("makeCall", "makeCall", "missing argument"),
        ("makeCall 8002 8003", "makeCall", "too many arguments"),
        ("answer c1 c2", "answer", "too many arguments"),
        ("consult", "consult", "missing argument"),
        ("conference c1", "conference", "both call ids or none"),
        ("transfer c1 c2 c3", "transfer", "too many arguments"),
        ("cancelConsult c1", "cancelConsult", "both call ids or none"),
        ("sstransfer", "sstransfer", "missing argument"),
        ("ssconference 8003 quiet", "ssconference", "Active or Silent"),
        ("ssconference 8003 Silent extra", "ssconference", "too many arguments"),
        ("setMode", "setMode", "missing argument"),
        ("setMode Busy", "setMode", "Ready or NotReady"),
        ("callData", "callData", "missing set or get"),
        ("callData set", "callData", "missing KEY=VALUE"),
        ("callData set order", "callData", "'order' is not KEY=VALUE"),
        ("callData set =42", "callData", "'=42' is not KEY=VALUE"),
        ("callData get c1 c2", "callData", "too many arguments"),
        ("callData delete k", "callData", "neither set nor get"),
        ("memory now", "memory", "takes no arguments"),
        ("logout please", "logout", "takes no arguments"),
        ("forceDrop 8002@demo.cc", "forceDrop", "missing argument"),
        ("forceJoin 8002@demo.cc c1", "forceJoin", "missing argument"),
        ("forceListen c1 8001 extra", "forceListen", "too many arguments"),
        ("forceLogout 5002@demo.cc", "forceLogout", "missing argument"),
    ])
    func rejectsBadLines(line: String, verb: String, why: String) {
        let error = #expect(throws: WellClientError.self) { try ConsoleParser.parse(line) }
        #expect(error?.kind == .invalidArgument)
        #expect(error?.operation == verb)
        #expect(error?.message.contains(why) == true, "\(String(describing: error))")
        if why != "unknown command" {
            #expect(error?.message.contains("usage: \(verb == "hangup" ? "drop" : verb)") == true, "\(String(describing: error))")
        }
    }

    @Test("a hostile unknown word is cut in the error, not echoed whole")
    func longUnknownWord() {
        let word = String(repeating: "x", count: 10_000)
        let error = #expect(throws: WellClientError.self) { try ConsoleParser.parse(word) }
        #expect((error?.operation?.count ?? 0) <= 64)
        #expect((error?.message.count ?? 0) < 200)
    }
}
