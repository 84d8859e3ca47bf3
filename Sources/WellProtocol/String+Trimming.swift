// Shared by the package's modules (`package`), not part of any public API.
extension StringProtocol {
    /// The text without leading and trailing white space (spaces, tabs and other Unicode
    /// space separators; line breaks too when `newlines`). Stands in for Foundation's
    /// `trimmingCharacters(in:)`, which FoundationEssentials lacks.
    package func trimmingWhitespace(newlines: Bool = true) -> String {
        let isTrimmed: (Character) -> Bool = { $0.isWhitespace && (newlines || !$0.isNewline) }
        guard let first = self.firstIndex(where: { !isTrimmed($0) }), let last = self.lastIndex(where: { !isTrimmed($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
