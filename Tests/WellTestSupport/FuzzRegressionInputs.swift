import Foundation

/// Finds the inputs the `FuzzRegression*` tests replay: every file of `Fuzz/Corpus/<target>/`
/// (the committed corpus) and `Fuzz/Crashes/<target>/` (minimised reproducers of findings).
public enum FuzzRegressionInputs {
    /// The `Fuzz` directory: the first ancestor of `testFile` that holds `Fuzz/Corpus`.
    public static func fuzzDirectory(from testFile: String) -> URL? {
        var directory = URL(filePath: testFile).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appending(path: "Fuzz")
            if FileManager.default.fileExists(atPath: candidate.appending(path: "Corpus").path) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }

    /// `Corpus/<target>/<name>` and `Crashes/<target>/<name>` paths, relative to `Fuzz`, sorted.
    public static func files(of target: String, testFile: String = #filePath) -> [String] {
        guard let fuzz = Self.fuzzDirectory(from: testFile) else { return [] }
        var files: [String] = []
        for kind in ["Corpus", "Crashes"] {
            let directory = fuzz.appending(path: kind).appending(path: target)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
            files += names.filter { !$0.hasPrefix(".") }.sorted().map { "\(kind)/\(target)/\($0)" }
        }
        return files
    }

    /// The bytes of a file returned by ``files(of:testFile:)``.
    public static func bytes(of file: String, testFile: String = #filePath) throws -> [UInt8] {
        guard let fuzz = Self.fuzzDirectory(from: testFile) else { throw CocoaError(.fileNoSuchFile) }
        return Array(try Data(contentsOf: fuzz.appending(path: file)))
    }
}
