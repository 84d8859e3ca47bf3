import ArgumentParser
import Foundation
import WellControl
import WellDBus
import WellHistory

/// `wellclient history [--missed] [--since DATE] [--limit N] [--json] [--clear]`: the call
/// history, newest first, read from the history file itself (no agent needed; the agent may be
/// writing meanwhile). `--missed` lists the missed calls and marks them seen.
struct HistoryCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Show the call history (newest first); --missed shows the missed calls and marks them seen.",
        discussion: """
            The history is kept by the agent in $XDG_DATA_HOME/wellclient/history.sqlite \
            ([history] in the config file: enabled, keepDays, maxCalls). Call a number back with: wellclient dial NUMBER
            """)

    @Flag(help: "Only missed calls (and mark them seen).") var missed = false
    @Option(help: "Only calls started at or after DATE (YYYY-MM-DD, or YYYY-MM-DDTHH:MM[:SS] with an optional Z or ±HH:MM).")
    var since: String?
    // Unconditional: `--limit -1` is a value to refuse with the rule below, not a missing value.
    @Option(parsing: .unconditional, help: "At most N calls (default 50).") var limit = 50
    @Flag(help: "One JSON object per line.") var json = false
    @Flag(help: "Delete every call from the history.") var clear = false

    func validate() throws {
        guard limit >= 1 else { throw ValidationError("--limit must be at least 1, not \(limit)") }
        if let since, HistoryDate.parse(since) == nil {
            throw ValidationError("--since '\(since.prefix(40))' is not a date (YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS][Z|±HH:MM])")
        }
        if clear && (missed || since != nil || json) {
            throw ValidationError("--clear takes no other option")
        }
    }

    func run() async throws {
        guard let path = HistoryLocation.path(environment: ProcessInfo.processInfo.environment) else {
            throw HistoryCommandFailure("neither XDG_DATA_HOME nor HOME is set: no history file to read")
        }
        guard FileManager.default.fileExists(atPath: path) else {
            if !json { print(clear ? "The call history is empty." : "No calls yet (\(path) does not exist).") }
            return
        }
        let store: HistoryStore
        do {
            store = try HistoryStore(path: path)
        } catch {
            throw HistoryCommandFailure(
                "cannot read the call history \(path): \(error) (the agent moves a damaged file aside when it starts)")
        }
        do {
            if clear {
                let removed = try await Self.clear(store)
                print("Cleared the call history (\(removed) call\(removed == 1 ? "" : "s")).")
                return
            }
            let from = since.flatMap { HistoryDate.parse($0) }
            let calls = missed ? try await store.missed(since: from, limit: limit) : try await store.recent(limit: limit, since: from)
            if json {
                for call in calls { print(call.jsonLine()) }
            } else if calls.isEmpty {
                print(missed ? "No missed calls." : "No calls.")
            } else {
                print(HistoryCall.table(calls))
            }
            if missed { try await Self.markMissedSeen(store) }
        } catch {
            throw HistoryCommandFailure("the call history \(path): \(error)")
        }
    }
}

extension HistoryCommand {
    /// Deletes every call: through a running agent (`ClearHistory`), so its tray and panel drop
    /// the calls at once; with no agent running, on the file itself.
    /// - Returns: how many calls were deleted.
    static func clear(_ store: HistoryStore) async throws -> Int {
        if let reply = try? await AgentControlClient().callIfRunning(.clearHistory), let removed = reply.first?.uint32 {
            return Int(removed)
        }
        return try await store.clear()
    }

    /// Marks the missed calls seen: through a running agent (`MarkMissedSeen`), so its tray and
    /// panel drop the count at once; in the file itself when no agent runs.
    static func markMissedSeen(_ store: HistoryStore) async throws {
        if (try? await AgentControlClient().callIfRunning(.markMissedSeen)) != nil { return }
        try await store.markMissedSeen()
    }
}

/// A failure of `history`, printed as `Error: …` with exit status 1.
struct HistoryCommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
