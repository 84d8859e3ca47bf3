/// One item read from a STOMP byte stream.
public enum STOMPDecoded: Sendable, Hashable {
    /// A complete frame.
    case frame(STOMPFrame)
    /// A lone EOL (`\n` or `\r\n`) between frames: a heart-beat (also used as trailing padding).
    case heartbeat
}
