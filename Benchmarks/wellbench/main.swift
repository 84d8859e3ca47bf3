import Foundation
import WellClient
import WellTestSupport

// wellbench: prints figures, asserts nothing. `swift run -c release wellbench [core|agent]` (or `make bench`).
// `core` = the client figures only, `events` = the event-pipeline figures only, `agent` = the desktop agent figures only (needs a built
// `wellclient` and `wellclient-agent` next to wellbench, or WELLBENCH_WELLCLIENT), `thin` = the thin commands (dial, status --json,
// --version) beside their baselines (also `wellbench-hello` and `wellbench-hello-dynamic` when built), `browser` = click-to-call through the browser extension in
// headless Chromium (needs `chromium`, and `wellclient-browser-host` built next to `wellclient`), `history` = the call
// history's queries and writes on a large file (and `wellclient history` when `wellclient` is found); no argument = all.
// Environment: WELLBENCH_ROUNDS (event replays, default 300), WELLBENCH_CALLS (makeCall cycles, default 500),
// WELLBENCH_DIALS (`wellclient dial` runs, default 50), WELLBENCH_THIN_DIALS (dials per way in `thin`, default 12), WELLBENCH_THIN_RUNS
// (runs of each command in `thin`, default 40), WELLBENCH_NOTIFIES (ring → Notify runs, default 200),
// WELLBENCH_AGENT_CALLS (answered calls for the agent's memory, default 1000), WELLBENCH_REPEATS (runs of
// each event-pipeline figure, default 5), WELLBENCH_CLICKS (browser clicks measured, default 20),
// WELLBENCH_HISTORY_ROWS (calls in the history file, default 100000), WELLBENCH_HISTORY_RUNS (runs of each query, default 50).

let environment = ProcessInfo.processInfo.environment
let rounds = Int(environment["WELLBENCH_ROUNDS"] ?? "") ?? 300
let calls = Int(environment["WELLBENCH_CALLS"] ?? "") ?? 500
// Runs of each event-pipeline measurement (median, min and max printed).
let repeats = max(1, Int(environment["WELLBENCH_REPEATS"] ?? "") ?? 5)
let sections = Set(CommandLine.arguments.dropFirst())
let runCore = sections.isEmpty || sections.contains("core")
// `events` = only the event-pipeline part of `core` (no makeCall round trips).
let runEvents = runCore || sections.contains("events")
let runAgent = sections.isEmpty || sections.contains("agent")
let runBrowser = sections.isEmpty || sections.contains("browser")
let runThin = sections.isEmpty || sections.contains("thin")
let runHistory = sections.isEmpty || sections.contains("history")

if environment["WELLBENCH_PROFILE"] != nil {
    // Profiling aid: only the full pipeline, many times (`perf record` this).
    let table = try ScenarioTable.load()
    let throughput = try EventThroughput(recordings: await ScenarioRecorder(table: table).recordAll(), rounds: rounds)
    if environment["WELLBENCH_PROFILE"] == "dump" {
        for message in throughput.streams[0].messages.prefix(12) { print(String(decoding: message, as: UTF8.self)) }
        exit(0)
    }
    let runs = Int(environment["WELLBENCH_PROFILE"] ?? "") ?? 10
    let concurrent = environment["WELLBENCH_PROFILE_CONCURRENT"] != nil
    // WELLBENCH_PROFILE_FEED=per-message: the reader before batching (one actor call per MESSAGE).
    let feed: EventThroughput.Feed = environment["WELLBENCH_PROFILE_FEED"] == "per-message" ? .perMessage : .batched
    for _ in 0..<runs {
        let b = concurrent ? try await throughput.runWithConcurrentSubscriber(feed) : try await throughput.runBuffered(feed)
        Figures.line(
            concurrent ? "full pipeline, subscriber draining concurrently" : "full pipeline, subscriber drained afterwards",
            String(format: "%.0f events/s", Double(throughput.eventCount) / b.seconds))
    }
    exit(0)
}

if runCore {
    Figures.say("== makeCall round trip (in-process simulator, loopback HTTP)")
    let latency = try await MakeCallLatency(cycles: calls, dialGuard: .milliseconds(10)).run()
    Figures.line("makeCall cycles (dial guard 10 ms)", "\(latency.samples.count) ok, \(latency.failures) refused")
    Figures.line("makeCall p50", String(format: "%.3f ms", Figures.percentile(latency.samples, 50)))
    Figures.line("makeCall p95", String(format: "%.3f ms", Figures.percentile(latency.samples, 95)))
    Figures.line("makeCall p99", String(format: "%.3f ms", Figures.percentile(latency.samples, 99)))
    Figures.line("RSS before the cycles (agent + in-process simulator)", String(format: "%.1f MiB", latency.rssBefore))
    Figures.line("RSS after the cycles", String(format: "%.1f MiB", latency.rssAfter))
}

