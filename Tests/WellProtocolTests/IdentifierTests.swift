import Testing
import WellProtocol

struct IdentifierTests {
    @Test func deviceIds() {
        #expect(DeviceID(parsing: "5001@demo.cc") == DeviceID(number: "5001", domain: "demo.cc"))
        #expect(DeviceID(number: "8001", domain: "demo.cc").description == "8001@demo.cc")
        #expect(DeviceID(parsing: "8003@jasmine.cc@jasmine.cc")?.domain == "jasmine.cc")
        #expect(DeviceID(parsing: "8001") == nil)
        #expect(DeviceID(parsing: "@demo.cc") == nil)
        #expect(DeviceID(parsing: "8001@") == nil)
        #expect(DeviceID.number(of: "8001@demo.cc") == "8001")
        #expect(DeviceID.number(of: "8001") == "8001")
    }

    @Test(arguments: ["8001@demo.cc|abc-1", "8001@demo.cc%7Cabc-1", "8001@demo.cc%7cabc-1", "8001%40demo.cc%7Cabc-1"])
    func connectionIdsParseEverySeparator(_ text: String) throws {
        let id = try #require(ConnectionID(parsing: text))
        #expect(id.deviceId == "8001@demo.cc")
        #expect(id.callId == "abc-1")
        #expect(id.description == "8001@demo.cc|abc-1")
        #expect(id.pathSegment == "8001@demo.cc%7Cabc-1")
    }

    @Test func connectionIdRejectsGarbage() {
        #expect(ConnectionID(parsing: "8001@demo.cc") == nil)
        #expect(ConnectionID(parsing: "|abc") == nil)
        #expect(ConnectionID(parsing: "8001@demo.cc|")?.callId == "")
    }

    @Test func topics() {
        #expect(EventTopic.agent(loginId: "5001@demo.cc").destination == "/topic/event.agent.*.5001@demo_cc")
        #expect(EventTopic.legacyAgent(loginId: "5001@demo.cc").destination == "/topic/csta/agent/5001@demo.cc")
        #expect(EventTopic.destination("/topic/event.agent.*.5001@demo_cc", matches: "5001@demo.cc"))
        #expect(EventTopic.destination("/topic/csta/agent/5001@demo.cc", matches: "5001@demo.cc"))
        #expect(!EventTopic.destination("/topic/event.agent.*.5002@demo_cc", matches: "5001@demo.cc"))
        #expect(EventTopic.routingKey(ofDestination: "/topic/csta/agent/5001@demo.cc") == "5001@demo_cc")
        #expect(EventTopic.routingKey(ofDestination: "/topic/event.agent.*.5001@demo_cc") == "5001@demo_cc")
        #expect(EventTopic.routingKey(ofDestination: "/queue/x") == nil)
        #expect(EventTopic.routingKey(ofDestination: EventTopic.agentPrefix) == nil)
    }

    @Test func pathAndFormEncoding() {
        #expect(PathEncoding.encode("5001@demo.cc") == "5001@demo.cc")
        #expect(PathEncoding.encode("a|b/c d%") == "a%7Cb%2Fc%20d%25")
        #expect(PathEncoding.formEncode("p&w=+%@") == "p%26w%3D%2B%25%40")
        #expect(PathEncoding.decode("a%7Cb%2Fc%20d%25") == "a|b/c d%")
        #expect(PathEncoding.decode("%E4%B8%AD") == "中")
        #expect(PathEncoding.decode("%zz") == nil)
        #expect(PathEncoding.decode("%FF") == nil)
        #expect(PathEncoding.formDecode("a+b%2B") == "a b+")
        let body = TPILogin.formBody(username: "5001", password: "p&ss=w+rd%", namespace: "demo.cc")
        #expect(body == "username=5001&password=p%26ss%3Dw%2Brd%25&namespace=demo.cc")
        #expect(TPILogin.parseForm(body) == ["username": "5001", "password": "p&ss=w+rd%", "namespace": "demo.cc"])
        #expect(TPILogin.parseForm("username=%zz") == nil)
    }
}

struct CSTAStatusTests {
    @Test func meanings() {
        #expect(CSTAStatus.forCode(451).meaning == "extension not registered")
        #expect(CSTAStatus.forCode(459).chinese == "分机已被其他坐席使用")
        #expect(CSTAStatus.forCode(426).description.hasPrefix("426 "))
        #expect(CSTAStatus.forCode(204).isSuccess)
        #expect(!CSTAStatus.forCode(499).isSuccess)
        #expect(CSTAStatus.forCode(499).meaning == "request refused")
        for code in [401, 423, 426, 451, 452, 453, 454, 455, 456, 457, 458, 459, 460, 461, 462, 465, 466, 483] {
            #expect(CSTAStatus.table[code] != nil, "\(code)")
        }
    }
}
