import Foundation
import Testing
@testable import WellClient

struct ConfigurationTests {
    @Test func derivedURLs() {
        let secure = WellClientConfiguration.Server(url: URL(string: "https://sdk.example.cc:5088")!)
        #expect(secure.resolvedWebSocketURL.absoluteString == "wss://sdk.example.cc:5088/mvc/stomp/websocket")
        #expect(secure.resolvedTPIURL.absoluteString == "https://sdk.example.cc:5088/login")
        let prefixed = WellClientConfiguration.Server(url: URL(string: "http://api.wellcloud.cc/sdk")!)
        #expect(prefixed.resolvedWebSocketURL.absoluteString == "ws://api.wellcloud.cc/sdk/mvc/stomp/websocket")
    }

    @Test func topics() {
        #expect(WellClientConfiguration.TopicStyle.agent.destination(agentId: "5001@demo.cc") == "/topic/event.agent.*.5001@demo_cc")
        #expect(WellClientConfiguration.TopicStyle.legacy.destination(agentId: "5001@demo.cc") == "/topic/csta/agent/5001@demo.cc")
    }

    @Test func agentDescriptionHidesThePassword() {
        let agent = WellClientConfiguration.Agent(jobNumber: "5001", domain: "demo.cc", extensionNumber: "8001", password: "s3cret&=")
        #expect(!agent.description.contains("s3cret"))
        #expect(agent.agentId == "5001@demo.cc")
        #expect(agent.deviceId == "8001@demo.cc")
    }
}
