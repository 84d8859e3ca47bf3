import FuzzChecks
import Testing
import WellTestSupport

/// Replays the `FuzzConfig` corpus and reproducers (`Fuzz/Corpus`, `Fuzz/Crashes`) through the
/// fuzzer's own check, `ConfigFuzzCheck` (`FuzzChecks`).
struct FuzzRegressionConfigTests {
    /// Reproducers of reported findings that still fail, by file: the test records them as known
    /// issues, and fails once the finding is fixed so the entry gets removed.
    static let knownFindings: [String: Comment] = [:]

    @Test func corpusIsPresent() {
        #expect(FuzzRegressionInputs.files(of: "FuzzConfig").count >= 5)
    }

    @Test(arguments: FuzzRegressionInputs.files(of: "FuzzConfig"))
    func replay(_ file: String) throws {
        let violations = ConfigFuzzCheck.violations(for: try FuzzRegressionInputs.bytes(of: file))
        if let finding = Self.knownFindings[file] {
            withKnownIssue(finding) { #expect(violations.isEmpty, "\(file): \(violations)") }
        } else {
            #expect(violations.isEmpty, "\(file): \(violations)")
        }
    }
}
