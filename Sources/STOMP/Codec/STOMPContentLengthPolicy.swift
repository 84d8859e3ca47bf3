/// When ``STOMPFrame/encoded(version:contentLength:)`` writes a `content-length` header.
///
/// Whatever the policy, a body containing NUL, or a frame that already carries a
/// `content-length` header, always gets one with the true byte count (a wrong count is never sent).
public enum STOMPContentLengthPolicy: Sendable, Hashable {
    /// Add `content-length` when the body is not empty (the default).
    case automatic
    /// Add `content-length` even for an empty body.
    case always
    /// Add it only when required (body contains NUL, or the header was already present).
    case whenRequired
}
