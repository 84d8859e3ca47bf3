import Foundation
import Testing
import WellControl
import WellHistory
import WellProtocol
import WellSimulator
import WellTestSupport

/// The call history as the real agent writes it from the simulator's event sequences: one row
/// per call with the exact outcome, across restarts, with retention, a corrupt file, and the CLI
/// reading while the agent writes.
@Suite("History end to end", .serialized, .timeLimit(.minutes(5)))
struct HistoryEndToEndTests {
    static let caller = "13800138000"

    /// The only call's id in `Status`.
    static func onlyCallId(_ rig: HistoryRig) async throws -> String {
        let calls = try await rig.status()["calls"]?.arrayValue ?? []
        try #require(calls.count == 1, "\(calls)")
        return try #require(calls[0]["callId"]?.stringValue)
    }

    /// Checks the keys and the time order of one `--json` row.
    static func checkShape(_ row: JSONValue) throws {
        let keys = Set(row.objectValue?.keys.map { $0 } ?? [])
        #expect(keys == ["callId", "direction", "number", "queue", "startedAt", "answeredAt", "endedAt", "durationSeconds", "outcome"])
        let started = try #require(row["startedAt"]?.stringValue.flatMap { HistoryDate.parse($0) }, "\(row)")
        if let answered = row["answeredAt"]?.stringValue {
            let answeredAt = try #require(HistoryDate.parse(answered))
            #expect(answeredAt >= started)
        }
        if let ended = row["endedAt"]?.stringValue {
            #expect(try #require(HistoryDate.parse(ended)) >= started)
        }
    }

    @Test("answered inbound, missed, rejected: exact rows; the missed count clears when looked at; the file is 0600")
    func inboundOutcomes() async throws {
        try await HistoryRig.run { rig in
            // Answered: ring, answer here, the caller hangs up.
            let answered = try await rig.sim.simulator.ring("8001", from: Self.caller)
            try await rig.waitForOwnState("Alerting")
            try await rig.wellclient(["answer"])
            try await rig.waitForOwnState("Connect")
            try await rig.sim.simulator.hangup(from: Self.caller)
            var rows = try await rig.waitForHistory(1)
            #expect(rows[0]["callId"] == .string(answered))
            #expect(rows[0]["direction"] == "inbound")
            #expect(rows[0]["number"] == .string(Self.caller))
            #expect(rows[0]["outcome"] == "answered")
            #expect(rows[0]["answeredAt"]?.stringValue != nil)
            #expect((rows[0]["durationSeconds"]?.intValue ?? -1) >= 0)
            try Self.checkShape(rows[0])
            let mode = try FileManager.default.attributesOfItem(atPath: rig.historyPath)[.posixPermissions] as? Int
            #expect(mode == 0o600)

            // Missed: the caller gives up while it rings.
            let missed = try await rig.sim.simulator.ring("8001", from: Self.caller)
            try await rig.waitForOwnState("Alerting")
            try await rig.sim.simulator.hangup(from: Self.caller)
            rows = try await rig.waitForHistory(2)
            #expect(rows[0]["callId"] == .string(missed))
            #expect(rows[0]["outcome"] == "missed")
            #expect(rows[0]["answeredAt"] == .null)
            #expect(rows[0]["durationSeconds"] == 0)

            // Rejected: this extension hangs up while it rings.
            let rejected = try await rig.sim.simulator.ring("8001", from: "13900139000")
            try await rig.waitForOwnState("Alerting")
            try await rig.wellclient(["hangup"])
            rows = try await rig.waitForHistory(3)
            #expect(rows[0]["callId"] == .string(rejected))
            #expect(rows[0]["number"] == "13900139000")
            #expect(rows[0]["outcome"] == "rejected")
            #expect(rows.map { $0["callId"] } == [.string(rejected), .string(missed), .string(answered)])
            for row in rows { try Self.checkShape(row) }

            // Over D-Bus: History(limit) is the same JSON, newest first; MissedCount; MarkMissedSeen.
            let control = AgentControlClient(environment: rig.environment)
            let overBus = try JSONDecoder().decode([JSONValue].self, from: Data(try await control.history(limit: 2).utf8))
            #expect(overBus == Array(rows.prefix(2)))
            #expect(try await control.missedCount() == 1)
            let all = try JSONDecoder().decode([JSONValue].self, from: Data(try await control.history().utf8))
            #expect(all == rows)

            // The missed count: 1 in Status, 0 after `history --missed`; MarkMissedSeen clears it too.
            #expect(try await rig.missedInStatus() == 1)
            let statusText = try await rig.wellclient(["status"]).standardOutput
            #expect(statusText.contains("1 not seen"), "\(statusText)")
            let missedOnly = try await rig.history(["--missed"])
            #expect(missedOnly.map { $0["callId"] } == [.string(missed)])
            #expect(try await rig.missedInStatus() == 0)
            let table = try await rig.wellclient(["history"]).standardOutput
            #expect(table.split(separator: "\n").count == 4, "\(table)")
            #expect(table.contains("rejected") && table.contains("missed") && table.contains("answered"), "\(table)")
            _ = try await rig.sim.simulator.ring("8001", from: Self.caller)
            try await rig.waitForOwnState("Alerting")
            try await rig.sim.simulator.hangup(from: Self.caller)
            _ = try await rig.waitForHistory(4)
            #expect(try await control.missedCount() == 1)
            try await control.markMissedSeen()
            #expect(try await control.missedCount() == 0)
            #expect(try await rig.missedInStatus() == 0)
        }
    }

