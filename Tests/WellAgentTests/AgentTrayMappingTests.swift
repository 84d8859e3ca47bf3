import Testing
import WellControl
import WellDBus
import WellTray

@testable import WellAgent

/// Each menu item stands for one D-Bus method of the agent, with arguments of its signature.
struct AgentTrayMappingTests {
    @Test func everyActionIsAControlMethodCallWithItsSignature() throws {
        let actions: [(TrayAction, ControlMethod)] = [
            (.ready, .setAgentMode), (.notReady(reason: "Lunch"), .setAgentMode), (.answer(callId: "c"), .answer),
            (.reject(callId: "c"), .hangUp), (.hold(callId: "c"), .hold), (.retrieve(callId: "c"), .retrieve),
            (.hangUp(callId: "c"), .hangUp), (.logIn, .login), (.logOut, .logout),
        ]
        for (action, expected) in actions {
            let (method, arguments) = try #require(AgentService.controlCall(for: action))
            #expect(method == expected, "\(action)")
            #expect(DBusValue.signature(of: arguments) == method.inputSignature, "\(action)")
        }
        #expect(AgentService.controlCall(for: .notReady(reason: "Lunch"))?.1 == [.string("NotReady"), .string("Lunch")])
        #expect(AgentService.controlCall(for: .quit) == nil)
        #expect(AgentService.controlCall(for: .section(id: "recent", key: "1")) == nil)
    }
}
