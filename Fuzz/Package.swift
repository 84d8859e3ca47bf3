// swift-tools-version: 6.2
import PackageDescription

/// libFuzzer targets for the parsers that take untrusted input. Kept out of the root package so
/// that its `swift build` / `swift test` never see fuzzer flags. Build and run with
/// `scripts/fuzz.sh` (it passes `-sanitize=fuzzer,address`); the same per-input checks are
/// replayed by the root package's `FuzzRegression*` tests.
let package = Package(
    name: "WellClientFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "WellClient", path: "..")
    ],
    targets: [
        // Declares libFuzzer's LLVMFuzzerRunDriver for Swift (linked in by -sanitize=fuzzer).
        .target(name: "CFuzzDriver"),
        .target(name: "FuzzSupport", dependencies: ["CFuzzDriver"]),
        .executableTarget(
            name: "FuzzSTOMP",
            dependencies: ["FuzzSupport", .product(name: "FuzzChecks", package: "WellClient")]
        ),
        .executableTarget(
            name: "FuzzEvents",
            dependencies: ["FuzzSupport", .product(name: "FuzzChecks", package: "WellClient")]
        ),
        .executableTarget(
            name: "FuzzDialNumber",
            dependencies: ["FuzzSupport", .product(name: "FuzzChecks", package: "WellClient")]
        ),
        .executableTarget(
            name: "FuzzConfig",
            dependencies: ["FuzzSupport", .product(name: "FuzzChecks", package: "WellClient")]
        ),
    ]
)
