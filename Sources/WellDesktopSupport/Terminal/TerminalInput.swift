#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Line input from standard input for interactive commands, with echo turned off for secrets
/// when standard input is a terminal.
public enum TerminalInput {
    /// Whether standard input is a terminal.
    public static var standardInputIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// Prints `prompt` on standard error and reads one line from standard input.
    ///
    /// With `secret` and a terminal on standard input, echo is switched off (termios) while the
    /// line is typed and restored afterwards; without a terminal the line is read as is.
    /// - Parameters:
    ///   - prompt: shown before reading (nothing is shown when empty).
    ///   - secret: do not echo the typed text.
    /// - Returns: the line without its line break, or `nil` at end of input.
    public static func readLine(prompt: String, secret: Bool) -> String? {
        if !prompt.isEmpty {
            var bytes = Array(prompt.utf8)[...]
            while !bytes.isEmpty {
                let written = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
                if written < 0, errno == EINTR { continue }
                guard written > 0 else { break }
                bytes = bytes.dropFirst(written)
            }
        }
        guard secret, Self.standardInputIsTerminal else { return Self.stripped(Swift.readLine(strippingNewline: false)) }
        var saved = termios()
        guard tcgetattr(STDIN_FILENO, &saved) == 0 else { return Self.stripped(Swift.readLine(strippingNewline: false)) }
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        silent.c_lflag |= tcflag_t(ECHONL)
        _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer { _ = tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved) }
        return Self.stripped(Swift.readLine(strippingNewline: false))
    }

    /// The line without a trailing `\n` / `\r\n`.
    static func stripped(_ line: String?) -> String? {
        guard var line else { return nil }
        if line.unicodeScalars.last == "\n" { line.unicodeScalars.removeLast() }
        if line.unicodeScalars.last == "\r" { line.unicodeScalars.removeLast() }
        return line
    }
}