if runEvents {
    Figures.say("== event pipeline (recorded scenario traffic)")
    let table = try ScenarioTable.load()
    let recordings = await ScenarioRecorder(table: table).recordAll()
    let recordedEvents = recordings.reduce(0) { $0 + $1.messages.count }
    Figures.line("scenarios recorded", "\(Set(recordings.map(\.scenario)).count) of \(table.scenarios.count)")
    Figures.line("MESSAGE frames recorded (all agents)", "\(recordedEvents)")
    let throughput = try EventThroughput(recordings: recordings, rounds: rounds)
    Figures.line("events replayed per run", "\(throughput.eventCount) (\(rounds) rounds, fresh serials and call ids)")

    // Warm-up, then `repeats` runs of each measurement, interleaved so that the machine's load
    // weighs on every figure alike. Per-event costs (seconds / event) are compared run by run.
    _ = try throughput.runCore()
    _ = try await throughput.runWithConcurrentSubscriber()
    var stomp: [Double] = []
    var decode: [Double] = []
    var core: [Double] = []
    var buffered: [Double] = []
    var concurrent: [Double] = []
    var perMessage: [Double] = []
    var publishedCount = 0
    var callsLeft = 0
    for _ in 0..<repeats {
        let t = try throughput.runStomp()
        stomp.append(Double(t.events) / t.seconds)
        let d = try throughput.runCore(decodeOnly: true)
        decode.append(Double(d.events) / d.seconds)
        let c = try throughput.runCore()
        core.append(Double(c.events) / c.seconds)
        callsLeft = c.callsLeft
        let b = try await throughput.runBuffered()
        buffered.append(Double(throughput.eventCount) / b.seconds)
        let s = try await throughput.runWithConcurrentSubscriber()
        concurrent.append(Double(throughput.eventCount) / s.seconds)
        let o = try await throughput.runWithConcurrentSubscriber(.perMessage)
        perMessage.append(Double(throughput.eventCount) / o.seconds)
        publishedCount = b.events
    }
    let stages = zip(stomp, core).map { 1 / (1 / $0 + 1 / $1) }
    Figures.line("split: STOMP frames + session only", Figures.rate(stomp))
    Figures.line("split: JSON→typed event only", Figures.rate(decode))
    Figures.line("core: JSON→typed→dedupe→model (no STOMP/actor)", Figures.rate(core))
    Figures.line("stages in sequence: STOMP, then core", Figures.rate(stages))
    Figures.line("full pipeline, subscriber drained afterwards", Figures.rate(buffered))
    Figures.line("full pipeline, subscriber draining concurrently", Figures.rate(concurrent))
    Figures.line("  same, one actor call per MESSAGE (before batching)", Figures.rate(perMessage))
    Figures.line("ratio: pipeline (concurrent) / core, per event", Figures.ratio(core, concurrent))
    Figures.line("ratio: pipeline (concurrent) / stages, per event", Figures.ratio(stages, concurrent))
    Figures.line("ratio: before batching / pipeline, per event", Figures.ratio(concurrent, perMessage))
    Figures.line("calls left in the call models after a run", "\(callsLeft)")
    Figures.line("events published to the subscriber per run", "\(publishedCount) (incl. derived callEnded)")
}

if runAgent {
    Figures.say("== desktop agent (child `wellclient agent`, private dbus-daemon, in-process simulator and notification server)")
    if let wellclient = AgentBenchmarks.locateWellclient(environment: environment) {
        Figures.line("wellclient binary", wellclient)
        try await AgentBenchmarks(
            wellclient: wellclient,
            dials: Int(environment["WELLBENCH_DIALS"] ?? "") ?? 50,
            notifies: Int(environment["WELLBENCH_NOTIFIES"] ?? "") ?? 200,
            calls: Int(environment["WELLBENCH_AGENT_CALLS"] ?? "") ?? 1000
        ).run()
    } else {
        Figures.say("  skipped: no wellclient next to wellbench (swift build -c release --product wellclient) and no WELLBENCH_WELLCLIENT")
    }
}

if runThin {
    Figures.say("== thin commands (wellclient → running agent on a private dbus-daemon; medians (min–max) beside their baselines)")
    if let wellclient = AgentBenchmarks.locateWellclient(environment: environment) {
        try await ThinCommandBenchmarks(
            wellclient: wellclient, dials: Int(environment["WELLBENCH_THIN_DIALS"] ?? "") ?? 12,
            runs: max(3, Int(environment["WELLBENCH_THIN_RUNS"] ?? "") ?? 40)
        ).run()
    } else {
        Figures.say("  skipped: no wellclient next to wellbench (swift build -c release --product wellclient) and no WELLBENCH_WELLCLIENT")
    }
}

if runBrowser {
    Figures.say("== click-to-call in the browser (headless Chromium + extension → native host → child `wellclient agent` → simulator)")
    if let wellclient = AgentBenchmarks.locateWellclient(environment: environment) {
        try await BrowserBenchmarks(wellclient: wellclient, clicks: Int(environment["WELLBENCH_CLICKS"] ?? "") ?? 20).run()
    } else {
        Figures.say("  skipped: no wellclient next to wellbench (swift build -c release --product wellclient) and no WELLBENCH_WELLCLIENT")
    }
}

if runHistory {
    let rows = Int(environment["WELLBENCH_HISTORY_ROWS"] ?? "") ?? 100_000
    Figures.say("== call history (SQLite through GRDB, \(rows) calls)")
    try await HistoryBenchmarks(
        rows: rows, runs: max(5, Int(environment["WELLBENCH_HISTORY_RUNS"] ?? "") ?? 50),
        wellclient: AgentBenchmarks.locateWellclient(environment: environment)
    ).run()
}
