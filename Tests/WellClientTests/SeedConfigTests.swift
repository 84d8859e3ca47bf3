import Foundation
import Logging
import Testing
import WellClient
import WellProtocol
import WellNumbers

/// The seed's `setConfig` keys mapped onto ``WellClientConfiguration`` (every key, every error).
struct SeedConfigTests {
    static let base = WellClientConfiguration(
        server: .init(url: URL(string: "https://sdk.example.cc:5088")!),
        agent: .init(jobNumber: "5001", domain: "demo.cc", extensionNumber: "8001", password: "pw"))

    static func apply(_ config: [String: JSONValue], to base: WellClientConfiguration = Self.base) throws(WellClientError) -> WellClientConfiguration {
        try base.applying(seedConfig: config)
    }

    /// The error for `config`, which must name `key`.
    static func error(_ config: [String: JSONValue], key: String, sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            _ = try Self.apply(config)
            Issue.record("no error for \(config)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.kind == .invalidConfiguration && error.key == key, "\(error)", sourceLocation: sourceLocation)
            #expect(error.message.contains("'\(key)'"), sourceLocation: sourceLocation)
        }
    }

    @Test func theTableCoversEveryDocumentedSetConfigKey() {
        let keys = WellClientConfiguration.seedConfigKeys
        for key in [
            "debug", "useWsLog", "autoAnswer", "useErrorAlert", "clickCallClass", "hideButton", "SDK", "cstaPort",
            "eventPort", "eventBasePath", "TPI", "cstaBasePath", "enableAlert",
        ] {
            #expect(keys[key] != nil, "\(key)")
        }
        #expect(keys["hideButton"] == .browserOnly && keys["debug"] == .logLevel && keys["SDK"] == .server)
    }

    @Test func emptyConfigChangesNothing() throws {
        let config = try Self.apply([:])
        #expect(config.server == Self.base.server && config.agent == Self.base.agent && config.logLevel == Self.base.logLevel)
    }

    @Test func logLevels() throws {
        #expect(try Self.apply(["debug": true]).logLevel == .debug)
        var verbose = Self.base
        verbose.logLevel = .trace
        #expect(try Self.apply(["debug": true], to: verbose).logLevel == .trace)
        #expect(try Self.apply(["debug": false], to: verbose).logLevel == .info)
        #expect(try Self.apply(["debug": false]).logLevel == .info)
        #expect(try Self.apply(["useWsLog": true]).logLevel == .trace)
        #expect(try Self.apply(["useWsLog": false], to: verbose).logLevel == .debug)
        #expect(try Self.apply(["useWsLog": false]).logLevel == .info)
        // Both: debug first, then useWsLog.
        #expect(try Self.apply(["debug": false, "useWsLog": true]).logLevel == .trace)
        #expect(try Self.apply(["debug": true, "useWsLog": false]).logLevel == .debug)
        Self.error(["debug": "true"], key: "debug")
        Self.error(["useWsLog": 1], key: "useWsLog")
    }

    @Test func autoAnswerWorksBothWays() throws {
        // The seed's setters were one-way (V1 only → true, V3 only → false).
        let on = try Self.apply(["autoAnswer": true])
        #expect(on.autoAnswer)
        #expect(try !Self.apply(["autoAnswer": false], to: on).autoAnswer)
        Self.error(["autoAnswer": "yes"], key: "autoAnswer")
    }

    @Test func loginAndAgentMode() throws {
        let config = try Self.apply(["loginMode": "ask", "agentMode": "Ready"])
        #expect(config.agent.loginMode == .ask && config.agent.initialMode == .ready)
        #expect(try Self.apply(["loginMode": "stop"]).agent.loginMode == .stop)
        Self.error(["loginMode": "Force"], key: "loginMode")
        Self.error(["loginMode": true], key: "loginMode")
        Self.error(["agentMode": "Busy"], key: "agentMode")
    }

    @Test func serverURLsFromTheirParts() throws {
        let config = try Self.apply([
            "protocol": "http://", "SDK": "tpisdk.wellcloud.cc", "cstaPort": ":5082", "eventPort": "5083",
            "eventBasePath": "/mvc/stomp", "TPI": "prd2tpi.wellcloud.cc:5081/login",
        ])
        #expect(config.server.url.absoluteString == "http://tpisdk.wellcloud.cc:5082")
        #expect(config.server.resolvedWebSocketURL.absoluteString == "ws://tpisdk.wellcloud.cc:5083/mvc/stomp/websocket")
        #expect(config.server.resolvedTPIURL.absoluteString == "http://prd2tpi.wellcloud.cc:5081/login")
    }

    @Test func emptyPortsMeanNone() throws {
        // The seed's default empty ports produced `http://host:/api/csta`; here: no port at all.
        let config = try Self.apply(["SDK": "tpisdk.wellcloud.cc", "cstaPort": "", "eventPort": ""])
        #expect(config.server.url.absoluteString == "https://tpisdk.wellcloud.cc")
        #expect(config.server.resolvedWebSocketURL.absoluteString == "wss://tpisdk.wellcloud.cc/mvc/stomp/websocket")
    }

