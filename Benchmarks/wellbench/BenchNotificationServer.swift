import Foundation
import Synchronization
import WellDBus
import WellNotifications

/// A minimal `org.freedesktop.Notifications` server (spec 1.2: GetCapabilities, Notify,
/// CloseNotification, GetServerInformation) that stamps every `Notify` with the time it
/// arrived, so the benchmark measures the agent and not a Python mock.
final class BenchNotificationServer: Sendable {
    struct Received: Sendable {
        let at: ContinuousClock.Instant
        let id: UInt32
        let summary: String
        let category: String?
    }

    private let state = Mutex<(nextID: UInt32, received: [Received])>((1, []))
    private let connection: DBusConnection

    private init(connection: DBusConnection) { self.connection = connection }

    /// Every Notify so far, oldest first.
    var received: [Received] { state.withLock { $0.received } }

    /// Connects, exports the object and owns the name; serve with ``run()``.
    static func start(busAddress: String) async throws -> BenchNotificationServer {
        let connection = try await DBusConnection.connect(address: busAddress)
        let server = BenchNotificationServer(connection: connection)
        let interface = DesktopNotifier.interface
        let methods = [
            DBusMethod(interface: interface, name: "GetCapabilities", outputSignature: "as"),
            DBusMethod(interface: interface, name: "Notify", inputSignature: "susssasa{sv}i", outputSignature: "u"),
            DBusMethod(interface: interface, name: "CloseNotification", inputSignature: "u"),
            DBusMethod(interface: interface, name: "GetServerInformation", outputSignature: "ssss"),
        ]
        try await connection.exportObject(path: DesktopNotifier.objectPath, methods: methods, introspectionXML: "<node/>") { call in
            await server.handle(call)
        }
        _ = try await connection.requestName(DesktopNotifier.busName)
        return server
    }

    func run() async {
        try? await connection.run()
    }

    func close() async { await connection.close() }

    private func handle(_ call: DBusMethodCall) async -> DBusMethodResult {
        let now = ContinuousClock.now
        switch call.member {
        case "GetCapabilities":
            return .reply([.stringArray(["actions", "body", "persistence", "sound"])])
        case "GetServerInformation":
            return .reply([.string("wellbench"), .string("wellclient"), .string("1"), .string("1.2")])
        case "Notify":
            let arguments = call.arguments
            let replaces = arguments[1].uint32 ?? 0
            let hints = arguments[6].stringKeyedDictionary ?? [:]
            let category = hints["category"].flatMap { ($0.variantValue ?? $0).string }
            let id = state.withLock { state in
                let id = replaces != 0 ? replaces : state.nextID
                if replaces == 0 { state.nextID += 1 }
                state.received.append(Received(at: now, id: id, summary: arguments[3].string ?? "", category: category))
                return id
            }
            return .reply([.uint32(id)])
        case "CloseNotification":
            let id = call.arguments.first?.uint32 ?? 0
            try? await connection.emitSignal(
                path: DesktopNotifier.objectPath, interface: DesktopNotifier.interface,
                member: "NotificationClosed", arguments: [.uint32(id), .uint32(3)])
            return .reply([])
        default:
            return .error(name: "org.freedesktop.DBus.Error.UnknownMethod", message: call.member)
        }
    }
}
