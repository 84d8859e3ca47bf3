/// The secret of one agent run: 32 random bytes from the system's generator (getrandom on
/// Linux), written as 64 lowercase hex digits. Only the URL that `wellclient panel` opens
/// carries it.
public struct PanelToken: Sendable, Equatable, CustomStringConvertible {
    /// The hex text.
    public let text: String

    /// A new random token.
    public init() {
        var generator = SystemRandomNumberGenerator()
        var text = ""
        for _ in 0..<4 {
            let word = generator.next() as UInt64
            let hex = String(word, radix: 16)
            text += String(repeating: "0", count: 16 - hex.count) + hex
        }
        self.text = text
    }

    /// Whether `candidate` is this token, comparing every byte whatever the first difference
    /// (no early exit a timing measurement could read).
    public func matches(_ candidate: String?) -> Bool {
        guard let candidate else { return false }
        let expected = Array(text.utf8), given = Array(candidate.utf8)
        var difference = UInt8(expected.count == given.count ? 0 : 1)
        for index in expected.indices {
            difference |= expected[index] ^ (index < given.count ? given[index] : 0)
        }
        return difference == 0
    }

    /// Never the token itself (it must not reach a log).
    public var description: String { "PanelToken(…)" }
}
