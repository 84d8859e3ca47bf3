import Foundation
import Testing

/// Replays the `FuzzConfig` corpus and reproducers (`Fuzz/Corpus`, `Fuzz/Crashes`) through the
/// fuzzer's own check, `ConfigFuzzCheck` (a copy of `Fuzz/Sources/FuzzConfig/ConfigFuzzCheck.swift`,
/// kept identical by ``checkIsTheFuzzersOwn()``).
struct FuzzRegressionConfigTests {
    /// Reproducers of reported findings that still fail, by file: the test records them as known
    /// issues, and fails once the finding is fixed so the entry gets removed.
    static let knownFindings: [String: Comment] = [:]

    @Test("the check compiled here is the fuzzer's, byte for byte")
    func checkIsTheFuzzersOwn() throws {
        let root = InstallTemplateTests.repositoryRoot
        let fuzzer = try Data(contentsOf: URL(fileURLWithPath: root + "/Fuzz/Sources/FuzzConfig/ConfigFuzzCheck.swift"))
        let here = try Data(contentsOf: URL(fileURLWithPath: root + "/Tests/WellDesktopTests/FuzzRegressionConfigCheck.swift"))
        #expect(fuzzer == here, "copy Fuzz/Sources/FuzzConfig/ConfigFuzzCheck.swift over Tests/WellDesktopTests/FuzzRegressionConfigCheck.swift")
    }

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
