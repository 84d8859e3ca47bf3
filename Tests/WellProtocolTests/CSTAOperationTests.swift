import Foundation
import Testing
import WellProtocol

struct CSTAOperationTests {
    let call = "6aee1dda-d4a2-4d3c-8fab-df7782a6c10f"

    @Test func connectionPathsUseEncodedPipe() throws {
        let answer = try CSTARequest.answerCall(callId: self.call, deviceId: "8001@demo.cc")
        #expect(answer.method == .post)
        #expect(answer.path == "/api/csta/callControl/calls/\(self.call)/connections/8001@demo.cc%7C\(self.call)/answer")
        #expect(answer.body == nil)
        let drop = try CSTARequest.dropConnection(callId: self.call, deviceId: "8001@demo.cc")
        #expect(drop.method == .delete)
        #expect(drop.path == "/api/csta/callControl/calls/\(self.call)/connections/8001@demo.cc%7C\(self.call)")
    }

    @Test func bodiesCarryTheDocumentedKeys() throws {
        let login = try CSTARequest.login(loginId: "5001@demo.cc", device: "8001@demo.cc", password: "123456", sessionId: "s1")
        #expect(login.path == "/api/csta/agent/state")
        #expect(
            login.body == [
                "func": "Login", "loginId": "5001@demo.cc", "device": "8001@demo.cc",
                "password": "123456", "agentMode": "NotReady", "sessionId": "s1",
            ])
        let transfer = try CSTARequest.singleStepTransfer(callId: self.call, deviceId: "8001@demo.cc", to: "8002")
        #expect(transfer.body == ["transferTo": "8002"])
        let conf = try CSTARequest.singleStepConference(callId: self.call, deviceId: "8001@demo.cc", participant: "8003")
        #expect(conf.body == ["conferenceParticipant": "8003", "participationType": "Active"])
        let consult = try CSTARequest.consult(callId: self.call, deviceId: "8001@demo.cc", participant: "8003")
        #expect(consult.body == ["consultationParticipant": "8003"])
        let data = try CSTARequest.setCallData(callId: self.call, entries: [("customerId", "19099092")])
        #expect(data.body == ["entries": [["key": "customerId", "value": "19099092"]]])
        #expect(
            String(decoding: try #require(data.bodyData()), as: UTF8.self)
                == #"{"entries":[{"key":"customerId","value":"19099092"}]}"#)
    }

    @Test func queryAndSpecialPaths() throws {
        #expect(try CSTARequest.spy(callId: "c1", deviceId: "8002@demo.cc").path == "/api/csta/callControl/calls/c1/spy?deviceId=8002@demo.cc")
        #expect(
            try CSTARequest.recording(start: true, deviceId: "8001@demo.cc").path
                == "/api/csta/callControl/recording/Start?extension=8001@demo.cc")
        #expect(try CSTARequest.getMyPrefix(agentId: "5001@demo.cc").path == "/api/operation/operation/tenants/demo.cc/agents/5001@demo.cc")
        #expect(try CSTARequest.getCallData(callId: "c1").path == "/api/csta/callControl/calls/c1/user-data/")
        #expect(try CSTARequest.heartbeat(agentId: "5001@demo.cc").path == "/api/csta/agent/heartbeat/5001@demo.cc")
        #expect(try CSTARequest.releaseAllocatedAgent(agentId: "5001@demo.cc").path == "/api/csta/outbound/release/5001@demo.cc")
    }

    @Test func unsafeValuesAreEscaped() throws {
        let request = try CSTARequest.answerCall(callId: "a/b|c d", deviceId: "8001@demo.cc")
        #expect(request.path == "/api/csta/callControl/calls/a%2Fb%7Cc%20d/connections/8001@demo.cc%7Ca%2Fb%7Cc%20d/answer")
        let match = try #require(CSTAOperation.resolve(method: "POST", target: request.path, body: nil))
        #expect(match.operation == .answerCall)
        #expect(match.parameters["callId"] == "a/b|c d")
        #expect(match.parameters["connectionCallId"] == "a/b|c d")
        #expect(match.parameters["deviceId"] == "8001@demo.cc")
    }

    @Test func missingParametersAreErrors() {
        #expect(throws: CSTARequestError.missingParameter("callId")) { try CSTARequest.answerCall(callId: "", deviceId: "8001@demo.cc") }
        #expect(throws: CSTARequestError.missingBodyKey("from")) { try CSTARequest(.makeCall, body: ["to": "8002"]) }
    }

    /// Every operation of the table renders a path that the same table routes back to it.
    @Test(arguments: CSTAOperation.all)
    func everyOperationRoundTrips(_ operation: CSTAOperation) throws {
        var parameters: [String: String] = [:]
        for name in operation.parameterNames { parameters[name] = name == "key" ? "k 1" : "\(name)-v@x.cc" }
        var body: [String: JSONValue] = [:]
        for key in operation.requiredBodyKeys { body[key] = "v" }
        let request = try CSTARequest(operation, parameters: parameters, body: body)
        let match = try #require(CSTAOperation.resolve(method: operation.method.rawValue, target: request.path, body: request.body))
        #expect(match.operation == operation)
        for (name, value) in parameters { #expect(match.parameters[name] == value, "\(operation.name).\(name)") }
        for (key, value) in operation.fixedBody { #expect(request.body?[key] == .string(value)) }
    }

    @Test func legacyPipesAndMethodsAreRouted() throws {
        let raw = "/api/csta/callControl/calls/c1/connections/8001@demo.cc|c1/hold"
        #expect(CSTAOperation.resolve(method: "POST", target: raw, body: nil)?.operation == .holdCall)
        #expect(CSTAOperation.resolve(method: "post", target: raw.replacingOccurrences(of: "|", with: "%7c"), body: nil)?.operation == .holdCall)
        #expect(CSTAOperation.resolve(method: "GET", target: raw, body: nil) == nil)
        #expect(CSTAOperation.matches(target: raw).count == 1)
        #expect(CSTAOperation.matches(target: "/api/csta/nothing").isEmpty)
        let state = "/api/csta/agent/state"
        #expect(CSTAOperation.resolve(method: "POST", target: state, body: ["func": "SetState"])?.operation == .agentSetState)
        #expect(CSTAOperation.resolve(method: "POST", target: state, body: ["func": "Logout"])?.operation == .agentLogout)
        #expect(CSTAOperation.resolve(method: "POST", target: state, body: ["func": "Dance"]) == nil)
        #expect(CSTAOperation.matches(target: state).count == 3)
        #expect(CSTAOperation.resolve(method: "GET", target: "/api/csta/callControl/calls/c1/user-data", body: nil)?.parameters["key"] == "")
    }

    @Test func tableHasEveryDocumentedOperationOnce() {
        #expect(CSTAOperation.all.count == 26)
        #expect(Set(CSTAOperation.all.map(\.name)).count == CSTAOperation.all.count)
    }
}
