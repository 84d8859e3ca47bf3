import Logging
import Synchronization

/// A `Logger` whose lines are kept in memory, so a test can assert what was (and was not)
/// logged — e.g. that hostile input never reaches a log line unescaped.
///
/// ```swift
/// let log = CapturedLog()
/// let agent = AgentService(options: options, logger: log.logger(label: "wellclient.agent"))
/// …
/// #expect(!log.lines.contains { $0.contains("secret") })
/// ```
public final class CapturedLog: Sendable {
    private let storage = Mutex<[String]>([])

    /// An empty log.
    public init() {}

    /// Every line so far: `LEVEL message key=value…`.
    public var lines: [String] { self.storage.withLock { $0 } }

    /// A logger writing here, at `level` and above.
    public func logger(label: String, level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: label) { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    func append(_ line: String) { self.storage.withLock { $0.append(line) } }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { self.metadata[key] }
            set { self.metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            var line = "\(event.level) \(event.message)"
            let merged = self.metadata.merging(event.metadata ?? [:]) { $1 }
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
            self.log.append(line)
        }
    }
}
