import FuzzChecks
import FuzzSupport

/// libFuzzer's per-input entry: the checks live in `STOMPFuzzCheck` (shared with the regression tests).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size, STOMPFuzzCheck.violations(for:))
}

/// The program's entry (SwiftPM links `main` to `FuzzSTOMP_main`): runs libFuzzer's driver.
@_cdecl("FuzzSTOMP_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.main(argc, argv, fuzzTestOneInput)
}
