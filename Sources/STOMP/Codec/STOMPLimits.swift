/// Bounds the decoder enforces so hostile input becomes an error, never unbounded memory.
public struct STOMPLimits: Sendable, Hashable {
    /// Largest whole frame (command + header lines + body), in bytes.
    public var maxFrameSize: Int
    /// Most header lines in one frame.
    public var maxHeaderCount: Int
    /// Longest command or header line (escaped, without its EOL), in bytes.
    public var maxHeaderLineLength: Int
    /// Largest body, in bytes.
    public var maxBodySize: Int

    /// Creates limits; every parameter has a default.
    ///
    /// - Parameters:
    ///   - maxFrameSize: default 2 MiB.
    ///   - maxHeaderCount: default 128.
    ///   - maxHeaderLineLength: default 8 KiB.
    ///   - maxBodySize: default 1 MiB.
    public init(
        maxFrameSize: Int = 2 * 1024 * 1024,
        maxHeaderCount: Int = 128,
        maxHeaderLineLength: Int = 8 * 1024,
        maxBodySize: Int = 1024 * 1024
    ) {
        self.maxFrameSize = max(0, maxFrameSize)
        self.maxHeaderCount = max(0, maxHeaderCount)
        self.maxHeaderLineLength = max(1, maxHeaderLineLength)
        self.maxBodySize = max(0, maxBodySize)
    }

    /// The defaults: 2 MiB frame, 128 headers, 8 KiB lines, 1 MiB body.
    public static let `default` = STOMPLimits()
}
