import CFuzzDriver

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The glue every fuzz target shares: turns libFuzzer's pointer into bytes, runs the target's
/// check and crashes (so libFuzzer records the input) when it reports a violated invariant.
public enum FuzzHarness {
    /// Violation tags to tolerate, from `FUZZ_IGNORE` (comma-separated, e.g. `secret-in-error`):
    /// lets a long run explore past a finding that is already reported. Empty by default.
    public static let ignoredTags: [String] = {
        guard let raw = getenv("FUZZ_IGNORE") else { return [] }
        return String(cString: raw).split(separator: ",").map { String($0) }
    }()

    /// Runs `check` on one input; traps with every violation it returns (except ignored tags).
    ///
    /// - Parameters:
    ///   - data: libFuzzer's input pointer (may be `nil` when `size` is 0).
    ///   - size: the number of bytes.
    ///   - check: the target's per-input check; each violation is `"tag: detail"`.
    /// - Returns: 0, as libFuzzer expects.
    public static func run(_ data: UnsafePointer<UInt8>?, _ size: Int, _ check: ([UInt8]) -> [String]) -> CInt {
        let input = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
        let violations = check(input).filter { violation in
            !Self.ignoredTags.contains { violation.hasPrefix($0 + ":") }
        }
        if !violations.isEmpty {
            fatalError("fuzz invariant violated:\n" + violations.joined(separator: "\n"))
        }
        return 0
    }

    /// Hands control to libFuzzer. SwiftPM links an executable target's entry point as
    /// `<Module>_main` (it renames `main` for testable executables), which replaces libFuzzer's
    /// own `main`; each target's `<Module>_main` therefore calls this.
    ///
    /// - Parameters:
    ///   - argc: the process's argument count.
    ///   - argv: the process's arguments (libFuzzer options, corpus directories).
    ///   - callback: the target's `LLVMFuzzerTestOneInput`.
    /// - Returns: libFuzzer's exit status.
    public static func main(
        _ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt {
        var count = argc
        var arguments = argv
        return LLVMFuzzerRunDriver(&count, &arguments, callback)
    }
}
