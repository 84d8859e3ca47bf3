import FuzzChecks
import FuzzSupport

/// libFuzzer's per-input entry: the checks live in `DialNumberFuzzCheck` (shared with the regression tests).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size, DialNumberFuzzCheck.violations(for:))
}

/// The program's entry (SwiftPM links `main` to `FuzzDialNumber_main`): runs libFuzzer's driver.
@_cdecl("FuzzDialNumber_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    // Build every dial plan and let each compile its regex before the first run: that one-time
    // allocation (static plans, the Regex program cached on first match) would otherwise count as
    // a leak in whichever input happened to trigger it.
    for selector in 0..<UInt8(12) {
        for sample in ["8002", "+86 10 8002", "13800138000", "tel:+1-201-555-0123;ext=12"] {
            _ = DialNumberFuzzCheck.violations(for: [selector] + Array(sample.utf8))
        }
    }
    return FuzzHarness.main(argc, argv, fuzzTestOneInput)
}
