import Foundation
import Testing
import WellProtocol

@testable import WellSimulator

/// After-call work in the pure call model: which calls start it, what it emits, how it ends.
struct PBXWrapUpTests {
    static let tenant = SimulatorTenant(wrapUpSeconds: 15)

    /// 5001 Ready on 8001 takes a queue call from 13800138000 and answers it; returns the PBX and call id.
    static func answeredQueueCall(tenant: SimulatorTenant = Self.tenant) throws -> (PBX, String) {
        var pbx = try PBXTests.loggedIn([("5001", "8001"), ("5002", "8002")], tenant: tenant)
        _ = try pbx.setState(agentId: "5002@demo.cc", device: nil, mode: "NotReady", reason: "")
        let (callId, _) = try pbx.ring(target: "7000", from: "13800138000")
        _ = try pbx.answer(callId: callId, device: "8001@demo.cc")
        return (pbx, callId)
    }

    @Test func answeredQueueCallEndsInAfterCallWorkThenReady() throws {
        let (start, callId) = try Self.answeredQueueCall()
        var pbx = start
        let ended = try pbx.outsideHangup("13800138000")
        #expect(PBXTests.names(ended, for: "5001") == ["connectionCleared", "connectionCleared", "agentWorkingAfterCall"])
        let event = try #require(ended.events.last)
        #expect(event.agentMode == "WorkNotReady" && event.agentId == "5001@demo.cc" && event.eventType == "agent")
        #expect(ended.last == .endWrapUpLater(job: "5001", generation: 1, delay: .seconds(15)))
        #expect(pbx.agents["5001"]?.mode == "WorkNotReady")
        #expect(pbx.calls[callId] == nil)
        // A queue call waiting now is not offered to an agent in after-call work.
        let (waiting, offered) = try pbx.ring(target: "7000", from: "13900000000")
        #expect(offered.isEmpty && pbx.calls[waiting]?.queuedIn == "7000")
        // The time runs out: Ready, and the waiting call rings.
        let fired = pbx.wrapUpTimerFired(job: "5001", generation: 1)
        #expect(PBXTests.names(fired, for: "5001") == ["agentReady", "delivered"])
        #expect(pbx.agents["5001"]?.mode == "Ready")
    }

    @Test func settingReadyEndsItEarlyAndTheOldTimerEndsNothing() throws {
        var pbx = try Self.answeredQueueCall().0
        _ = try pbx.outsideHangup("13800138000")
        let ready = try pbx.setState(agentId: "5001@demo.cc", device: nil, mode: "Ready", reason: "")
        #expect(!ready.pending && PBXTests.names(ready.effects, for: "5001") == ["agentReady"])
        _ = try pbx.setState(agentId: "5001@demo.cc", device: nil, mode: "NotReady", reason: "Lunch")
        // The first period's timer fires late: the agent's own NotReady stays.
        #expect(pbx.wrapUpTimerFired(job: "5001", generation: 1).isEmpty)
        #expect(pbx.agents["5001"]?.mode == "NotReady" && pbx.agents["5001"]?.reason == "Lunch")
    }

    @Test func aModeAskedForDuringTheCallWins() throws {
        var pbx = try Self.answeredQueueCall().0
        let deferred = try pbx.setState(agentId: "5001@demo.cc", device: nil, mode: "NotReady", reason: "Break")
        #expect(deferred.pending)
        let ended = try pbx.outsideHangup("13800138000")
        #expect(PBXTests.names(ended, for: "5001").last == "agentNotReady")
        #expect(!ended.contains { if case .endWrapUpLater = $0 { true } else { false } })
        #expect(pbx.agents["5001"]?.mode == "NotReady")
    }

    @Test func onlyAnsweredInboundQueueCallsStartIt() throws {
        // Wrap-up off (the default tenant): the same call leaves the agent Ready.
        var off = try Self.answeredQueueCall(tenant: SimulatorTenant()).0
        #expect(PBXTests.names(try off.outsideHangup("13800138000"), for: "5001").last == "connectionCleared")
        #expect(off.agents["5001"]?.mode == "Ready")
        // A direct inbound call to the extension (no queue) starts none.
        var direct = try PBXTests.loggedIn([("5001", "8001")], tenant: Self.tenant)
        let (callId, _) = try direct.ring(target: "8001", from: "13800138000")
        _ = try direct.answer(callId: callId, device: "8001@demo.cc")
        _ = try direct.drop(callId: callId, device: "8001@demo.cc")
        #expect(direct.agents["5001"]?.mode == "Ready")
        // A queue call that rang and was abandoned starts none.
        var abandoned = try PBXTests.loggedIn([("5001", "8001")], tenant: Self.tenant)
        _ = try abandoned.ring(target: "7000", from: "13800138000")
        _ = try abandoned.outsideHangup("13800138000")
        #expect(abandoned.agents["5001"]?.mode == "Ready")
        // An outbound call starts none.
        var outbound = try PBXTests.loggedIn([("5001", "8001"), ("5002", "8002")], tenant: Self.tenant)
        let (out, _) = try outbound.makeCall(from: "8001@demo.cc", to: "8002")
        _ = try outbound.answer(callId: out, device: "8002@demo.cc")
        _ = try outbound.drop(callId: out, device: "8001@demo.cc")
        #expect(outbound.agents["5001"]?.mode == "Ready" && outbound.agents["5002"]?.mode == "Ready")
    }

    @Test func recoveryReportsWorkNotReady() throws {
        var pbx = try Self.answeredQueueCall().0
        _ = try pbx.outsideHangup("13800138000")
        #expect(pbx.clientState(job: "5001")["agent"]?["agentMode"]?.stringValue == "WorkNotReady")
    }
}
