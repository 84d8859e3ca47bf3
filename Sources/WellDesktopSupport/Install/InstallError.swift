/// Why `install` or `uninstall` stopped; the message says what failed and with which output.
public struct InstallError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong.
    public var message: String

    init(_ message: String) {
        self.message = message
    }

    /// The message.
    public var description: String { self.message }
}

/// What `install` or `uninstall` did.
public struct InstallReport: Sendable, Equatable {
    /// One line per change made (`wrote …`, `removed …`, `set default …`), in order.
    public var changes: [String] = []
    /// Things worth knowing that are not failures (a tool missing, systemd not reachable).
    public var notes: [String] = []

    /// Whether anything was changed.
    public var changed: Bool { !self.changes.isEmpty }

    /// An empty report.
    public init() {}
}
