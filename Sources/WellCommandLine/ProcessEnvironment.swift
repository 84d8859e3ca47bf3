#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process environment as a dictionary, read from `environ` (no Foundation, so that the thin
/// `wellclient` links none).
public enum ProcessEnvironment {
    /// Every `NAME=value` entry of the environment; the first entry wins for a repeated name.
    public static var current: [String: String] {
        var result: [String: String] = [:]
        var pointer = environ
        while let entry = pointer.pointee {
            let text = String(cString: entry)
            if let equals = text.firstIndex(of: "=") {
                let name = String(text[..<equals])
                if result[name] == nil { result[name] = String(text[text.index(after: equals)...]) }
            }
            pointer += 1
        }
        return result
    }
}
