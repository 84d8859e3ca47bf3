import Testing
@testable import WellClient
import WellProtocol

struct CallModelTests {
    let me = "8001@demo.cc"
    func model() -> CallModel {
        CallModel(agentId: "5001@demo.cc", deviceId: me, isInternal: { $0.hasPrefix("8") && $0.count == 4 })
    }
    func e(_ name: String, _ fields: [String: JSONValue]) -> WellEvent { EventFixtures.event(name, fields, src: me) }

    @Test func outboundCallLifecycle() {
        var m = model()
        m.apply(e("serviceInitiated", ["callId": "c1", "initiatedDevice": .string(me)]))
        #expect(m.memory.call("c1")?.ownState == .initiated)
        #expect(m.memory.call("c1")?.origin == .dialed)
        m.apply(e("originated", ["callId": "c1", "callingDevice": .string(me), "calledDevice": "8002@demo.cc"]))
        m.apply(e("delivered", ["callId": "c1", "alertingDevice": "8002@demo.cc", "callingDevice": .string(me), "calledDevice": "8002@demo.cc"]))
        #expect(m.memory.call("c1")?.party("8002@demo.cc")?.state == .alerting)
        #expect(m.memory.call("c1")?.isCalling == true)
        m.apply(e("established", ["callId": "c1", "answeringDevice": "8002@demo.cc", "callingDevice": .string(me), "calledDevice": "8002@demo.cc"]))
        #expect(m.memory.call("c1")?.ownState == .connected)
        #expect(m.memory.call("c1")?.establishedAt != nil)
        #expect(m.apply(e("connectionCleared", ["callId": "c1", "releasingDevice": "8002@demo.cc"])).isEmpty)
        #expect(m.memory.call("c1")?.otherParties.isEmpty == true)
        let derived = m.apply(e("connectionCleared", ["callId": "c1", "releasingDevice": .string(me)]))
        #expect(m.memory.calls.isEmpty)
        guard case .callEnded(let info)? = derived.first else {
            Issue.record("no callEnded")
            return
        }
        #expect(info.wasEstablished && info.isCaller && !info.isOutCall)
        #expect(info.partyDevice == "8002@demo.cc")
    }

    @Test func inboundCallNotOriginatedHere() {
        var m = model()
        m.apply(e("delivered", ["callId": "c9", "alertingDevice": .string(me), "callingDevice": "13800138000@demo.cc", "calledDevice": .string(me), "split": "7000@demo.cc"]))
        let call = m.memory.call("c9")
        #expect(call?.origin == .received)
        #expect(call?.ownState == .alerting)
        #expect(call?.isCalling == false)
        #expect(call?.party("13800138000@demo.cc")?.state == .connected)
        m.apply(e("established", ["callId": "c9", "answeringDevice": .string(me), "callingDevice": "13800138000@demo.cc", "calledDevice": .string(me)]))
        #expect(m.memory.call("c9")?.ownState == .connected)
        let derived = m.apply(e("connectionCleared", ["callId": "c9", "releasingDevice": .string(me)]))
        guard case .callEnded(let info)? = derived.first else {
            Issue.record("no callEnded")
            return
        }
        #expect(info.isOutCall)
        #expect(!info.isCaller)
    }

    @Test func heldAndRetrievedChangeTheNamedLeg() {
        var m = model()
        m.apply(e("delivered", ["callId": "c1", "alertingDevice": "8002@demo.cc", "callingDevice": .string(me), "calledDevice": "8002@demo.cc"]))
        m.apply(e("established", ["callId": "c1", "answeringDevice": "8002@demo.cc", "callingDevice": .string(me), "calledDevice": "8002@demo.cc"]))
        m.apply(e("held", ["callId": "c1", "holdingDevice": "8002@demo.cc"]))
        #expect(m.memory.call("c1")?.party("8002@demo.cc")?.state == .held)
        #expect(m.memory.call("c1")?.ownState == .connected)
        m.apply(e("held", ["callId": "c1", "holdingDevice": .string(me)]))
        #expect(m.memory.heldCall?.callId == "c1")
        m.apply(e("retrieved", ["callId": "c1", "retrievingDevice": .string(me)]))
        #expect(m.memory.call("c1")?.ownState == .connected)
    }

    @Test func consultThenConferenceMergesCalls() {
        var m = model()
        m.apply(e("delivered", ["callId": "c1", "alertingDevice": .string(me), "callingDevice": "13800138000@demo.cc", "calledDevice": .string(me)]))
        m.apply(e("established", ["callId": "c1", "answeringDevice": .string(me), "callingDevice": "13800138000@demo.cc", "calledDevice": .string(me)]))
        m.apply(e("held", ["callId": "c1", "holdingDevice": .string(me)]))
        m.apply(e("serviceInitiated", ["callId": "c2", "initiatedDevice": .string(me)]))
        #expect(m.memory.call("c2")?.origin == .consult)
        m.apply(e("originated", ["callId": "c2", "callingDevice": .string(me), "calledDevice": "8003@demo.cc"]))
        m.apply(e("delivered", ["callId": "c2", "alertingDevice": "8003@demo.cc", "callingDevice": .string(me), "calledDevice": "8003@demo.cc"]))
        m.apply(e("established", ["callId": "c2", "answeringDevice": "8003@demo.cc", "callingDevice": .string(me), "calledDevice": "8003@demo.cc"]))
        #expect(m.memory.calls.count == 2)
        m.apply(e("conferenced", ["callId": "c1", "primaryOldCall": "c1", "secondaryOldCall": "c2", "newCall": "c1", "conferencingDevice": .string(me), "addedParty": "8003@demo.cc"]))
        #expect(m.memory.calls.count == 1)
        let call = m.memory.call("c1")
        #expect(call?.isConferenced == true)
        #expect(Set(call?.parties.map(\.deviceId) ?? []) == [me, "13800138000@demo.cc", "8003@demo.cc"])
        #expect(call?.parties.allSatisfy { $0.state == .connected } == true)
        #expect(call?.addedDevices == ["8003@demo.cc"])
    }

