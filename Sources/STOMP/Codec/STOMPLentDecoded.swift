/// One item of ``STOMPFrameDecoder/next(lendingMessageBodyTo:)``: what ``STOMPDecoded`` holds,
/// except that a `MESSAGE` frame comes with what the reader made of its body instead of the body.
public enum STOMPLentDecoded<Value> {
    /// A complete frame other than `MESSAGE`, with its body.
    case frame(STOMPFrame)
    /// A complete `MESSAGE` frame (its `body` is empty) and the reader's result for its body.
    case message(STOMPFrame, Value)
    /// A lone EOL between frames: a heart-beat.
    case heartbeat
}

extension STOMPLentDecoded: Sendable where Value: Sendable {}
