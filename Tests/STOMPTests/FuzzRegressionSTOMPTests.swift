import FuzzChecks
import Testing
import WellTestSupport

/// Replays the `FuzzSTOMP` corpus and reproducers (`Fuzz/Corpus`, `Fuzz/Crashes`) through the
/// fuzzer's own check, `STOMPFuzzCheck` (`FuzzChecks`).
struct FuzzRegressionSTOMPTests {
    @Test func corpusIsPresent() {
        #expect(FuzzRegressionInputs.files(of: "FuzzSTOMP").count >= 10)
    }

    @Test(arguments: FuzzRegressionInputs.files(of: "FuzzSTOMP"))
    func replay(_ file: String) throws {
        let violations = STOMPFuzzCheck.violations(for: try FuzzRegressionInputs.bytes(of: file))
        #expect(violations.isEmpty, "\(file): \(violations)")
    }
}
