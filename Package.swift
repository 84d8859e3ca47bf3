// swift-tools-version: 6.2
import PackageDescription

/// Settings every Swift target shares: Swift 6 mode is the package default (tools 6.2);
/// these two make every existential explicit (`any P`) and require an import for each
/// module whose members a file uses.
let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "WellClient",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "wellclient", targets: ["wellclient"]),
        .executable(name: "wellclient-agent", targets: ["wellclient-agent"]),
        .executable(name: "wellclient-browser-host", targets: ["wellclient-browser-host"]),
        .library(name: "STOMP", targets: ["STOMP"]),
        .library(name: "WellClient", targets: ["WellClient"]),
        .library(name: "WellSimulator", targets: ["WellSimulator"]),
        .library(name: "WellNumbers", targets: ["WellNumbers"]),
        .library(name: "WellDBus", targets: ["WellDBus"]),
        .library(name: "WellPanel", targets: ["WellPanel"]),
        .library(name: "WellNotifications", targets: ["WellNotifications"]),
        .library(name: "WellLibNotify", targets: ["WellLibNotify"]),
        .library(name: "WellDesktopSupport", targets: ["WellDesktopSupport"]),
        .library(name: "WellControl", targets: ["WellControl"]),
        .library(name: "WellAgent", targets: ["WellAgent"]),
        .library(name: "WellHistory", targets: ["WellHistory"]),
        // The fuzzers' per-input checks: used by the Fuzz/ package and the regression tests.
        .library(name: "FuzzChecks", targets: ["FuzzChecks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/swift-websocket.git", from: "1.6.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1", traits: []),
        .package(url: "https://github.com/hummingbird-project/hummingbird-websocket.git", from: "2.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/swiftlang/swift-subprocess.git", from: "1.0.2"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    ],
    targets: [
        // MARK: protocol layers (no I/O)
        .target(name: "STOMP", swiftSettings: strict),
        .target(name: "WellProtocol", swiftSettings: strict),
        // The number rules: tel:/callto:/bare parsing, the digit rule, the dial plan. No I/O, no
        // dependencies, so that the thin clients and the browser host link them alone.
        .target(name: "WellNumbers", swiftSettings: strict),

        // MARK: client core
        .target(
            name: "WellClient",
            dependencies: [
                "STOMP", "WellProtocol", "WellNumbers",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: embedded CTI simulator
        .target(
            name: "WellSimulator",
            dependencies: [
                "STOMP", "WellProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: desktop
        .systemLibrary(name: "CDBus", pkgConfig: "dbus-1", providers: [.apt(["libdbus-1-dev"])]),
        // For the fully static executables only (`wellclient`, the browser host): libdbus's static
        // archive refers to two libsystemd functions of a socket-activated D-Bus server, which
        // a client never calls; these stand in so that no libsystemd is linked.
        .target(name: "SystemdClientStubs"),
        .systemLibrary(name: "CLibNotify", pkgConfig: "libnotify", providers: [.apt(["libnotify-dev"])]),
        // What a command-line front needs without Foundation: terminal-safe text, unbuffered
        // standard output and error, the environment, the product version. No dependencies.
        .target(name: "WellCommandLine", swiftSettings: strict),
        // Named OS threads for blocking work that must stay off the Swift concurrency pool.
        .target(name: "WellThreads", swiftSettings: strict),
        // The libdbus binding: connection, poll loop, values, marshalling, names. CDBus (and
        // the owner thread of its poll loop) only.
        .target(name: "WellDBus", dependencies: ["CDBus", "WellThreads"], swiftSettings: strict),
        // org.freedesktop.Notifications over WellDBus. libdbus only: no libnotify, so the agent
        // loads neither libnotify nor the GLib/GIO/gdk-pixbuf stack under it.
        .target(
            name: "WellNotifications",
            dependencies: ["WellDBus", "WellThreads", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // libnotify's view of the session's notification server (the probe). Its own target: a
        // program that links it loads libnotify, GLib, GIO and gdk-pixbuf (~2 MiB resident).
        .target(name: "WellLibNotify", dependencies: ["WellNotifications", "WellThreads", "CLibNotify"], swiftSettings: strict),
        // The agent's item on the desktop panel: StatusNotifierItem and its dbusmenu over
        // WellDBus, the state → look/tooltip/menu model. No GTK, no Qt, no network.
        .target(
            name: "WellTray",
            dependencies: ["WellDBus", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Files and processes of a desktop program: the TOML engine, atomic files, the XDG
        // install, child processes, terminal output. Neither D-Bus nor the network: only
        // WellProtocol and WellThreads.
        .target(
            name: "WellDesktopSupport",
            dependencies: ["WellProtocol", "WellThreads", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: strict
        ),
        // The agent's D-Bus interface, described once, and the typed client the thin commands,
        // the browser host and the tests use. The D-Bus binding only: no Foundation, no
        // subprocesses, so that the thin `wellclient` links nothing heavy.
        .target(name: "WellControl", dependencies: ["WellDBus", "WellCommandLine"], swiftSettings: strict),
        // The commands that are one call to the agent (dial, answer, status --json, …): their
        // exact forms and their bodies, shared by the thin `wellclient` and the full command line.
        .target(name: "WellThinCommands", dependencies: ["WellControl", "WellCommandLine"], swiftSettings: strict),
        // The call history: one SQLite file through GRDB (schema, migrations, the record, the
        // outcome rules, queries, retention, corrupt-file recovery). No D-Bus, no network.
        .target(
            name: "WellHistory",
            dependencies: [.product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strict
        ),
        // The agent: service, policies, status report, config schema.
        .target(
            name: "WellAgent",
            dependencies: [
                "WellClient", "WellProtocol", "WellNumbers", "WellDBus", "WellNotifications", "WellDesktopSupport", "WellControl",
                "WellPanel", "WellTray", "WellHistory", "WellCommandLine",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: the softphone panel
        // The panel's loopback web server: the page (compiled in), the live state over a
        // WebSocket, the operations, and the security rules in front of them.
        .target(
            name: "WellPanel",
            dependencies: [
                "WellControl", "WellProtocol",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdWebSocket", package: "hummingbird-websocket"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),

        // MARK: click-to-call in the browser
        // The browser extension's native-messaging host: framing, requests, caller check, replies
        // from the agent. The browser starts it per request, so it links the D-Bus client and the
        // number rules only: no NIO, HTTP client or server, libnotify.
        .target(
            name: "WellBrowserHost",
            dependencies: ["WellControl", "WellNumbers", "WellProtocol"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "wellclient-browser-host",
            // Started by the browser for each page's request: one static executable, as `wellclient`
            // is (FoundationEssentials' two support archives are named because the static link
            // does not pull them in on its own).
            dependencies: ["WellBrowserHost", "SystemdClientStubs"],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-static-executable", "-use-ld=lld", "-Xlinker", "-l_FoundationCShims", "-Xlinker", "-l_FoundationCollections"])]
        ),

        // MARK: the command users type, and the full command line it becomes
        // `wellclient`: runs the commands that are one call to the agent itself and becomes
        // (execv, the same pid) `wellclient-agent` for every other. It is one static executable
        // (Swift runtime, libdbus, libc): loading libswiftCore, or libdbus-1.so with libsystemd
        // and the six libraries under it, costs more than the whole D-Bus call. Linked by the
        // toolchain's lld: GNU linkers warn on every build that static glibc's user and host
        // lookups (getpwuid_r, getaddrinfo in libdbus) load NSS modules of the same glibc at run
        // time. The thin path talks over the session bus's unix socket with EXTERNAL
        // authentication and needs neither; static glibc has the files and DNS sources built in.
        .executableTarget(
            name: "wellclient",
            dependencies: ["WellThinCommands", "WellControl", "WellCommandLine", "SystemdClientStubs"],
            swiftSettings: strict,
            linkerSettings: [.unsafeFlags(["-static-executable", "-use-ld=lld"])]
        ),
        .executableTarget(
            name: "wellclient-agent",
            dependencies: [
                "WellClient", "WellSimulator", "WellAgent", "WellProtocol", "WellNumbers", "WellDBus", "WellControl",
                "WellDesktopSupport", "WellNotifications", "WellThreads", "WellHistory", "WellThinCommands", "WellCommandLine",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict,
            // GNU ld with packed relative relocations (DT_RELR; glibc ≥ 2.36, binutils ≥ 2.38):
            // the loader reads a few KiB of relocations at start instead of the 1.6 MiB `.rela.dyn`
            // that gold (the default) writes, and bfd's layout leaves fewer text pages resident.
            // The executable stays position-independent. Measured with `make bench-agent`.
            linkerSettings: [.unsafeFlags(["-use-ld=bfd", "-Xlinker", "-z", "-Xlinker", "pack-relative-relocs"])]
        ),

        // MARK: benchmarks (print figures; `swift run -c release wellbench`)
        .executableTarget(
            name: "wellbench",
            dependencies: [
                "WellClient", "WellSimulator", "WellProtocol", "STOMP", "WellAgent", "WellTestSupport", "WellHistory",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            path: "Benchmarks/wellbench",
            swiftSettings: strict
        ),

        // The hello-worlds `wellclient --version` is timed against: linked as `wellclient` is, and
        // as SwiftPM links by default.
        .executableTarget(
            name: "wellbench-hello", path: "Benchmarks/hello", swiftSettings: strict, linkerSettings: [.unsafeFlags(["-static-stdlib"])]
        ),
        .executableTarget(name: "wellbench-hello-dynamic", path: "Benchmarks/hello-dynamic", swiftSettings: strict),
        // A Swift hello-world linked as the agent is (dynamically) that waits for a signal after its
        // line: the baseline the agent's memory is printed beside.
        .executableTarget(name: "wellbench-hello-idle", path: "Benchmarks/hello-idle", swiftSettings: strict),
        // The same with full Foundation loaded (as GRDB makes the agent load it): the floor the
        // agent's memory cannot go under while it links Foundation as shared libraries.
        .executableTarget(name: "wellbench-hello-foundation", path: "Benchmarks/hello-foundation", swiftSettings: strict),

        // MARK: fuzzing (the libFuzzer executables are the separate package in Fuzz/)
        // One copy of each fuzzer's invariants, shared by the fuzzers and the FuzzRegression* tests.
        .target(
            name: "FuzzChecks",
            dependencies: ["STOMP", "WellClient", "WellNumbers", "WellAgent", "WellDesktopSupport"],
            path: "Fuzz/Checks",
            swiftSettings: strict
        ),

        // MARK: tests
        // Private buses, child processes, temporary homes: what desktop tests need, without
        // the client or the simulator.
        .target(
            name: "DesktopTestSupport",
            dependencies: ["WellDBus", "WellThreads", "WellDesktopSupport", .product(name: "Subprocess", package: "swift-subprocess")],
            path: "Tests/DesktopTestSupport",
            swiftSettings: strict
        ),
        .target(
            name: "WellTestSupport",
            dependencies: [
                "WellSimulator", "WellClient", "WellProtocol", "STOMP", "DesktopTestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "WSClient", package: "swift-websocket"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOWebSocket", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/WellTestSupport",
            resources: [.copy("Resources")],
            swiftSettings: strict
        ),
        .testTarget(name: "STOMPTests", dependencies: ["STOMP", "FuzzChecks", "WellTestSupport"], swiftSettings: strict),
        .testTarget(name: "WellProtocolTests", dependencies: ["WellProtocol"], swiftSettings: strict),
        .testTarget(
            name: "WellSimulatorTests",
            dependencies: [
                "WellSimulator", "WellTestSupport", "STOMP", "WellProtocol",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "WSClient", package: "swift-websocket"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WellClientTests",
            dependencies: [
                "WellNumbers", "WellClient", "WellTestSupport", "WellSimulator", "WellProtocol", "STOMP", "FuzzChecks",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        .testTarget(name: "WellHistoryTests", dependencies: ["WellHistory", "DesktopTestSupport"], swiftSettings: strict),
        .testTarget(name: "WellDBusTests", dependencies: ["WellDBus", "WellThreads", "DesktopTestSupport"], swiftSettings: strict),
        .testTarget(name: "WellTrayTests", dependencies: ["WellTray", "WellDBus", "DesktopTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "WellBrowserHostTests",
            dependencies: [
                "WellBrowserHost", "WellControl", "WellNumbers", "WellDBus", "WellProtocol", "WellAgent", "WellDesktopSupport",
                "WellSimulator", "WellTestSupport", "DesktopTestSupport",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WellPanelTests",
            dependencies: ["WellPanel", "WellControl", "WellProtocol", "DesktopTestSupport"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "WellAgentTests",
            dependencies: [
                "WellAgent", "WellPanel", "WellTestSupport", "DesktopTestSupport", "CDBus", "WellClient", "WellSimulator",
                "FuzzChecks", "WellNumbers", "WellDBus", "WellNotifications", "WellLibNotify", "WellDesktopSupport", "WellControl", "WellTray",
                "WellHistory", "WellCommandLine", "WellThinCommands",
            ],
            swiftSettings: strict
        ),
    ]
)
