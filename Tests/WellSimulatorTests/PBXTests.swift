import Foundation
import Synchronization
import Testing
import WellProtocol

@testable import WellSimulator

/// Drives the call model directly (no I/O): operations in, events per agent out.
struct PBXTests {
    final class IDs: Sendable {
        let next = Mutex(0)
        func make() -> String {
            self.next.withLock {
                $0 += 1
                return "call-\($0)"
            }
        }
    }

    static func makePBX(_ tenant: SimulatorTenant = SimulatorTenant(), outside: OutsidePartyBehaviour = .ringUntilTold) -> PBX {
        let ids = IDs()
        return PBX(
            tenant: tenant, outsideDefault: outside, timeZone: TimeZone(identifier: "UTC")!,
            now: { Date(timeIntervalSince1970: 1_500_000_000) }, makeId: { ids.make() })
    }

    static func names(_ effects: [PBXEffect], for agent: String) -> [String] {
        effects.compactMap { effect -> String? in
            guard case .deliver(let loginId, let event) = effect, loginId == "\(agent)@demo.cc" else { return nil }
            return event.eventName?.rawValue
        }
    }

    static func loggedIn(_ agents: [(String, String)], mode: String = "Ready", tenant: SimulatorTenant = SimulatorTenant()) throws -> PBX {
        var pbx = makePBX(tenant)
        for (job, ext) in agents {
            _ = try pbx.login(loginId: "\(job)@demo.cc", device: "\(ext)@demo.cc", password: "123456", agentMode: mode)
        }
        return pbx
    }

    @Test func loginEmitsLoggedOnThenMode() throws {
        var pbx = Self.makePBX()
        let effects = try pbx.login(loginId: "5001@demo.cc", device: "8001@demo.cc", password: "123456", agentMode: "Ready")
        #expect(Self.names(effects, for: "5001") == ["agentLoggedOn", "agentReady"])
        let events = effects.events
        #expect(events.map(\.serial) == [1, 2])
        #expect(events[0].agentMode == "Ready" && events[0].eventType == "agent")
        #expect(events[0].srcDeviceId == "8001@demo.cc" && events[0].agentId == "5001@demo.cc")
        #expect(events[0].devices == ["Voice": "8001@demo.cc"])
        #expect(events[0].eventTime == "2017.07.14 02:40:00")
        #expect(events[0].typeName == "component.cti.event.AgentLoggedOnEvent")
        #expect(events[0].params?["agent"] == "5001@demo.cc")
    }

    @Test func loginErrorsCarryTheirStatus() throws {
        var pbx = try Self.loggedIn([("5001", "8001")])
        func status(_ body: () throws -> Void) -> Int? {
            do {
                try body()
                return nil
            } catch { return (error as? SimulatorError)?.status ?? -1 }
        }
        #expect(status { _ = try pbx.login(loginId: "5001@demo.cc", device: "8001@demo.cc", password: "123456", agentMode: nil) } == 454)
        #expect(status { _ = try pbx.login(loginId: "5001@demo.cc", device: "8002@demo.cc", password: "123456", agentMode: nil) } == 455)
        #expect(status { _ = try pbx.login(loginId: "5002@demo.cc", device: "8001@demo.cc", password: "123456", agentMode: nil) } == 459)
        #expect(status { _ = try pbx.login(loginId: "5002@demo.cc", device: "8002@demo.cc", password: "bad", agentMode: nil) } == 401)
        #expect(status { _ = try pbx.login(loginId: "5999@demo.cc", device: "8002@demo.cc", password: "123456", agentMode: nil) } == 452)
        #expect(status { _ = try pbx.login(loginId: "5002@demo.cc", device: "8999@demo.cc", password: "123456", agentMode: nil) } == 453)
        #expect(status { _ = try pbx.login(loginId: "5002@demo.cc", device: "8002@other.cc", password: "123456", agentMode: nil) } == 457)
        #expect(status { _ = try pbx.login(loginId: "5002@demo.cc", device: "8002@demo.cc", password: "123456", agentMode: "Dance") } == 400)
        #expect(status { _ = try pbx.logout(agentId: "5002@demo.cc", device: nil) } == 458)
        var small = Self.makePBX(SimulatorTenant(unregisteredExtensions: ["8003"], maxOnlineAgents: 1))
        #expect(status { _ = try small.login(loginId: "5003@demo.cc", device: "8003@demo.cc", password: "123456", agentMode: nil) } == 451)
        _ = try small.login(loginId: "5001@demo.cc", device: "8001@demo.cc", password: "123456", agentMode: nil)
        #expect(status { _ = try small.login(loginId: "5002@demo.cc", device: "8002@demo.cc", password: "123456", agentMode: nil) } == 461)
    }

