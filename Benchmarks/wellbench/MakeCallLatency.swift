import Foundation
import Logging
import WellClient
import WellSimulator

/// makeCall round trips: one logged-in agent on the in-process simulator over loopback,
/// N cycles of makeCall (timed: the REST round trip) → dropConnection → wait for `callEnded`.
struct MakeCallLatency {
    struct Result {
        var samples: [Double] // milliseconds, sorted
        var rssBefore: Double
        var rssAfter: Double
        var failures: Int
    }

    let cycles: Int
    /// The client's dial guard (the product default is 2 s; shortened so cycles run back to back).
    let dialGuard: Duration

    func run() async throws -> Result {
        var simConfig = SimulatorConfiguration.testing()
        simConfig.logger.logLevel = .critical
        simConfig.heartBeat = (0, 0)
        let simulator = CTISimulator(configuration: simConfig)
        let base = try await simulator.start()
        let configuration = WellClientConfiguration(
            server: .init(url: base),
            agent: .init(
                jobNumber: "5001", domain: simConfig.tenant.namespace, extensionNumber: "8001", password: "123456",
                loginMode: .force, initialMode: .ready),
            dialGuardInterval: self.dialGuard,
            logLevel: .critical)
        let client = try WellClient(configuration: configuration)
        let cycles = self.cycles
        let dialGuard = self.dialGuard
        let result = try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                try await client.run()
                return nil
            }
            let events = client.events()
            var iterator = events.makeAsyncIterator()
            // run() starts in the child task; login waits until it is up.
            try await client.login()
            let rssBefore = Figures.residentMiB()
            var samples: [Double] = []
            var failures = 0
            let clock = ContinuousClock()
            for _ in 0..<cycles {
                let start = clock.now
                let callId: String
                do {
                    callId = try await client.makeCall("13800138000")
                } catch {
                    failures += 1
                    if failures <= 3 { Figures.say("  makeCall refused: \(error)") }
                    try await Task.sleep(for: dialGuard)
                    continue
                }
                samples.append(Figures.milliseconds(clock.now - start))
                try await client.dropConnection(callId)
                while let event = await iterator.next() {
                    if case .callEnded(let info) = event, info.callId == callId { break }
                }
                while !(await client.callMemory().calls.isEmpty) { try await Task.sleep(for: .milliseconds(1)) }
                // The client stamps the dial just after `start`: wait the guard plus a margin.
                let sinceDial = clock.now - start
                let wait = dialGuard + .milliseconds(1)
                if sinceDial < wait { try await Task.sleep(for: wait - sinceDial) }
            }
            let rssAfter = Figures.residentMiB()
            try? await client.logout()
            await client.shutdown()
            group.cancelAll()
            return Result(samples: samples.sorted(), rssBefore: rssBefore, rssAfter: rssAfter, failures: failures)
        }
        await simulator.stop()
        return result
    }
}
