import Foundation
import Testing
import WellTestSupport

/// The private broker's start-up rules. The whole suite runs in parallel, so the broker's ports
/// must not be ones the kernel hands to other tests' servers, and "ready" must mean RabbitMQ
/// answers, not that something listens.
struct RabbitMQBrokerHarnessTests {
    @Test("the broker's ports are distinct, bindable and below the kernel's ephemeral range")
    func portsAvoidTheEphemeralRange() throws {
        let ephemeral = RabbitMQBroker.ephemeralRange()
        let ports = try RabbitMQBroker.freePorts(4)
        #expect(Set(ports).count == 4)
        for port in ports {
            #expect(!ephemeral.contains(port), "port \(port) is in the ephemeral range \(ephemeral)")
            #expect(port > 1024)
        }
    }

    @Test("another server holding the port is not taken for RabbitMQ, even one that speaks STOMP")
    func anotherServerOnThePortIsNotReady() async throws {
        try await SimulatorHarness.with { harness in
            let port = try #require(harness.webSocketURL.port)
            #expect(RabbitMQBroker.accepts(port: port), "the simulator listens on \(port)")
            #expect(await RabbitMQBroker.isRabbitMQ(at: harness.webSocketURL) == false)
            #expect(await RabbitMQBroker.isRabbitMQ(at: URL(string: "ws://127.0.0.1:\(port)/ws")!) == false)
        }
    }
}
