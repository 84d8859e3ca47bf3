/// A STOMP protocol version, ordered oldest to newest.
public enum STOMPVersion: String, Sendable, Hashable, CaseIterable, Comparable, CustomStringConvertible {
    case v1_0 = "1.0"
    case v1_1 = "1.1"
    case v1_2 = "1.2"

    public static func < (lhs: Self, rhs: Self) -> Bool {
        Self.allCases.firstIndex(of: lhs)! < Self.allCases.firstIndex(of: rhs)!
    }

    public var description: String { self.rawValue }

    /// Parses an `accept-version` value such as `"1.0,1.1,1.2"`.
    ///
    /// Unknown entries (e.g. `"2.0"`) are skipped; surrounding spaces are ignored.
    /// - Returns: the known versions, in the order given, without duplicates.
    public static func parseList(_ value: String) -> [STOMPVersion] {
        var result: [STOMPVersion] = []
        for part in value.split(separator: ",", omittingEmptySubsequences: true) {
            let trimmed = part.trimmingSpaces()
            if let version = STOMPVersion(rawValue: String(trimmed)), !result.contains(version) {
                result.append(version)
            }
        }
        return result
    }

    /// Formats versions as an `accept-version` / `version` list value, e.g. `"1.1,1.2"`.
    public static func formatList(_ versions: [STOMPVersion]) -> String {
        versions.map(\.rawValue).joined(separator: ",")
    }
}

extension Substring {
    /// Drops leading and trailing ASCII spaces and tabs.
    func trimmingSpaces() -> Substring {
        var slice = self
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        return slice
    }
}
