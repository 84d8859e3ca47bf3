import FuzzSupport

/// libFuzzer's per-input entry: the checks live in `DialNumberFuzzCheck` (shared with the regression tests).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    FuzzHarness.run(data, size, DialNumberFuzzCheck.violations(for:))
}

/// The program's entry (SwiftPM links `main` to `FuzzDialNumber_main`): runs libFuzzer's driver.
@_cdecl("FuzzDialNumber_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    FuzzHarness.main(argc, argv, fuzzTestOneInput)
}