    @Test("unanswered outbound and busy: rows placed here with the number as dialled")
    func outboundOutcomes() async throws {
        try await HistoryRig.run { rig in
            try await rig.wellclient(["dial", Self.caller])
            try await rig.waitForFarEnd("Alerting")
            let unanswered = try await Self.onlyCallId(rig)
            try await rig.wellclient(["hangup"])
            var rows = try await rig.waitForHistory(1)
            #expect(rows[0]["callId"] == .string(unanswered))
            #expect(rows[0]["direction"] == "outbound")
            #expect(rows[0]["number"] == .string(Self.caller))
            #expect(rows[0]["outcome"] == "unanswered")

            try await rig.waitForNoCall()
            #expect(await rig.sim.simulator.busy(from: "13700137000") == false)
            // The client allows one dial per 2 s: retry until it is accepted.
            try await eventually("the second dial accepted") {
                (try? await rig.wellclient(["dial", "13700137000"], expectSuccess: false))?.exitCode == 0
            }
            rows = try await rig.waitForHistory(2)
            #expect(rows[0]["number"] == "13700137000")
            #expect(rows[0]["outcome"] == "busy")
            #expect(rows[0]["direction"] == "outbound")
            // Neither counts as missed.
            #expect(try await rig.missedInStatus() == 0)
        }
    }

