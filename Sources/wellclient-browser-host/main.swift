// The native-messaging host of the WellClient browser extension: a browser starts it for a
// message (or a connection), it answers on standard output and exits when standard input closes.
#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
#if canImport(Glibc)
    import Glibc
#endif
import WellBrowserHost
import WellControl

// A browser that stops reading must end the host through a failed write, not SIGPIPE.
signal(SIGPIPE, SIG_IGN)

/// Serves the browser on standard input/output until it closes the input; returns the exit status.
func serve(arguments: [String], environment: [String: String]) async -> Int32 {
    var process = BrowserHostProcess(
        input: FileDescriptorSource(descriptor: 0), output: FileDescriptorSink(descriptor: 1),
        host: BrowserHost(agent: AgentControlClient(environment: environment)),
        log: { line in
            var standardError = FileDescriptorSink(descriptor: 2)
            _ = standardError.write(Array((line + "\n").utf8))
        })
    return await process.run(arguments: arguments).exitStatus
}

exit(await serve(arguments: Array(CommandLine.arguments.dropFirst()), environment: ProcessInfo.processInfo.environment))
