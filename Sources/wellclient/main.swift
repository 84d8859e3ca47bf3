// `wellclient`, the one command users type. The commands that only talk to the running agent
// (`dial`, `answer`, `status --json`, …: `AgentRequest.parse`) run here, in a small binary that
// links the D-Bus binding and nothing heavy, so a click starts in a few milliseconds. Everything
// else — the agent, the simulator, setup, install, history, the help and usage messages — is the
// full command line, `wellclient-agent` next to this binary, which this process becomes (exec in
// place, the same pid: systemd, kill and memory figures see the real agent).
#if canImport(Glibc)
    import Glibc
#endif
import WellCommandLine
import WellControl
import WellThinCommands

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments == ["--version"] {
    StandardOutput.write(ProductVersion.current + "\n")
    exit(0)
}
guard let request = AgentRequest.parse(arguments) else {
    FullCommandLine.become(arguments: arguments)
}
let environment = ProcessEnvironment.current
// One call, made on this thread from start to reply: no D-Bus owner thread, no hop to the
// concurrency pool (each hand-over between threads costs more than the call on a busy machine).
if let failure = await request.run(environment: environment, mode: .blocking) {
    // A dial that a click started (no terminal shows standard error) also tells its failure in a
    // desktop notification; the full command line posts it and ends with the same status.
    if case .dial(let input) = request, isatty(STDERR_FILENO) == 0 {
        FullCommandLine.become(arguments: DialFailureNoticeArguments.make(input: input, failure: failure))
    }
    exit(failure.exitCode.rawValue)
}
exit(0)
