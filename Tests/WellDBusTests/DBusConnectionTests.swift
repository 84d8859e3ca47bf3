import Testing
import WellDBus
import DesktopTestSupport

@Suite("DBusConnection on a private bus", .timeLimit(.minutes(1)))
struct DBusConnectionTests {
    @Test("a bus that hangs up during the handshake: connect throws (the Hello got no reply) and the process goes on (libdbus aborted it before)")
    func busHangsUpDuringTheHandshake() async throws {
        let bus = try HangingUpBus()
        defer { bus.stop() }
        for _ in 0..<3 {
            do {
                let connection = try await DBusConnection.connect(address: bus.address)
                await connection.close()
                Issue.record("connected to a bus that hangs up")
            } catch let error as DBusError {
                // libdbus fails the bus's `Hello` with NoReply (1.14) once the socket closes.
                #expect([DBusError.noReplyName, DBusError.disconnectedName].contains(error.name), "\(error)")
            }
        }
    }

    /// Every DBusValue kind, including empty and nested containers.
    static let allKinds: [DBusValue] = [
        .byte(0xFF), .bool(true), .bool(false), .int16(-5), .uint16(65535),
        .int32(Int32.min), .uint32(UInt32.max), .int64(Int64.min), .uint64(UInt64.max), .double(-1.5),
        .string("héllo ☎ 你好"), .string(""), .objectPath("/cc/wellcloud/WellClient"), .signature("a{sv}"),
        .array(elementSignature: "s", []), .stringArray(["a", "b"]),
        .array(elementSignature: "ai", [.array(elementSignature: "i", [.int32(1), .int32(-2)])]),
        .vardict(["urgency": .byte(2), "resident": .bool(true), "nested": .vardict(["x": .int32(1)])]),
        .stringDictionary(["k": "v", "a": "b"]),
        .dictionary(keySignature: "u", valueSignature: "s", []),
        .variant(.structure([.string("x"), .uint32(1)])),
        .structure([.int32(1), .stringArray([]), .variant(.double(2))]),
        .array(elementSignature: "(tav)", [.structure([.uint64(1), .array(elementSignature: "v", [.variant(.string("a"))])])]),
    ]

    @Test("a name is owned once: DO_NOT_QUEUE gives the second connection 'exists'")
    func nameOwnership() async throws {
        try await withPrivateBus { bus in
            let first = try await DBusConnection.connect(address: bus.address)
            let second = try await DBusConnection.connect(address: bus.address)
            #expect(first.uniqueName.hasPrefix(":"))
            #expect(first.uniqueName != second.uniqueName)
            #expect(try await first.requestName(TestService.name) == .primaryOwner)
            #expect(try await first.requestName(TestService.name) == .alreadyOwner)
            #expect(try await second.requestName(TestService.name, flags: [.doNotQueue]) == .exists)
            #expect(try await second.getNameOwner(TestService.name) == first.uniqueName)
            #expect(try await second.releaseName(TestService.name) == .notOwner)
            #expect(try await first.releaseName(TestService.name) == .released)
            #expect(try await second.getNameOwner(TestService.name) == nil)
            #expect(try await second.requestName(TestService.name) == .primaryOwner)
            await first.close()
            await second.close()
        }
    }

