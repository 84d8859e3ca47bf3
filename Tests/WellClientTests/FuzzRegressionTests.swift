import FuzzChecks
import Testing
import WellTestSupport

/// Replays the `FuzzDialNumber` and `FuzzEvents` corpora and reproducers (`Fuzz/Corpus`,
/// `Fuzz/Crashes`) through the fuzzers' own checks (`FuzzChecks`).
struct FuzzRegressionTests {
    /// Reproducers of reported findings that still fail, by file: the test records them as known
    /// issues, and fails once the finding is fixed so the entry gets removed.
    static let knownFindings: [String: Comment] = [:]

    @Test func corporaArePresent() {
        #expect(FuzzRegressionInputs.files(of: "FuzzDialNumber").count >= 10)
        #expect(FuzzRegressionInputs.files(of: "FuzzEvents").count >= 10)
    }

    @Test(arguments: FuzzRegressionInputs.files(of: "FuzzDialNumber"))
    func dialNumber(_ file: String) throws {
        let violations = DialNumberFuzzCheck.violations(for: try FuzzRegressionInputs.bytes(of: file))
        Self.expectNone(violations, file)
    }

    @Test(arguments: FuzzRegressionInputs.files(of: "FuzzEvents"))
    func events(_ file: String) throws {
        let violations = EventsFuzzCheck.violations(for: try FuzzRegressionInputs.bytes(of: file))
        Self.expectNone(violations, file)
    }

    static func expectNone(_ violations: [String], _ file: String) {
        if let finding = Self.knownFindings[file] {
            withKnownIssue(finding) { #expect(violations.isEmpty, "\(file): \(violations)") }
        } else {
            #expect(violations.isEmpty, "\(file): \(violations)")
        }
    }
}