    @Test func internalCallAnsweredAndCleared() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002")])
        let (callId, dialled) = try pbx.makeCall(from: "8001@demo.cc", to: "8002")
        #expect(callId == "call-1")
        #expect(Self.names(dialled, for: "5001") == ["serviceInitiated", "originated", "delivered"])
        #expect(Self.names(dialled, for: "5002") == ["delivered"])
        let delivered = try #require(dialled.events.last)
        #expect(delivered.alertingDevice == "8002@demo.cc" && delivered.callingDevice == "8001@demo.cc")
        #expect(delivered.connectionId == "8002@demo.cc|call-1")
        let answered = try pbx.answer(callId: callId, device: "8002@demo.cc")
        #expect(Self.names(answered, for: "5001") == ["established"])
        #expect(Self.names(answered, for: "5002") == ["established"])
        let dropped = try pbx.drop(callId: callId, device: "8002@demo.cc")
        #expect(Self.names(dropped, for: "5001") == ["connectionCleared", "connectionCleared"])
        #expect(Self.names(dropped, for: "5002") == ["connectionCleared", "connectionCleared"])
        #expect(dropped.events.map(\.releasingDevice) == ["8002@demo.cc", "8002@demo.cc", "8001@demo.cc", "8001@demo.cc"])
        #expect(pbx.calls.isEmpty)
        let serials = (dialled + answered + dropped).events.compactMap(\.serial)
        #expect(serials == serials.sorted() && Set(serials).count == serials.count)
    }

    @Test func callStateErrors() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002")])
        let (callId, _) = try pbx.makeCall(from: "8001@demo.cc", to: "8002")
        #expect(throws: SimulatorError.conflict("8001@demo.cc is not ringing on call-1")) { try pbx.answer(callId: callId, device: "8001@demo.cc") }
        #expect(throws: SimulatorError.notFound("no call nope")) { try pbx.answer(callId: "nope", device: "8001@demo.cc") }
        #expect(throws: SimulatorError.notFound("no connection 8003@demo.cc|call-1")) { try pbx.drop(callId: callId, device: "8003") }
        #expect((try? pbx.hold(callId: callId, device: "8002@demo.cc")) == nil)
        #expect(throws: SimulatorError.conflict("8001@demo.cc already has an active call")) { try pbx.makeCall(from: "8001@demo.cc", to: "8003") }
        #expect(throws: SimulatorError.badRequest("invalid number 'abc'")) { try pbx.makeCall(from: "8003@demo.cc", to: "abc") }
    }

    @Test func busyExtensionAndBusyOutside() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002"), ("5003", "8003")])
        _ = try pbx.makeCall(from: "8002@demo.cc", to: "8003")
        let (_, busy) = try pbx.makeCall(from: "8001@demo.cc", to: "8002")
        #expect(Self.names(busy, for: "5001") == ["serviceInitiated", "originated", "connectionCleared", "connectionCleared"])
        #expect(busy.events[2].cause == "USER_BUSY")
        pbx.setOutsideBehaviour("13800138000", .busy)
        let (_, outside) = try pbx.makeCall(from: "8001@demo.cc", to: "13800138000")
        #expect(Self.names(outside, for: "5001") == ["serviceInitiated", "originated", "connectionCleared", "connectionCleared"])
    }

    @Test func outsidePartyAnswersOnTimer() throws {
        var pbx = try Self.loggedIn([("5001", "8001")])
        pbx.outsideDefault = .answer(after: .milliseconds(5))
        let (callId, effects) = try pbx.makeCall(from: "8001@demo.cc", to: "913800138000")
        #expect(effects.last == .answerLater(callId: callId, device: "913800138000@demo.cc", delay: .milliseconds(5)))
        let answered = pbx.outsidePartyTimerFired(callId: callId, device: "913800138000@demo.cc")
        #expect(Self.names(answered, for: "5001") == ["established"])
        #expect(pbx.outsidePartyTimerFired(callId: callId, device: "913800138000@demo.cc").isEmpty)
        let hangup = try pbx.outsideHangup("13800138000")
        #expect(Self.names(hangup, for: "5001") == ["connectionCleared", "connectionCleared"])
        #expect(hangup.events.map(\.releasingDevice) == ["913800138000@demo.cc", "8001@demo.cc"])
    }

    @Test func queueOffersLongestIdleReadyAgentAndWaits() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002")], mode: "NotReady")
        let (callId, waiting) = try pbx.ring(target: "7000", from: "13800138000")
        #expect(waiting.isEmpty)
        #expect(pbx.calls[callId]?.queuedIn == "7000")
        _ = try pbx.setState(agentId: "5002@demo.cc", device: nil, mode: "Ready", reason: "")
        // 5002 became Ready first → it gets the call; the effects of that SetState carry the offer.
        #expect(pbx.calls[callId]?.party("8002@demo.cc")?.state == .alerting)
        let (second, offered) = try pbx.ring(target: "7000", from: "13900000000")
        #expect(offered.isEmpty) // nobody else Ready and idle
        let ready = try pbx.setState(agentId: "5001@demo.cc", device: nil, mode: "Ready", reason: "")
        #expect(Self.names(ready.effects, for: "5001") == ["agentReady", "delivered"])
        let delivered = try #require(ready.effects.events.last)
        #expect(delivered.split == "7000@demo.cc" && delivered.callId == second && delivered.callingDevice == "13900000000@demo.cc")
    }

    @Test func setStateDuringCallIsDeferred() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002")])
        let (callId, _) = try pbx.makeCall(from: "8001@demo.cc", to: "8002")
        #expect(throws: SimulatorError(460, "can not set agent state when you are calling")) {
            try pbx.setState(agentId: "5002@demo.cc", device: nil, mode: "NotReady", reason: "1")
        }
        _ = try pbx.answer(callId: callId, device: "8002@demo.cc")
        let deferred = try pbx.setState(agentId: "5001@demo.cc", device: nil, mode: "NotReady", reason: "2")
        #expect(deferred.pending && deferred.effects.isEmpty)
        let dropped = try pbx.drop(callId: callId, device: "8001@demo.cc")
        #expect(Self.names(dropped, for: "5001") == ["connectionCleared", "connectionCleared", "agentNotReady"])
        #expect(dropped.events.last?.reason == "2")
    }

    @Test func consultThenTransferRenamesForTheTarget() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5003", "8003"), ("5000", "8000")].filter { $0.0 != "5000" } + [("5002", "8002")])
        let (c1, _) = try pbx.makeCall(from: "8001@demo.cc", to: "8003")
        _ = try pbx.answer(callId: c1, device: "8003@demo.cc")
        let (c2, consult) = try pbx.consult(callId: c1, device: "8003@demo.cc", participant: "8002")
        #expect(Self.names(consult, for: "5003") == ["held", "serviceInitiated", "originated", "delivered"])
        #expect(Self.names(consult, for: "5001") == ["held"])
        #expect(Self.names(consult, for: "5002") == ["delivered"])
        _ = try pbx.answer(callId: c2, device: "8002@demo.cc")
        let transfer = try pbx.transfer(heldCallId: c1, device: "8003@demo.cc", consultCallId: c2)
        #expect(Self.names(transfer, for: "5003") == ["transferred", "connectionCleared", "connectionCleared"])
        #expect(Self.names(transfer, for: "5001") == ["transferred", "connectionCleared"])
        #expect(Self.names(transfer, for: "5002") == ["transferred", "connectionCleared", "connectionCleared"])
        let forTarget = transfer.compactMap { effect -> WireEvent? in
            if case .deliver("5002@demo.cc", let e) = effect { e } else { nil }
        }
        #expect(forTarget.map(\.callId) == [c1, c1, c1])
        let forInitiator = transfer.compactMap { effect -> WireEvent? in
            if case .deliver("5003@demo.cc", let e) = effect { e } else { nil }
        }
        #expect(forInitiator.map(\.callId) == [c1, c1, c2])
        #expect(forTarget[0].primaryOldCall == c1 && forTarget[0].secondaryOldCall == c2 && forTarget[0].newCall == c1)
        #expect(pbx.calls[c1]?.parties.map(\.device) == ["8001@demo.cc", "8002@demo.cc"])
        #expect(pbx.calls[c2] == nil)
    }

    @Test func vanishedAgentsCallsEnd() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002")])
        let (callId, _) = try pbx.makeCall(from: "8001@demo.cc", to: "8002")
        _ = try pbx.answer(callId: callId, device: "8002@demo.cc")
        let swept = pbx.sweepVanished(timeout: .seconds(-1)) { $0 == "5002@demo.cc" }
        #expect(Self.names(swept, for: "5002") == ["connectionCleared", "connectionCleared"])
        #expect(Self.names(swept, for: "5001") == ["connectionCleared", "connectionCleared", "agentLoggedOff"])
        #expect(pbx.calls.isEmpty && pbx.agents["5001"]?.device == nil && pbx.agents["5002"]?.device != nil)
    }

    /// client-state lists every call of the agent with its parties' states; activeCall is the
    /// call the agent talks on (it used to be only the newest call).
    @Test func clientStateListsEveryCallOfTheAgent() throws {
        var pbx = try Self.loggedIn([("5001", "8001")])
        let first = try pbx.ring(target: "8001", from: "13900139000").callId
        _ = try pbx.answer(callId: first, device: "8001@demo.cc")
        let consult = try pbx.consult(callId: first, device: "8001@demo.cc", participant: "13800138000").callId
        let state = JSONValue.object(pbx.clientState(job: "5001"))
        let calls = state["agent"]?["calls"]?.arrayValue ?? []
        #expect(calls.map { $0["callId"]?.stringValue } == [first, consult])
        #expect(calls.map { $0["state"]?.stringValue } == ["Hold", "Initiate"])
        #expect(calls.first?["parties"] == [["deviceId": "13900139000@demo.cc", "state": "Connect"]])
        #expect(calls.last?["parties"] == [["deviceId": "13800138000@demo.cc", "state": "Alerting"]])
        #expect(state["agent"]?["activeCall"]?["callId"]?.stringValue == consult)
    }

    /// A transfer target's `transferred` carries its own connection state; a device invited
    /// after the call's caller left is told the inviting device as callingDevice.
    @Test func transferredStateAndCallerOfALaterInvitee() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002"), ("5003", "8003")])
        let callId = try pbx.makeCall(from: "8002", to: "8001").callId
        _ = try pbx.answer(callId: callId, device: "8001@demo.cc")
        let transfer = try pbx.singleStepTransfer(callId: callId, device: "8002@demo.cc", to: "13800138000")
        let transferred = transfer.events.first { $0.eventName == .transferred }
        #expect(transferred?.localState == "Alerting")
        let invite = try pbx.singleStepConference(callId: callId, device: "8001@demo.cc", participant: "8003", silent: false)
        let delivered = invite.events.first { $0.eventName == .delivered && $0.srcDeviceId == "8003@demo.cc" }
        #expect(delivered?.callingDevice == "8001@demo.cc")
        #expect(delivered?.alertingDevice == "8003@demo.cc")
    }

    /// Seeds 6 and 20: a transfer of a consultation grown into a conference dropped its other
    /// parties silently; it is refused (409) and changes nothing.
    @Test func transferOfAConsultationWithSeveralPartiesIsRefused() throws {
        var pbx = try Self.loggedIn([("5001", "8001"), ("5002", "8002")])
        let callId = try pbx.makeCall(from: "8001", to: "8002").callId
        _ = try pbx.answer(callId: callId, device: "8002@demo.cc")
        let consult = try pbx.consult(callId: callId, device: "8001@demo.cc", participant: "13800138000").callId
        _ = try pbx.outsideAnswer("13800138000")
        _ = try pbx.singleStepConference(callId: consult, device: "8001@demo.cc", participant: "13900139000", silent: false)
        let before = pbx.snapshot()
        #expect(throws: SimulatorError.self) {
            _ = try pbx.transfer(heldCallId: callId, device: "8001@demo.cc", consultCallId: consult)
        }
        do {
            _ = try pbx.transfer(heldCallId: callId, device: "8001@demo.cc", consultCallId: consult)
        } catch {
            #expect(error.status == 409)
        }
        #expect(JSONValue.object(pbx.snapshot()) == JSONValue.object(before))
    }
}