    @Test("a method call round-trips every value kind")
    func roundTripEveryKind() async throws {
        let signature = DBusValue.signature(of: Self.allKinds)
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            let client = try await DBusConnection.connect(address: bus.address)
            let seen = TestGate()
            try await server.exportObject(
                path: TestService.path,
                methods: [DBusMethod(interface: TestService.interface, name: "Echo", inputSignature: signature, outputSignature: signature)],
                introspectionXML: TestService.xml
            ) { call in
                #expect(call.sender == client.uniqueName)
                #expect(call.member == "Echo" && call.interface == TestService.interface && call.path == TestService.path)
                seen.increment()
                return .reply(call.arguments)
            }
            try await whileServing(server) { () async throws in
                let reply = try await client.call(
                    destination: server.uniqueName, path: TestService.path,
                    interface: TestService.interface, member: "Echo", arguments: Self.allKinds)
                #expect(reply == Self.allKinds)
                #expect(DBusValue.signature(of: reply) == signature)
            }
            #expect(seen.count == 1)
            await server.close()
            await client.close()
        }
    }

    @Test("error replies carry the name and message; unknown members and wrong arguments are rejected")
    func errorReplies() async throws {
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            let client = try await DBusConnection.connect(address: bus.address)
            let handled = TestGate()
            try await server.exportObject(
                path: TestService.path,
                methods: [DBusMethod(interface: TestService.interface, name: "Dial", inputSignature: "s", outputSignature: "s")],
                introspectionXML: TestService.xml
            ) { call in
                handled.increment()
                if call.arguments.first?.string == "bad" {
                    return .error(name: "cc.wellcloud.WellClient1.Error.NotLoggedIn", message: "the agent is not logged in")
                }
                return .reply([.string("dialled " + (call.arguments.first?.string ?? ""))])
            }
            try await whileServing(server) { () async throws in
                func dial(_ arguments: [DBusValue], member: String = "Dial", path: String = TestService.path) async throws -> [DBusValue] {
                    try await client.call(
                        destination: server.uniqueName, path: path, interface: TestService.interface,
                        member: member, arguments: arguments)
                }
                #expect(try await dial([.string("8001")]) == [.string("dialled 8001")])

                let named = await #expect(throws: DBusError.self) { try await dial([.string("bad")]) }
                #expect(named?.name == "cc.wellcloud.WellClient1.Error.NotLoggedIn")
                #expect(named?.message == "the agent is not logged in")

                let unknown = await #expect(throws: DBusError.self) { try await dial([.string("x")], member: "Nope") }
                #expect(unknown?.name == DBusError.unknownMethodName)

                let wrongType = await #expect(throws: DBusError.self) { try await dial([.uint32(8001)]) }
                #expect(wrongType?.name == DBusError.invalidArgsName)
                let wrongCount = await #expect(throws: DBusError.self) { try await dial([.string("1"), .string("2")]) }
                #expect(wrongCount?.name == DBusError.invalidArgsName)

                let noObject = await #expect(throws: DBusError.self) { try await dial([.string("1")], path: "/not/exported") }
                #expect(noObject?.name == DBusError.unknownMethodName || noObject?.name == DBusError.unknownObjectName)
            }
            #expect(handled.count == 2) // the good and the "bad" call only
            await server.close()
            await client.close()
        }
    }

    @Test("a handler reply that does not match the declared output becomes a Failed error")
    func mismatchedReply() async throws {
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            let client = try await DBusConnection.connect(address: bus.address)
            try await server.exportObject(
                path: TestService.path,
                methods: [DBusMethod(interface: TestService.interface, name: "Dial", inputSignature: "s", outputSignature: "s")],
                introspectionXML: TestService.xml
            ) { _ in .reply([.uint32(1)]) }
            try await whileServing(server) { () async throws in
                let error = await #expect(throws: DBusError.self) {
                    try await client.call(
                        destination: server.uniqueName, path: TestService.path, interface: TestService.interface,
                        member: "Dial", arguments: [.string("1")])
                }
                #expect(error?.name == DBusError.failedName)
            }
            await server.close()
            await client.close()
        }
    }

    @Test("Introspect returns the exporter's XML, parents list children, Peer.Ping answers")
    func introspectAndPing() async throws {
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            let client = try await DBusConnection.connect(address: bus.address)
            try await server.exportObject(path: TestService.path, methods: [], introspectionXML: TestService.xml) { _ in .reply([]) }
            let xml = try await client.call(
                destination: server.uniqueName, path: TestService.path,
                interface: "org.freedesktop.DBus.Introspectable", member: "Introspect")
            #expect(xml == [.string(TestService.xml)])
            let parent = try await client.call(
                destination: server.uniqueName, path: "/cc",
                interface: "org.freedesktop.DBus.Introspectable", member: "Introspect")
            #expect(parent.first?.string?.contains("<node name=\"wellcloud\"/>") == true)
            try await client.ping(server.uniqueName, path: TestService.path)
            await server.close()
            await client.close()
        }
    }

    @Test("a slow handler does not hold up other calls")
    func slowHandlerDoesNotBlock() async throws {
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            let client = try await DBusConnection.connect(address: bus.address)
            let gate = TestGate()
            let methods = ["Slow", "Fast", "Release"].map { DBusMethod(interface: TestService.interface, name: $0, outputSignature: "s") }
            try await server.exportObject(path: TestService.path, methods: methods, introspectionXML: TestService.xml) { call in
                switch call.member {
                case "Slow":
                    await gate.wait() // until Release arrives — only possible if other calls still flow
                    return .reply([.string("slow done")])
                case "Release":
                    gate.open()
                    return .reply([.string("released")])
                default:
                    return .reply([.string("fast")])
                }
            }
            try await whileServing(server) { () async throws in
                func invoke(_ member: String) async throws -> [DBusValue] {
                    try await client.call(
                        destination: server.uniqueName, path: TestService.path,
                        interface: TestService.interface, member: member)
                }
                async let slow = invoke("Slow")
                #expect(try await invoke("Fast") == [.string("fast")])
                #expect(try await invoke("Fast") == [.string("fast")])
                #expect(try await invoke("Release") == [.string("released")])
                #expect(try await slow == [.string("slow done")])
            }
            await server.close()
            await client.close()
        }
    }

    @Test("a call that gets no reply in time fails with NoReply; a cancelled call throws CancellationError")
    func timeoutAndCancellation() async throws {
        try await withPrivateBus { bus in
            let server = try await DBusConnection.connect(address: bus.address)
            let client = try await DBusConnection.connect(address: bus.address)
            let never = TestGate()
            try await server.exportObject(
                path: TestService.path, methods: [DBusMethod(interface: TestService.interface, name: "Hang")],
                introspectionXML: TestService.xml
            ) { _ in
                await never.wait()
                return .reply([])
            }
            try await whileServing(server) { () async throws in
                let error = await #expect(throws: DBusError.self) {
                    try await client.call(
                        destination: server.uniqueName, path: TestService.path,
                        interface: TestService.interface, member: "Hang", timeout: .milliseconds(200))
                }
                #expect(error?.name == DBusError.noReplyName)

                let task = Task {
                    try await client.call(
                        destination: server.uniqueName, path: TestService.path,
                        interface: TestService.interface, member: "Hang")
                }
                task.cancel()
                await #expect(throws: CancellationError.self) { try await task.value }
                never.open()
            }
            await server.close()
            await client.close()
        }
    }

    @Test("signals reach subscribers through match rules; unicast signals arrive without one")
    func signals() async throws {
        try await withPrivateBus { bus in
            let emitter = try await DBusConnection.connect(address: bus.address)
            let listener = try await DBusConnection.connect(address: bus.address)
            let stream = listener.signals()
            try await listener.addMatch("type='signal',interface='\(TestService.interface)'")

            // Not matched by the rule and not addressed to us: must not arrive.
            try await emitter.emitSignal(path: TestService.path, interface: "cc.wellcloud.Other1", member: "Noise")
            try await emitter.emitSignal(
                path: TestService.path, interface: TestService.interface, member: "CallState",
                arguments: [.string("call-1"), .vardict(["state": .string("alerting")])])
            try await emitter.emitSignal(
                path: TestService.path, interface: "cc.wellcloud.Other1", member: "Direct",
                arguments: [.uint32(7)], destination: listener.uniqueName)

            var received: [DBusSignal] = []
            for await signal in stream where signal.sender == emitter.uniqueName {
                received.append(signal)
                if received.count == 2 { break }
            }
            #expect(received.map(\.member) == ["CallState", "Direct"])
            #expect(received[0].arguments == [.string("call-1"), .vardict(["state": .string("alerting")])])
            #expect(received[0].path == TestService.path && received[0].destination == nil)
            #expect(received[1].destination == listener.uniqueName)
            #expect(received[1].arguments == [.uint32(7)])
            await emitter.close()
            await listener.close()
        }
    }

    @Test("killing the bus daemon is observed as a lost connection")
    func busKilled() async throws {
        let bus = try await PrivateBus.start()
        let connection = try await DBusConnection.connect(address: bus.address)
        let stream = connection.signals()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let error = await #expect(throws: DBusError.self) { try await connection.run() }
                #expect(error?.name == DBusError.disconnectedName)
            }
            bus.stop()
            #expect(await connection.waitUntilDisconnected() == .lost)
            try await group.waitForAll()
        }
        #expect(!connection.isConnected)
        for await _ in stream {} // the signal stream finishes
        let error = await #expect(throws: DBusError.self) { try await connection.getNameOwner("org.freedesktop.DBus") }
        #expect(error?.name == DBusError.disconnectedName)
    }

    @Test("close() ends run() normally and later calls fail with Disconnected")
    func closeCleanly() async throws {
        try await withPrivateBus { bus in
            let connection = try await DBusConnection.connect(address: bus.address)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await connection.run() }
                await connection.close()
                try await group.waitForAll() // run() returned without throwing
            }
            #expect(await connection.waitUntilDisconnected() == .closed)
            await #expect(throws: DBusError.self) { try await connection.requestName(TestService.name) }
            await connection.close() // idempotent
        }
    }

    @Test("bad input is rejected with InvalidArgs before it reaches libdbus")
    func badInput() async throws {
        try await withPrivateBus { bus in
            let connection = try await DBusConnection.connect(address: bus.address)
            let attempts: [() async throws -> Void] = [
                { _ = try await connection.call(destination: "org.freedesktop.DBus", path: "not/a/path", interface: nil, member: "X") },
                { _ = try await connection.call(destination: "org.freedesktop.DBus", path: "/", interface: "bad..iface", member: "X") },
                { _ = try await connection.call(destination: "org.freedesktop.DBus", path: "/", interface: nil, member: "bad-member") },
                { _ = try await connection.call(destination: "not a name", path: "/", interface: nil, member: "X") },
                {
                    _ = try await connection.call(
                        destination: "org.freedesktop.DBus", path: "/", interface: nil, member: "X",
                        arguments: [.string("nul\u{0}inside")])
                },
                {
                    _ = try await connection.call(
                        destination: "org.freedesktop.DBus", path: "/", interface: nil, member: "X",
                        arguments: [.array(elementSignature: "s", [.uint32(1)])])
                },
                {
                    _ = try await connection.call(
                        destination: "org.freedesktop.DBus", path: "/", interface: nil, member: "X",
                        arguments: [.objectPath("//")])
                },
                {
                    _ = try await connection.call(
                        destination: "org.freedesktop.DBus", path: "/", interface: nil, member: "X",
                        arguments: [.structure([])])
                },
                {
                    _ = try await connection.call(
                        destination: "org.freedesktop.DBus", path: "/", interface: nil, member: "X",
                        arguments: [.dictionary(keySignature: "v", valueSignature: "s", [])])
                },
                { try await connection.emitSignal(path: "/", interface: "a.b", member: "C", arguments: [.signature("a{")]) },
                { _ = try await connection.requestName("no-dots") },
            ]
            for attempt in attempts {
                let error = await #expect(throws: DBusError.self) { try await attempt() }
                #expect(error?.name == DBusError.invalidArgsName)
            }
            #expect(connection.isConnected)
            var deep: DBusValue = .int32(1)
            for _ in 0..<100 { deep = .variant(deep) }
            #expect(throws: DBusError.self) { try deep.validate() }
            await connection.close()
        }
    }

    @Test("connecting to a dead address fails with a D-Bus error")
    func connectFailure() async throws {
        let error = await #expect(throws: DBusError.self) {
            _ = try await DBusConnection.connect(address: "unix:path=/nonexistent/wellclient-test-socket")
        }
        #expect(error?.name.hasPrefix("org.freedesktop.DBus.Error.") == true)
        await #expect(throws: DBusError.self) { _ = try await DBusConnection.session(environment: [:]) }
    }
}
