import Glibc
import Synchronization
import Testing
import WellDBus
import WellThreads
import DesktopTestSupport

/// The one-shot connection the thin `wellclient` uses: calls made on the calling thread, against
/// a real bus daemon and a service served by ``DBusConnection``.
@Suite("DBusBlockingConnection on a private bus", .timeLimit(.minutes(1)))
struct DBusBlockingConnectionTests {
    /// Runs blocking work on a thread of its own, so that a call waiting for its reply never
    /// holds a thread of the concurrency pool that the test's service needs to answer it.
    static func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            do {
                try DetachedThread.start(name: "blocking-call") { continuation.resume(returning: body()) }
            } catch {
                continuation.resume(throwing: error)
            }
        }
    }

    /// One blocking call on a new connection to `address`, on a thread of its own.
    static func call(
        _ address: String, destination: String = TestService.name, member: String = "Dial",
        _ arguments: [DBusValue], timeout: Duration = .seconds(20)
    ) async throws -> Result<DBusReply, DBusError> {
        try await onOwnThread {
            do throws(DBusError) {
                let connection = try DBusBlockingConnection(address: address)
                return .success(
                    try connection.call(
                        destination: destination, path: TestService.path, interface: TestService.interface,
                        member: member, arguments: arguments, timeout: timeout))
            } catch {
                return .failure(error)
            }
        }
    }

    /// A service owning ``TestService/name`` whose `Dial` answers `dialled N`, or the agent's
    /// NotLoggedIn error for `bad`; `callers` records each caller's unique name.
    static func withService(_ body: (PrivateBus, DBusConnection) async throws -> Void, callers: TestNames) async throws {
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            #expect(try await server.requestName(TestService.name) == .primaryOwner)
            try await server.exportObject(
                path: TestService.path,
                methods: [DBusMethod(interface: TestService.interface, name: "Dial", inputSignature: "s", outputSignature: "s")],
                introspectionXML: TestService.xml
            ) { call in
                callers.append(call.sender ?? "")
                if call.arguments.first?.string == "bad" {
                    return .error(name: "cc.wellcloud.WellClient1.Error.NotLoggedIn", message: "the agent is not logged in")
                }
                return .reply([.string("dialled " + (call.arguments.first?.string ?? ""))])
            }
            try await whileServing(server) { () async throws in try await body(bus, server) }
            await server.close()
        }
    }

    @Test("a call gets its reply from the name's owner, sent by a registered connection (Hello went first)")
    func reply() async throws {
        let callers = TestNames()
        try await Self.withService(
            { bus, server in
                let reply = try await Self.call(bus.address, [.string("8001")]).get()
                #expect(reply.arguments == [.string("dialled 8001")])
                #expect(reply.sender == server.uniqueName)
                // A second connection, a second call: each one is its own registered peer.
                #expect(try await Self.call(bus.address, [.string("8002")]).get().arguments == [.string("dialled 8002")])
            }, callers: callers)
        let names = callers.names
        #expect(names.count == 2 && names.allSatisfy { $0.hasPrefix(":") } && Set(names).count == 2, "\(names)")
    }

    @Test("an error reply keeps its name and message; a wrong member or argument is refused by the service")
    func errorReplies() async throws {
        let callers = TestNames()
        try await Self.withService(
            { bus, _ in
                let refused = try await Self.call(bus.address, [.string("bad")])
                #expect(refused.failure?.name == "cc.wellcloud.WellClient1.Error.NotLoggedIn")
                #expect(refused.failure?.message == "the agent is not logged in")
                #expect(try await Self.call(bus.address, member: "Nope", [.string("1")]).failure?.name == DBusError.unknownMethodName)
                #expect(try await Self.call(bus.address, [.uint32(1)]).failure?.name == DBusError.invalidArgsName)
            }, callers: callers)
        #expect(callers.names.count == 1) // only the "bad" call reached the handler
    }

    @Test("a service that does not answer in time: NoReply after the call's timeout, and the service still gets the call")
    func noReply() async throws {
        let callers = TestNames()
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            #expect(try await server.requestName(TestService.name) == .primaryOwner)
            let gate = TestGate()
            try await server.exportObject(
                path: TestService.path,
                methods: [DBusMethod(interface: TestService.interface, name: "Dial", inputSignature: "s", outputSignature: "s")],
                introspectionXML: TestService.xml
            ) { call in
                callers.append(call.sender ?? "")
                await gate.wait()
                return .reply([.string("late")])
            }
            try await whileServing(server) { () async throws in
                let result = try await Self.call(bus.address, [.string("8001")], timeout: .milliseconds(300))
                #expect(result.failure?.name == DBusError.noReplyName, "\(result)")
                gate.open()
            }
            await server.close()
        }
        #expect(callers.names.count == 1)
    }

    @Test("a name nobody owns is answered by the bus: ServiceUnknown")
    func noOwner() async throws {
        try await withPrivateBus { bus in
            let result = try await Self.call(bus.address, destination: "cc.wellcloud.Nobody", [.string("1")])
            #expect(result.failure?.name == DBusError.serviceUnknownName, "\(result)")
            #expect(result.failure?.isNoOwner == true)
        }
    }

    @Test("a bus that accepts the connection and never answers ends the call with Timeout after its timeout")
    func silentBus() async throws {
        let silent = try SilentBus()
        defer { silent.stop() }
        let result = try await Self.call(silent.address, [.string("1")], timeout: .milliseconds(300))
        #expect(result.failure?.name == DBusError.timeoutName, "\(result)")
        #expect(result.failure?.message == "the bus did not complete the connection within 0.3 seconds", "\(result)")
    }

    @Test("no bus at the address, or no address: the connection fails at once with the reason")
    func noBus() async throws {
        let missing = try await Self.call("unix:path=/tmp/wellclient-no-such-bus-\(getpid())", [.string("1")])
        let error = try #require(missing.failure)
        #expect(error.name.hasPrefix("org.freedesktop.DBus.Error."), "\(error)")
        #expect(error.message.contains("wellclient-no-such-bus"), "\(error)")
        #expect(try await Self.call("", [.string("1")]).failure?.name == "org.freedesktop.DBus.Error.BadAddress")
        #expect(try await Self.call("unix:path=/tmp/x\u{0}y", [.string("1")]).failure?.name == "org.freedesktop.DBus.Error.BadAddress")
    }

    @Test("names and arguments that cannot be sent are refused before anything is sent")
    func invalidCall() async throws {
        try await withPrivateBus { bus in
            let badName = try await Self.call(bus.address, destination: "not a bus name", [.string("1")])
            #expect(badName.failure?.name == DBusError.invalidArgsName)
            let badMember = try await Self.call(bus.address, member: "No-Dashes", [.string("1")])
            #expect(badMember.failure?.name == DBusError.invalidArgsName)
            let badPath = try await Self.call(bus.address, [.objectPath("not/a/path")])
            #expect(badPath.failure?.name == DBusError.invalidArgsName)
        }
    }
}

/// The caller names a service saw, shared between a test and its handler.
final class TestNames: Sendable {
    private let storage = Mutex<[String]>([])
    func append(_ name: String) { storage.withLock { $0.append(name) } }
    var names: [String] { storage.withLock { $0 } }
}

extension Result {
    /// The error, when this is a failure.
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
