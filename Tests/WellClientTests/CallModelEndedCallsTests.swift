import Testing
@testable import WellClient
import WellProtocol

/// `CallModel.recentlyEnded`: whether a call this device left was answered, kept after the call
/// is gone (the agent samples the model and can miss a short connected state; the soak found
/// answered calls turned into "Missed call" notifications).
struct CallModelEndedCallsTests {
    let me = "8001@demo.cc"
    let caller = "13800138000@demo.cc"

    func e(_ name: String, _ fields: [String: JSONValue]) -> WellEvent { EventFixtures.event(name, fields, src: me) }

    func ring(_ m: inout CallModel, _ callId: String) {
        m.apply(
            e(
                "delivered",
                [
                    "callId": .string(callId), "alertingDevice": .string(me),
                    "callingDevice": .string(caller), "calledDevice": .string(me),
                ]))
    }

    @Test func answeredAndUnansweredCallsAreRecordedWhenTheyEnd() {
        var m = CallModel(agentId: "5001@demo.cc", deviceId: me)
        ring(&m, "answered")
        m.apply(
            e(
                "established",
                [
                    "callId": "answered", "answeringDevice": .string(me),
                    "callingDevice": .string(caller), "calledDevice": .string(me),
                ]))
        #expect(m.recentlyEnded.isEmpty)
        m.apply(e("connectionCleared", ["callId": "answered", "releasingDevice": .string(me)]))
        ring(&m, "missed")
        m.apply(e("connectionCleared", ["callId": "missed", "releasingDevice": .string(me)]))
        #expect(m.memory.calls.isEmpty)
        #expect(m.recentlyEnded.map(\.callId) == ["answered", "missed"])
        #expect(m.recentlyEnded.map(\.wasEstablished) == [true, false])
    }

    @Test func aCallMergedIntoAConferenceIsRecorded() {
        var m = CallModel(agentId: "5001@demo.cc", deviceId: me)
        ring(&m, "c1")
        m.apply(e("established", ["callId": "c1", "answeringDevice": .string(me), "callingDevice": .string(caller), "calledDevice": .string(me)]))
        m.apply(e("held", ["callId": "c1", "holdingDevice": .string(me)]))
        m.apply(e("serviceInitiated", ["callId": "c2", "initiatedDevice": .string(me)]))
        m.apply(e("originated", ["callId": "c2", "callingDevice": .string(me), "calledDevice": "8003@demo.cc"]))
        m.apply(e("established", ["callId": "c2", "answeringDevice": "8003@demo.cc", "callingDevice": .string(me), "calledDevice": "8003@demo.cc"]))
        m.apply(
            e(
                "conferenced",
                [
                    "callId": "c2", "primaryOldCall": "c2", "secondaryOldCall": "c1", "newCall": "c2",
                    "conferencingDevice": .string(me), "addedParty": "8003@demo.cc",
                ]))
        #expect(m.memory.calls.map(\.callId) == ["c2"])
        #expect(m.recentlyEnded.map(\.callId) == ["c1"])
        #expect(m.recentlyEnded.first?.wasEstablished == true)
        #expect(m.recentlyMerged.map(\.callId) == ["c1"])
        #expect(m.recentlyMerged.map(\.into) == ["c2"])
    }

    @Test("a ringing consultation transferred to this device is recorded as merged into the held call, not just gone")
    func aRingingConsultationTransferredHereIsMerged() {
        var m = CallModel(agentId: "5001@demo.cc", deviceId: me)
        let colleague = "8002@demo.cc"
        m.apply(
            e(
                "delivered",
                [
                    "callId": "c2", "alertingDevice": .string(me),
                    "callingDevice": .string(colleague), "calledDevice": .string(me),
                ]))
        m.apply(
            e(
                "transferred",
                [
                    "callId": "c1", "primaryOldCall": "c1", "secondaryOldCall": "c2", "newCall": "c1",
                    "transferringDevice": .string(colleague), "transferredToDevice": .string(me),
                    "connectionId": .string("\(me)|c1"), "localState": "Alerting", "cause": "TRANSFER",
                ]))
        #expect(m.memory.calls.map(\.callId) == ["c1"])
        #expect(m.memory.calls.first?.ownState == .alerting)
        #expect(m.recentlyMerged.map(\.callId) == ["c2"])
        #expect(m.recentlyMerged.map(\.into) == ["c1"])
        #expect(m.recentlyEnded.first?.wasEstablished == false)

        // The colleague leaves; answering names the customer, who becomes the caller shown.
        m.apply(e("connectionCleared", ["callId": "c1", "releasingDevice": .string(colleague)]))
        #expect(m.memory.calls.first?.callingDevice == colleague)
        m.apply(
            e(
                "established",
                [
                    "callId": "c1", "answeringDevice": .string(me), "callingDevice": .string(caller),
                    "calledDevice": .string(colleague),
                ]))
        let call = m.memory.calls.first
        #expect(call != nil)
        #expect(call?.callingDevice == caller)
        #expect(call?.ownState == .connected)
        #expect(call?.party(caller)?.state == .connected)
        #expect(call?.party(colleague) == nil)
    }

    @Test("an answer naming a caller that already left the call does not bring it back")
    func anAnswerNamingADepartedCallerChangesNothing() {
        var m = CallModel(agentId: "5001@demo.cc", deviceId: me)
        let colleague = "8002@demo.cc"
        m.apply(
            e(
                "delivered",
                [
                    "callId": "c2", "alertingDevice": .string(me),
                    "callingDevice": .string(colleague), "calledDevice": .string(me),
                ]))
        m.apply(e("connectionCleared", ["callId": "c2", "releasingDevice": .string(caller)]))
        m.apply(e("connectionCleared", ["callId": "c2", "releasingDevice": .string(colleague)]))
        m.apply(
            e(
                "established",
                [
                    "callId": "c2", "answeringDevice": .string(me), "callingDevice": .string(caller),
                    "calledDevice": .string(me),
                ]))
        #expect(m.memory.calls.first?.callingDevice == colleague)
        #expect(m.memory.calls.first?.party(caller) == nil)
    }

    @Test func anotherPartyLeavingRecordsNothing() {
        var m = CallModel(agentId: "5001@demo.cc", deviceId: me)
        ring(&m, "c1")
        m.apply(e("connectionCleared", ["callId": "c1", "releasingDevice": .string(caller)]))
        #expect(m.recentlyEnded.isEmpty)
        #expect(m.recentlyMerged.isEmpty)
    }

    @Test func theRecordIsBounded() {
        var m = CallModel(agentId: "5001@demo.cc", deviceId: me)
        let count = CallModel.endedCallsKept + 5
        for index in 0..<count {
            ring(&m, "c\(index)")
            m.apply(e("connectionCleared", ["callId": .string("c\(index)"), "releasingDevice": .string(me)]))
        }
        #expect(m.recentlyEnded.count == CallModel.endedCallsKept)
        #expect(m.recentlyEnded.first?.callId == "c5")
        #expect(m.recentlyEnded.last?.callId == "c\(count - 1)")
    }
}
