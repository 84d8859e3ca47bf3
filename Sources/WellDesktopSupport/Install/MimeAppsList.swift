import WellProtocol

/// A `mimeapps.list` file, edited in place: only lines of the `[Default Applications]` group
/// for the keys asked about change; comments, other groups and other keys stay as they are.
struct MimeAppsList: Equatable {
    static let defaultsGroup = "[Default Applications]"

    private(set) var lines: [String]

    init(text: String?) {
        var lines = (text ?? "").split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
    }

    var text: String { self.lines.isEmpty ? "" : self.lines.joined(separator: "\n") + "\n" }

    /// The raw value of `mimeType` in `[Default Applications]` (e.g. `a.desktop;b.desktop;`).
    func defaultValue(for mimeType: String) -> String? {
        guard let index = self.keyIndex(mimeType) else { return nil }
        let line = self.lines[index]
        return String(line[line.index(after: line.firstIndex(of: "=")!)...]).trimmingWhitespace(newlines: false)
    }

    /// The first desktop id of a raw value (`a.desktop;b.desktop;` → `a.desktop`).
    static func firstID(_ value: String?) -> String? {
        value?.split(separator: ";").first.map { String($0).trimmingWhitespace(newlines: false) }
    }

    /// Sets (or with `nil` removes) the default for `mimeType`.
    mutating func setDefault(_ value: String?, for mimeType: String) {
        if let index = self.keyIndex(mimeType) {
            if let value { self.lines[index] = "\(mimeType)=\(value)" } else { self.lines.remove(at: index) }
            return
        }
        guard let value else { return }
        if let group = self.lines.firstIndex(where: { $0.trimmingWhitespace(newlines: false) == Self.defaultsGroup }) {
            self.lines.insert("\(mimeType)=\(value)", at: group + 1)
        } else {
            if !self.lines.isEmpty { self.lines.append("") }
            self.lines.append(Self.defaultsGroup)
            self.lines.append("\(mimeType)=\(value)")
        }
    }

    /// Whether only group headers and blank lines are left (nothing worth keeping).
    var isEffectivelyEmpty: Bool {
        self.lines.allSatisfy { line in
            let trimmed = line.trimmingWhitespace(newlines: false)
            return trimmed.isEmpty || (trimmed.hasPrefix("[") && trimmed.hasSuffix("]"))
        }
    }

    private func keyIndex(_ mimeType: String) -> Int? {
        var inGroup = false
        for (index, line) in self.lines.enumerated() {
            let trimmed = line.trimmingWhitespace(newlines: false)
            if trimmed.hasPrefix("[") {
                inGroup = trimmed == Self.defaultsGroup
            } else if inGroup, let equals = trimmed.firstIndex(of: "="), trimmed[..<equals].trimmingWhitespace(newlines: false) == mimeType {
                return index
            }
        }
        return nil
    }
}