    @Test("transfer away and conference: the outcomes of the calls this extension took part in")
    func transferAndConference() async throws {
        try await HistoryRig.run { rig in
            let b = try await rig.sim.loginAgent(job: "5002", extension: "8002")
            let c = try await rig.sim.loginAgent(job: "5003", extension: "8003")
            // Transfer away: answered here, then single-step transferred to 8002.
            let transferred = try await rig.sim.simulator.ring("8001", from: Self.caller)
            try await rig.waitForOwnState("Alerting")
            try await rig.wellclient(["answer"])
            try await rig.waitForOwnState("Connect")
            try await rig.wellclient(["sstransfer", "8002"])
            var rows = try await rig.waitForHistory(1)
            #expect(rows[0]["callId"] == .string(transferred))
            #expect(rows[0]["outcome"] == "transferred")
            #expect(rows[0]["direction"] == "inbound")
            // 8002 answers and hangs up: nothing more for 8001.
            _ = try await rig.sim.send(try CSTARequest.answerCall(callId: transferred, deviceId: b.device), session: b.session)
            _ = try await rig.sim.send(try CSTARequest.dropConnection(callId: transferred, deviceId: b.device), session: b.session)

            // Conference: 8001 calls 8002, who brings 8003 in; then 8001 hangs up.
            try await eventually("the transferred call gone at the simulator") { await rig.sim.simulator.state()["calls"]?.arrayValue?.isEmpty == true }
            try await rig.wellclient(["dial", "8002"])
            try await rig.waitForFarEnd("Alerting")
            let conference = try await Self.onlyCallId(rig)
            try await eventually("8002 ringing") {
                (try? await rig.sim.send(try CSTARequest.answerCall(callId: conference, deviceId: b.device), session: b.session).status) == 204
            }
            _ = try await rig.sim.send(
                try CSTARequest.singleStepConference(callId: conference, deviceId: b.device, participant: "8003"), session: b.session)
            try await eventually("8003 answering") {
                (try? await rig.sim.send(try CSTARequest.answerCall(callId: conference, deviceId: c.device), session: c.session).status) == 204
            }
            try await eventually("the conference in Status") {
                (try? await rig.status())?["calls"]?.arrayValue?.first?["isConferenced"] == true
            }
            try await rig.wellclient(["hangup"])
            rows = try await rig.waitForHistory(2)
            #expect(rows[0]["callId"] == .string(conference))
            #expect(rows[0]["direction"] == "internal")
            #expect(rows[0]["number"] == "8002")
            #expect(rows[0]["outcome"] == "conference")
            await b.events.close()
            await c.events.close()
        }
    }

    @Test("restart mid-call: the call is finished after recovery, once; a call that ended meanwhile is closed as unknown")
    func restartMidCall() async throws {
        try await HistoryRig.run { rig in
            let callId = try await rig.sim.simulator.ring("8001", from: Self.caller)
            try await rig.waitForOwnState("Alerting")
            try await rig.wellclient(["answer"])
            try await rig.waitForOwnState("Connect")
            try await rig.stopAgent()
            #expect(rig.log.contains("stopping: keptForRecovery"), "\(rig.log.suffix(1500))")
            // The row was written when the call started and answered: open, with its answer time.
            let store = try HistoryStore(path: rig.historyPath)
            let open = try await store.openCalls()
            #expect(open.map(\.callId) == [callId])
            let answeredAt = try #require(open.first?.answeredAt)
            try store.close()

            try await rig.startAgent()
            try await rig.waitForOwnState("Connect")
            try await rig.sim.simulator.hangup(from: Self.caller)
            var rows = try await rig.waitForHistory(1)
            #expect(rows[0]["callId"] == .string(callId))
            #expect(rows[0]["outcome"] == "answered")
            let shownAnswer = try #require(rows[0]["answeredAt"]?.stringValue.flatMap { HistoryDate.parse($0) })
            #expect(abs(shownAnswer.timeIntervalSince(answeredAt)) < 1, "the answer time from before the restart is kept")

            // A call that ends while the agent is stopped: closed as unknown when it comes back.
            let second = try await rig.sim.simulator.ring("8001", from: "13900139000")
            try await rig.waitForOwnState("Alerting")
            try await rig.wellclient(["answer"])
            try await rig.waitForOwnState("Connect")
            try await rig.stopAgent()
            try await rig.sim.simulator.hangup(from: "13900139000")
            try await rig.startAgent()
            rows = try await rig.waitForHistory(2)
            #expect(rows[0]["callId"] == .string(second))
            #expect(rows[0]["outcome"] == "unknown")
            #expect(rows[0]["endedAt"] == .null)

            // Another restart with nothing up changes nothing.
            try await rig.stopAgent()
            try await rig.startAgent()
            let again = try await rig.history()
            #expect(again == rows)
        }
    }

