import ArgumentParser
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Logging
import ServiceLifecycle
import UnixSignals
import WellSimulator

/// `wellclient sim [serve] [--host 127.0.0.1] [--port 5088]`.
struct SimServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Serve the simulator until SIGINT/SIGTERM; prints the URL it listens on.")

    @Option(help: "Interface to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on; 0 picks a free one.")
    var port = 5088

    @Option(help: "Milliseconds an outside party rings before it answers.")
    var ringMs = 3000

    @Option(help: "Seconds of after-call work (WorkNotReady) after an answered queue call; 0 turns it off.")
    var wrapUp = SimulatorTenant.demo.wrapUpSeconds

    @Flag(help: "Log every request.")
    var verbose = false

    func validate() throws {
        guard (0...65535).contains(self.port) else { throw ValidationError("--port must be 0…65535") }
        guard self.ringMs >= 0 else { throw ValidationError("--ring-ms must not be negative") }
        guard (0...86_400).contains(self.wrapUp) else { throw ValidationError("--wrap-up must be 0…86400 seconds") }
    }

    func run() async throws {
        var logger = Logger(label: "wellclient.sim")
        logger.logLevel = self.verbose ? .debug : .notice
        var tenant = SimulatorTenant.demo
        tenant.wrapUpSeconds = self.wrapUp
        let wrapUp = tenant.wrapUpSeconds
        let simulator = CTISimulator(
            configuration: SimulatorConfiguration(
                host: self.host, port: self.port, tenant: tenant, outsideParty: .answer(after: .milliseconds(self.ringMs)),
                logger: logger))
        let group = ServiceGroup(
            configuration: .init(
                services: [simulator], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            tasks.addTask {
                let url = try await simulator.waitUntilListening()
                print("wellclient simulator listening on \(url.absoluteString)")
                print(
                    "  tenant demo.cc: agents 5001–5010 (password 123456), extensions 8001–8010, queue 7000, "
                        + "\(wrapUp) s of after-call work")
                fflush(nil)
            }
            try await tasks.waitForAll()
        }
    }
}