    @Test func consultTransferRenamesTheTargetsCall() {
        // We are the target 8001: 8003 consulted us on c2 and transfers its held call c1 to us.
        var m = model()
        m.apply(e("delivered", ["callId": "c2", "alertingDevice": .string(me), "callingDevice": "8003@demo.cc", "calledDevice": .string(me)]))
        m.apply(e("established", ["callId": "c2", "answeringDevice": .string(me), "callingDevice": "8003@demo.cc", "calledDevice": .string(me)]))
        m.apply(e("transferred", ["callId": "c1", "primaryOldCall": "c1", "secondaryOldCall": "c2", "newCall": "c1", "transferringDevice": "8003@demo.cc", "transferredToDevice": .string(me)]))
        #expect(m.memory.call("c2") == nil)
        #expect(m.memory.call("c1")?.ownState == .connected)
        m.apply(e("connectionCleared", ["callId": "c1", "releasingDevice": "8003@demo.cc"]))
        #expect(m.memory.call("c1")?.party("8003@demo.cc") == nil)
        #expect(m.memory.calls.count == 1)
    }

    @Test func singleStepTransferInitiatorLosesTheCall() {
        var m = model()
        m.apply(e("delivered", ["callId": "c1", "alertingDevice": .string(me), "callingDevice": "8002@demo.cc", "calledDevice": .string(me)]))
        m.apply(e("established", ["callId": "c1", "answeringDevice": .string(me), "callingDevice": "8002@demo.cc", "calledDevice": .string(me)]))
        m.apply(e("delivered", ["callId": "c1", "alertingDevice": "8000@demo.cc", "callingDevice": "8002@demo.cc", "calledDevice": "8000@demo.cc"]))
        m.apply(e("transferred", ["callId": "c1", "primaryOldCall": "c1", "secondaryOldCall": "c1", "newCall": "c1", "transferringDevice": .string(me), "transferredToDevice": "8000@demo.cc"]))
        #expect(m.memory.calls.count == 1)
        m.apply(e("connectionCleared", ["callId": "c1", "releasingDevice": .string(me)]))
        #expect(m.memory.calls.isEmpty)
    }

    @Test func allocatedIsClearedByAgentStateEventsOnly() {
        var m = model()
        m.apply(e("agentLoggedOn", ["agentId": "5001@demo.cc", "agentMode": "NotReady"]))
        #expect(m.memory.agent.loggedIn)
        m.apply(e("agentAllocated", ["agentId": "5001@demo.cc", "agentMode": "Allocated"]))
        #expect(m.memory.agent.allocated)
        m.apply(e("delivered", ["callId": "c1", "alertingDevice": .string(me), "callingDevice": "9@demo.cc", "calledDevice": .string(me)]))
        #expect(m.memory.agent.allocated)
        m.apply(e("agentReady", ["agentId": "5001@demo.cc", "agentMode": "Ready"]))
        #expect(!m.memory.agent.allocated)
        #expect(m.memory.agent.mode == "Ready")
        m.apply(e("agentLoggedOff", ["agentId": "5001@demo.cc", "agentMode": "Logout"]))
        #expect(!m.memory.agent.loggedIn)
        #expect(m.memory.calls.isEmpty)
    }

    @Test func rebuildFromClientState() {
        var m = model()
        m.apply(e("delivered", ["callId": "old", "alertingDevice": .string(me), "callingDevice": "8002@demo.cc", "calledDevice": .string(me)]))
        let state = ClientState(json: [
            "agent": [
                "agentId": "5001@demo.cc", "extensionId": .string(me), "agentMode": "NotReady",
                "activeCall": ["callId": "c7", "ani": "8001", "dnis": "8005", "state": "Hold", "direction": "Out", "otherSide": "8005"],
            ],
            "extension": ["id": .string(me)],
        ])
        #expect(state.isRecoverable(agentId: "5001@demo.cc", deviceId: me))
        m.rebuild(from: state)
        #expect(m.memory.calls.map(\.callId) == ["c7"])
        #expect(m.memory.call("c7")?.ownState == .held)
        #expect(m.memory.call("c7")?.party("8005@demo.cc") != nil)
        #expect(m.memory.call("c7")?.isCalling == true)
        #expect(m.memory.agent.mode == "NotReady")
        #expect(m.memory.jsonString().contains("\"callId\":\"c7\""))
    }
}