    @Test("retention: rows older than keepDays and beyond maxCalls go at start")
    func pruningAtStart() async throws {
        try await HistoryRig.run(
            history: "keepDays = 2\nmaxCalls = 3", start: false,
            prepare: { rig in
                let store = try HistoryStore(path: rig.historyPath)
                let now = Date()
                for day in 0..<6 {
                    let start = now.addingTimeInterval(-Double(day) * 86_400 - 60)
                    try await store.save(
                        HistoryCall(
                            callId: "old-\(day)", direction: .inbound, placedHere: false, number: Self.caller, startedAt: start,
                            endedAt: start.addingTimeInterval(10), outcome: .missed, seen: true))
                }
                for i in 0..<3 {
                    let start = now.addingTimeInterval(-Double(i) - 10)
                    try await store.save(
                        HistoryCall(
                            callId: "new-\(i)", direction: .outbound, placedHere: true, number: "8002", startedAt: start,
                            endedAt: start.addingTimeInterval(1), outcome: .unanswered))
                }
                try store.close()
            }
        ) { rig in
            #expect(try await rig.history().count == 9)
            try await rig.startAgent()
            try await eventually("pruned to the 3 newest calls within 2 days") {
                (try? await rig.history())?.compactMap { $0["callId"]?.stringValue } == ["new-0", "new-1", "new-2"]
            }
            // `history --clear` empties it.
            let cleared = try await rig.wellclient(["history", "--clear"]).standardOutput
            #expect(cleared.contains("3 calls"), "\(cleared)")
            #expect(try await rig.history().isEmpty)
        }
    }

    @Test("a corrupt file is moved aside with a notice in the log; the agent records into a new one")
    func corruptFile() async throws {
        let junk = Data((0..<16_384).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        try await HistoryRig.run(
            start: false,
            prepare: { rig in
                try FileManager.default.createDirectory(atPath: rig.home.dataHome + "/wellclient", withIntermediateDirectories: true)
                try junk.write(to: URL(fileURLWithPath: rig.historyPath))
            }
        ) { rig in
            // The CLI refuses the broken file with a clear error and leaves it as it is.
            let refused = try await rig.wellclient(["history"], expectSuccess: false)
            #expect(refused.exitCode == 1)
            #expect(refused.standardError.contains("cannot read the call history"), "\(refused.standardError)")
            #expect(try Data(contentsOf: URL(fileURLWithPath: rig.historyPath)) == junk)

            try await rig.startAgent()
            let folder = rig.home.dataHome + "/wellclient"
            let aside = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("history.sqlite.corrupt-") && !$0.hasSuffix("-wal") && !$0.hasSuffix("-shm") }
            #expect(aside.count == 1, "\(aside)")
            if let name = aside.first {
                #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name)) == junk)
                #expect(rig.log.contains(name), "\(rig.log.suffix(1500))")
            }
            let callId = try await rig.sim.simulator.ring("8001", from: Self.caller)
            try await rig.waitForOwnState("Alerting")
            try await rig.sim.simulator.hangup(from: Self.caller)
            let rows = try await rig.waitForHistory(1)
            #expect(rows[0]["callId"] == .string(callId))
            #expect(rows[0]["outcome"] == "missed")
        }
    }

    @Test("the CLI reads while the agent writes: every read parses and never loses a row it saw")
    func concurrentReads() async throws {
        try await HistoryRig.run { rig in
            let calls = 6
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    var seen = 0
                    while seen < calls {
                        let rows = try await rig.history()
                        #expect(rows.count >= seen)
                        seen = rows.count
                    }
                }
                group.addTask {
                    for i in 0..<calls {
                        let number = "1380013800\(i)"
                        _ = try await rig.sim.simulator.ring("8001", from: number)
                        try await rig.waitForOwnState("Alerting")
                        try await rig.sim.simulator.hangup(from: number)
                        try await rig.waitForNoCall()
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await rig.waitForHistory(calls)
            #expect(rows.compactMap { $0["number"]?.stringValue } == (0..<calls).reversed().map { "1380013800\($0)" })
            #expect(try await rig.missedInStatus() == calls)
        }
    }
}