    @Test func basePathsAndSchemes() throws {
        let config = try Self.apply(["cstaBasePath": "/sdk/api/csta", "wsProtocol": "ws", "eventBasePath": "/sdk/mvc/stomp/", "cstaPort": 443])
        #expect(config.server.url.absoluteString == "https://sdk.example.cc:443/sdk")
        #expect(config.server.resolvedWebSocketURL.absoluteString == "ws://sdk.example.cc:443/sdk/mvc/stomp/websocket")
        #expect(try Self.apply(["cstaBasePath": "/api/csta"]).server.url.absoluteString == "https://sdk.example.cc:5088")
        #expect(
            try Self.apply(["protocol": "http"]).server.resolvedWebSocketURL.absoluteString
                == "ws://sdk.example.cc:5088/mvc/stomp/websocket")
        #expect(
            try Self.apply(["TPI": "https://tpi.example.cc/api/security/login"]).server.resolvedTPIURL.absoluteString
                == "https://tpi.example.cc/api/security/login")
    }

    @Test func serverKeyErrors() {
        Self.error(["protocol": "ftp://"], key: "protocol")
        Self.error(["protocol": "wss://"], key: "protocol")
        Self.error(["wsProtocol": "https://"], key: "wsProtocol")
        Self.error(["SDK": "https://sdk.example.cc"], key: "SDK")
        Self.error(["SDK": "sdk.example.cc:5088"], key: "SDK")
        Self.error(["SDK": ""], key: "SDK")
        Self.error(["SDK": 5], key: "SDK")
        Self.error(["cstaPort": ":http"], key: "cstaPort")
        Self.error(["cstaPort": 70000], key: "cstaPort")
        Self.error(["cstaPort": 0], key: "cstaPort")
        Self.error(["eventPort": ":-1"], key: "eventPort")
        Self.error(["eventPort": true], key: "eventPort")
        Self.error(["cstaBasePath": "/api"], key: "cstaBasePath")
        Self.error(["cstaBasePath": "api/csta"], key: "cstaBasePath")
        Self.error(["eventBasePath": "mvc/stomp"], key: "eventBasePath")
        Self.error(["eventBasePath": "/mvc/stomp?x=1"], key: "eventBasePath")
        Self.error(["TPI": ""], key: "TPI")
        Self.error(["TPI": "tpi example/login"], key: "TPI")
        Self.error(["TPI": "ftp://tpi.example.cc/login"], key: "TPI")
        Self.error(["TPI": 1], key: "TPI")
    }

    @Test func reconnectHeartbeatAndDialPlan() throws {
        let config = try Self.apply(["timeout": 5, "maxReconnectTimes": 30, "heartbeatLength": 120_000, "innerDeviceReg": "^8\\d{3,5}|^9021\\d+"])
        #expect(config.reconnect.initialDelay == .seconds(5) && config.reconnect.maxDelay == .seconds(30))
        #expect(config.reconnect.maxAttempts == 30)
        #expect(config.heartbeatInterval == .seconds(120))
        #expect(config.dialPlan.internalPattern == "^8\\d{3,5}|^9021\\d+")
        #expect(config.dialPlan.isInternal("902155"))
        #expect(try Self.apply(["timeout": 45]).reconnect.maxDelay == .seconds(45))
        #expect(try Self.apply(["maxReconnectTimes": 0]).reconnect.maxAttempts == 0)
        Self.error(["timeout": 0], key: "timeout")
        Self.error(["timeout": "3"], key: "timeout")
        Self.error(["maxReconnectTimes": 2.5], key: "maxReconnectTimes")
        Self.error(["maxReconnectTimes": -1], key: "maxReconnectTimes")
        Self.error(["heartbeatLength": 500], key: "heartbeatLength")
        Self.error(["heartbeatLength": "60000"], key: "heartbeatLength")
        Self.error(["innerDeviceReg": "(unclosed"], key: "innerDeviceReg")
        Self.error(["innerDeviceReg": ""], key: "innerDeviceReg")
    }

    @Test func browserOnlyKeysAreCheckedAndMeanNothing() throws {
        let config = try Self.apply([
            "hideButton": ["logout", "makeCall"], "clickCallClass": "well-canBeCalled", "useErrorAlert": true,
            "enableAlert": false,
        ])
        #expect(config.server == Self.base.server && config.agent == Self.base.agent && config.autoAnswer == Self.base.autoAnswer)
        Self.error(["hideButton": "logout"], key: "hideButton")
        Self.error(["hideButton": ["logout", 3]], key: "hideButton")
        Self.error(["clickCallClass": false], key: "clickCallClass")
        Self.error(["useErrorAlert": "no"], key: "useErrorAlert")
        Self.error(["enableAlert": 1], key: "enableAlert")
    }

    @Test func unknownKeysAreErrorsAndNothingIsApplied() {
        Self.error(["Debug": true], key: "Debug")
        Self.error(["password": "s3cret"], key: "password")
        // A bad key among good ones: the whole call fails (the value is not quoted).
        do {
            _ = try Self.apply(["autoAnswer": true, "SDK": "good.example.cc", "cstaPort": "s3cret-port"])
            Issue.record("no error")
        } catch {
            #expect(error.key == "cstaPort" && !error.message.contains("s3cret"))
        }
    }
}
