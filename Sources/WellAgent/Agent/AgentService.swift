#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import Logging
import ServiceLifecycle
import Synchronization
import WellClient
import WellDBus
import WellNotifications
import WellControl
import WellPanel
import WellTray
import WellHistory

/// `wellclient agent`: the background service (docs/desktop.md §2).
///
/// It owns `cc.wellcloud.WellClient` on the session bus (DO_NOT_QUEUE: a second agent ends with
/// ``AgentExit/alreadyRunning``), logs in from the config file (or as the demo agent, with the
/// embedded simulator), exports `cc.wellcloud.WellClient1` and `org.freedesktop.Application`
/// (``ControlInterface``), mirrors every client event as D-Bus signals and raises the call
/// notifications. It runs until ``stop()`` or a graceful shutdown (SIGTERM/SIGINT in a
/// `ServiceGroup`), then logs out (no call, not `stayLoggedIn`) or keeps the session for
/// recovery (a call is up). When the bus goes away ``run()`` throws ``AgentFailure/busLost``.
public actor AgentService: Service {
    /// Where the agent's login stands.
    enum LoginState: String, Sendable {
        case notConfigured, idle, loggingIn, loggedIn, loggedOut, failed
    }

    /// The event link to the server as far as the client's events tell.
    enum LinkState: String, Sendable {
        case closed, up, down
    }

    /// What the agent remembers about a call it presents.
    struct CallTrack: Sendable {
        var last: CallPresentation
        var wasRingingIn = false
        var wasConnected = false
        var screenPopped = false
        /// The notification last shown for it (nil: none yet).
        var shown: NotificationRequest?
    }

    let options: AgentOptions
    let logger: Logger
    let strings: AgentStrings

    // run-time pieces
    var bus: DBusConnection?
    var notifications: AgentNotifications?
    var demoServer: DemoServer?
    var busAddressFile: BusAddressFile?
    var writtenBusAddress: String?
    /// The softphone panel's server, once asked for (``panelURL()``).
    var panel: PanelServer?
    /// Its start, while it binds (a second `PanelURL` waits for the same start).
    var panelStart: Task<String, any Error>?

    // session
    var settings: AgentSettings?
    var configurationError: AgentConfigurationError?
    var client: WellClient?
    var loginState: LoginState = .idle {
        didSet {
            panel?.stateChanged()
            if loginState != oldValue { scheduleTrayRefresh() }
        }
    }
    var linkState: LinkState = .closed {
        didSet { if linkState != oldValue { scheduleTrayRefresh() } }
    }
    var lastError: String?
    var lastLoginNotice: String?
    var linkDownNoticed = false
    var stopping = false
    var lastShutdownOutcome: AgentShutdownOutcome?

    // calls
    var tracks: [String: CallTrack] = [:]
    var queues: [String: String] = [:]

    // the panel item
    var tray: StatusNotifierItem?
    /// Menu sections other parts of the agent add, by id, with their click handlers.
    var traySections: [String: (section: TrayMenuSection, onClick: @Sendable (String) async -> Void)] = [:]
    /// When the current after-call work began (nil: not in after-call work).
    var afterCallWorkSince: Date?
    // history
    var history: HistoryRecorder?
    /// The history's unseen missed calls as of its last change: the tray shows this, so a tray
    /// refresh (every event, every second of a countdown) does not query the file.
    var missedCallsShown = 0
    var historyTracker: HistoryTracker?
    /// Rows an earlier run left open, until the tracker takes them over.
    var historyLeftOpen: [HistoryCall] = []

    /// How the last ``run()`` ended, once it has.
    public private(set) var exit: AgentExit?

    private let spawner: AsyncStream<@Sendable () async -> Void>.Continuation
    private let spawnStream: AsyncStream<@Sendable () async -> Void>
    private let readiness = PromptAnswer()

    /// An agent; nothing happens until ``run()``.
    public init(options: AgentOptions, logger: Logger = Logger(label: "wellclient.agent")) {
        self.options = options
        self.logger = logger
        self.strings = AgentStrings(AgentLanguage.fromEnvironment(options.environment))
        (spawnStream, spawner) = AsyncStream.makeStream(of: (@Sendable () async -> Void).self)
    }

    /// Asks a running agent to shut down as on SIGTERM (idempotent; callable from anywhere).
    public nonisolated func stop() {
        spawner.finish()
    }

    /// Waits until the agent serves its D-Bus interface (`"ready"`) or has ended before that
    /// (`"alreadyRunning"`, `"failed"`).
    public nonisolated func waitUntilReady() async -> String {
        await readiness.wait() ?? "failed"
    }

    /// Runs `work` as a child of ``run()``.
    func spawn(_ work: @escaping @Sendable () async -> Void) {
        spawner.yield(work)
    }

    // MARK: - run

    /// Serves until ``stop()``, graceful shutdown, or the loss of the bus.
    /// - Throws: ``AgentFailure`` (no bus, bus lost, demo simulator cannot start).
    public func run() async throws {
        do {
            try await withGracefulShutdownHandler {
                try await self.serve()
            } onGracefulShutdown: {
                self.stop()
            }
        } catch {
            readiness.resolve("failed")
            throw error
        }
    }

    private func serve() async throws {
        guard let address = options.resolvedBusAddress else {
            throw AgentFailure("no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is unset); start one with dbus-run-session or pass --bus-address")
        }
        let bus: DBusConnection
        do {
            bus = try await DBusConnection.connect(address: address)
        } catch {
            throw AgentFailure("cannot connect to the D-Bus bus: \(error)")
        }
        // Export before owning the name: D-Bus activation hands the waiting caller's message to us
        // as soon as the name is ours, and an object that is not there yet answers UnknownMethod.
        // Handlers only run once `bus.run()` runs, i.e. after `prepare` below.
        try await bus.exportObject(
            path: ControlInterface.objectPath, methods: ControlRouter.methods,
            introspectionXML: ControlInterface.introspectionXML
        ) { [weak self] call in
            guard let self else { return .error(name: ControlInterface.ErrorName.unavailable, message: "the agent is stopping") }
            return await ControlRouter(agent: self).handle(call)
        }
        let reply = try await bus.requestName(ControlInterface.busName, flags: [.doNotQueue])
        guard reply == .primaryOwner || reply == .alreadyOwner else {
            // Silent here: the caller tells the person (`AgentExit.alreadyRunningMessage`).
            await bus.close()
            exit = .alreadyRunning
            readiness.resolve("alreadyRunning")
            return
        }
        self.bus = bus
        let loops: [@Sendable () async -> Void]
        do {
            loops = try await prepare(bus: bus, address: address)
        } catch {
            await finish(bus: bus)
            throw error
        }
        readiness.resolve("ready")

        let stream = spawnStream
        let busLost = BusLoss()
        // A discarding group: each spawned piece of work (a tray refresh, a notification's
        // action…) is released as soon as it ends. A plain task group keeps every finished child
        // until its result is taken, which grew the agent by tens of KiB per call.
        let spawner = self.spawner
        await withDiscardingTaskGroup { group in
            // The bus loop ends when the connection does (or on cancellation): then stop (as
            // ``stop()`` does: the end of the spawn stream ends the loop below).
            group.addTask {
                defer { spawner.finish() }
                do { try await bus.run() } catch { if !bus.isConnected { busLost.happened() } }
            }
            for work in loops {
                group.addTask { await work() }
            }
            for await work in stream {
                group.addTask { await work() }
            }
            await self.shutdown()
            group.cancelAll()
        }
        await finish(bus: bus)
        await closeHistory()
        exit = .stopped
        if busLost.seen {
            logger.error("the D-Bus bus went away; exiting")
            throw AgentFailure.busLost
        }
    }

    /// Sets up everything after the name is ours; returns the long-running loops to start.
    private func prepare(bus: DBusConnection, address: String) async throws -> [@Sendable () async -> Void] {
        var loops: [@Sendable () async -> Void] = []
        if options.demo {
            try await startDemoSimulator(busAddress: address)
        }
        loadSettings()
        let enabled = settings?.notificationsEnabled ?? true
        var notifier: DesktopNotifier?
        do {
            notifier = try await DesktopNotifier(connection: bus, appName: strings.appName, logger: logger)
        } catch {
            logger.warning("notifications unavailable: \(error)")
        }
        let notifications = AgentNotifications(notifier: notifier, enabled: enabled, logger: logger, print: options.print)
        self.notifications = notifications
        if let notifier {
            loops.append { await notifier.run() }
            loops.append {
                for await event in notifier.events { await self.handleNotificationEvent(event) }
            }
        }
        loops.append(sleepWatcherLoop())
        loops.append(prepareTray(bus: bus))
        if let pruneLoop = await openHistory() { loops.append(pruneLoop) }
        await historyChanged()
        await addOpenPanelToTray()
        await logNotificationServer(notifier)
        await notifications.refreshCapabilities()
        if let configurationError {
            logger.error("configuration: \(configurationError)")
            await notifications.notice(
                NotificationRequest(
                    summary: strings.configurationProblem, body: configurationError.description, appIcon: ControlInterface.busName,
                    desktopEntry: ControlInterface.busName))
        } else {
            startLogin()
        }
        return loops
    }

    /// Logs which notification server the agent's notifications go to, asked on the agent's own
    /// bus connection. (Not through libnotify: its initialisation starts GLib's type system and a
    /// GDBus connection with its threads, which would stay in the process for one log line.)
    private func logNotificationServer(_ notifier: DesktopNotifier?) async {
        guard let notifier else { return }
        do {
            let information = try await notifier.serverInformation()
            let capabilities = try await notifier.capabilities().sorted()
            logger.info(
                "notification server: \(information.name) \(information.version) (\(information.vendor)); capabilities: \(capabilities.joined(separator: " "))"
            )
        } catch {
            logger.info("no notification server found: \(error)")
        }
    }

    private func startDemoSimulator(busAddress: String) async throws {
        guard let start = options.startDemoServer else { throw AgentFailure("--demo needs the embedded simulator") }
        let server: DemoServer
        do {
            server = try await start(options.demoPort)
        } catch {
            throw AgentFailure("the demo simulator cannot listen on 127.0.0.1:\(options.demoPort): \(error)")
        }
        self.demoServer = server
        let url = server.url
        settings = AgentSettings.demo(serverURL: url, wrapUpSeconds: server.wrapUpSeconds)
        let file = BusAddressFile(environment: options.environment)
        do {
            try file.write(busAddress)
            busAddressFile = file
            writtenBusAddress = busAddress
        } catch {
            self.logger.warning("cannot write the bus address file: \(error)")
        }
        options.print(
            """
            WellClient demo: simulator on \(url.absoluteString), agent 5001 on extension 8001 (tenant demo.cc).
            Bus: \(busAddress)
            Try, in another terminal:
              wellclient dial 8002
              wellclient sim ring 8001 --from 13800138000\(options.demoPort == 5088 ? "" : " --server \(url.absoluteString)")
              wellclient status
              wellclient panel            (the softphone panel in a browser window)
              wellclient history          (the calls so far)
            """)
        if let page = server.pageURL {
            options.print("Click-to-call in the browser (with the WellClient extension loaded): \(page.absoluteString)")
        }
    }

    /// Parses the config file (not in demo mode) into ``pendingFile`` or ``configurationError``.
    func loadSettings() {
        guard !options.demo else { return }
        guard let path = options.configPath ?? AgentConfigFile.defaultPath(environment: options.environment) else {
            configurationError = AgentConfigurationError(message: "neither XDG_CONFIG_HOME nor HOME is set; pass --config")
            loginState = .notConfigured
            return
        }
        guard AgentConfigFile.fileExists(at: path) else {
            configurationError = AgentConfigurationError(file: path, message: "the config file does not exist (run: wellclient setup)")
            loginState = .notConfigured
            return
        }
        do {
            pendingFile = (try AgentConfigFile.load(from: path), path)
            configurationError = nil
        } catch {
            configurationError = AgentConfigurationError(error)
            loginState = .notConfigured
        }
    }

    /// The parsed config file and its path, until the login task resolves it into ``settings``.
    var pendingFile: (AgentConfigFile, String)?

    private func finish(bus: DBusConnection) async {
        if let file = busAddressFile, let address = writtenBusAddress { file.remove(ifHolding: address) }
        if let demoServer { await demoServer.stop() }
        await tray?.stop()
        if bus.isConnected {
            await bus.unexportObject(path: ControlInterface.objectPath)
            _ = try? await bus.releaseName(ControlInterface.busName)
            await bus.close()
        }
    }
}

/// Whether the session bus went away under the agent, told by the bus loop's task.
private final class BusLoss: Sendable {
    private let state = Mutex(false)

    /// The bus loop ended because the connection is gone.
    func happened() { self.state.withLock { $0 = true } }

    /// Whether it did.
    var seen: Bool { self.state.withLock { $0 } }
}
