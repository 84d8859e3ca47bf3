import Foundation
import Synchronization
import Testing
import WellDBus
import WellControl

/// The agent's signals as another program sees them: a separate bus connection with a match
/// rule for `cc.wellcloud.WellClient1` broadcasts, recording everything it receives.
final class AgentSignalLog: Sendable {
    private let received = Mutex<[DBusSignal]>([])

    /// Every signal received so far, oldest first.
    var all: [DBusSignal] { received.withLock { $0 } }

    /// The string arguments of every received `member` signal, oldest first.
    func arguments(of member: String) -> [[String]] {
        all.filter { $0.member == member }.map { $0.arguments.compactMap(\.string) }
    }

    private func append(_ signal: DBusSignal) { received.withLock { $0.append(signal) } }

    /// Connects to `busAddress`, adds the match rule, records signals while `body` runs.
    static func watching(busAddress: String, _ body: @Sendable (AgentSignalLog) async throws -> Void) async throws {
        let watcher = try await DBusConnection.connect(address: busAddress)
        try await watcher.addMatch(
            "type='signal',path='\(ControlInterface.objectPath)',interface='\(ControlInterface.interface)'")
        let stream = watcher.signals()
        let log = AgentSignalLog()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                for await signal in stream { log.append(signal) }
            }
            do {
                try await body(log)
            } catch {
                await watcher.close()
                group.cancelAll()
                throw error
            }
            await watcher.close()
            group.cancelAll()
        }
    }
}
