import Testing
import WellDBus
import WellNotifications
import WellTestSupport

@Suite("DesktopNotifier against python-dbusmock's notification daemon", .timeLimit(.minutes(2)))
struct NotificationTests {
    @Test("Notify carries app name, replaces_id 0, actions and typed hints (urgency is a byte)")
    func notifyArguments() async throws {
        try await NotificationHarness.run { harness, _ in
            #expect(try await harness.notifier.capabilities().contains("actions"))
            let id = try await harness.notifier.show(NotificationHarness.ringing)
            #expect(id > 0)
            let calls = try await harness.control.calls("Notify")
            #expect(calls.count == 1)
            let notify = try #require(calls.first.flatMap(RecordedNotify.init))
            #expect(notify.appName == "wellclient-test")
            #expect(notify.replacesID == 0)
            #expect(notify.summary == "Incoming call")
            #expect(notify.body == "From 13800138000 &lt;queue 7000&gt; &amp; co") // server has body-markup
            #expect(notify.actions == ["answer", "Answer", "hangup", "Reject", "default", ""])
            #expect(notify.hints["urgency"] == .byte(2))
            #expect(notify.hints["category"] == .string("call.incoming"))
            #expect(notify.hints["resident"] == .bool(true))
            #expect(notify.hints["sound-name"] == .string("phone-incoming-call"))
            #expect(notify.hints["desktop-entry"] == .string("cc.wellcloud.WellClient"))
            #expect(notify.expireTimeout == 0)
            #expect(await harness.notifier.activeNotificationIDs == [id])
        }
    }

    @Test("replacing keeps the id; close sends CloseNotification and reports the close")
    func replaceAndClose() async throws {
        try await NotificationHarness.run { harness, events in
            let id = try await harness.notifier.show(NotificationHarness.ringing)
            var established = NotificationRequest(
                summary: "On call with 13800138000",
                actions: [.init(key: "hangup", label: "Hang up")], category: "call.ongoing")
            established.transient = true
            let same = try await harness.notifier.show(established, replacing: id)
            #expect(same == id)
            let calls = try await harness.control.calls("Notify").compactMap(RecordedNotify.init)
            #expect(calls.map(\.replacesID) == [0, id])
            #expect(calls.last?.hints["category"] == .string("call.ongoing"))
            #expect(calls.last?.hints["transient"] == .bool(true))
            #expect(calls.last?.expireTimeout == -1)

            try await harness.notifier.close(id: id)
            let closes = try await harness.control.calls("CloseNotification")
            #expect(closes.count == 1)
            // The template declares CloseNotification(i), so it records the id as int32.
            let closed = closes.first?.first
            #expect(closed == .uint32(id) || closed == .int32(Int32(id)))
            // dbusmock emits NotificationClosed(id, 1) before replying.
            #expect(await events.next() == .closed(id: id, reason: .expired))
            #expect(await harness.notifier.activeNotificationIDs.isEmpty)
        }
    }

    @Test("ActionInvoked from the notification server is delivered")
    func actionDelivered() async throws {
        try await NotificationHarness.run { harness, events in
            let id = try await harness.notifier.show(NotificationHarness.ringing)
            try await harness.control.invokeAction(id: id, key: "answer")
            #expect(await events.next() == .actionInvoked(id: id, key: "answer"))
            #expect(await harness.notifier.droppedSignalCount == 0)
        }
    }

    @Test("fake ActionInvoked from another peer (unicast or broadcast) and foreign ids are dropped")
    func fakesAreDropped() async throws {
        try await NotificationHarness.run { harness, events in
            let id = try await harness.notifier.show(NotificationHarness.ringing)
            let fake: [DBusValue] = [.uint32(id), .string("answer")]
            // 1. unicast straight to the notifier's connection (bypasses match rules)
            try await harness.peer.emitSignal(
                path: DesktopNotifier.objectPath, interface: DesktopNotifier.interface,
                member: "ActionInvoked", arguments: fake, destination: harness.connection.uniqueName)
            // 2. broadcast from a peer that does not own org.freedesktop.Notifications
            try await harness.peer.emitSignal(
                path: DesktopNotifier.objectPath, interface: DesktopNotifier.interface,
                member: "ActionInvoked", arguments: fake)
            // 3. a fake NameOwnerChanged claiming the peer now owns the name
            try await harness.peer.emitSignal(
                path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus",
                member: "NameOwnerChanged",
                arguments: [.string(DesktopNotifier.busName), .string(""), .string(harness.peer.uniqueName)],
                destination: harness.connection.uniqueName)
            try await harness.flushPeer()
            // 4. from the real server, but for ids this notifier never created
            try await harness.control.invokeAction(id: id + 100, key: "answer")
            try await harness.control.emit("NotificationClosed", signature: "uu", [.uint32(id + 100), .uint32(2)])
            // then the genuine one: it must be the first event
            try await harness.control.invokeAction(id: id, key: "hangup")
            #expect(await events.next() == .actionInvoked(id: id, key: "hangup"))
            #expect(await harness.notifier.droppedSignalCount == 5)
            let owner = try await harness.peer.getNameOwner(DesktopNotifier.busName)
            #expect(owner != harness.peer.uniqueName)
            #expect(await harness.notifier.serverOwner == owner)
        }
    }

    @Test("signals for a notification already closed are dropped")
    func closedIDsAreDead() async throws {
        try await NotificationHarness.run { harness, events in
            let id = try await harness.notifier.show(NotificationHarness.ringing)
            try await harness.control.emit("NotificationClosed", signature: "uu", [.uint32(id), .uint32(2)])
            #expect(await events.next() == .closed(id: id, reason: .dismissed))
            try await harness.control.invokeAction(id: id, key: "answer")
            let second = try await harness.notifier.show(NotificationHarness.ringing)
            try await harness.control.invokeAction(id: second, key: "answer")
            #expect(await events.next() == .actionInvoked(id: second, key: "answer"))
            #expect(await harness.notifier.droppedSignalCount == 1)
        }
    }

    @Test("a server without the actions capability gets no actions")
    func noActionsCapability() async throws {
        try await NotificationHarness.run(mockCapabilities: NotificationMock.capabilitiesWithoutActions) { harness, _ in
            #expect(try await !harness.notifier.capabilities().contains("actions"))
            _ = try await harness.notifier.show(NotificationHarness.ringing)
            let notify = try #require(try await harness.control.calls("Notify").first.flatMap(RecordedNotify.init))
            #expect(notify.actions.isEmpty)
            #expect(notify.hints["urgency"] == .byte(2))
        }
    }

    @Test("no notification server: show fails with NotificationError.noServer")
    func noServer() async throws {
        try await NotificationHarness.run(mockCapabilities: nil) { harness, _ in
            #expect(await harness.notifier.serverOwner == nil)
            await #expect(throws: NotificationError.noServer) { try await harness.notifier.show(NotificationHarness.ringing) }
            await #expect(throws: NotificationError.noServer) { try await harness.notifier.capabilities() }
            try await harness.notifier.close(id: 1) // not ours: nothing to do
            #expect(harness.connection.isConnected)
        }
    }

    @Test("a restarted server: vanish/appear events, capabilities re-read, old ids forgotten, new ids work")
    func serverRestart() async throws {
        try await NotificationHarness.run(mockCapabilities: NotificationMock.capabilitiesWithoutActions) { harness, events in
            let mock = try #require(harness.mock)
            let oldOwner = await harness.notifier.serverOwner
            let old = try await harness.notifier.show(NotificationHarness.ringing)
            #expect(try await !harness.notifier.capabilities().contains("actions"))

            try await mock.restart(capabilities: NotificationMock.capabilitiesWithActions)
            #expect(await events.next() == .serverVanished)
            #expect(await events.next() == .serverAppeared)
            #expect(await harness.notifier.serverOwner != oldOwner)
            #expect(await harness.notifier.activeNotificationIDs.isEmpty)
            #expect(try await harness.notifier.capabilities().contains("actions"))

            let new = try await harness.notifier.show(NotificationHarness.ringing, replacing: old)
            let notify = try #require(try await harness.control.calls("Notify").last.flatMap(RecordedNotify.init))
            #expect(notify.replacesID == 0) // the old id died with the old server
            #expect(notify.actions.contains("answer"))
            try await harness.control.invokeAction(id: new, key: "answer")
            #expect(await events.next() == .actionInvoked(id: new, key: "answer"))
        }
    }

    @Test("server information")
    func serverInformation() async throws {
        try await NotificationHarness.run { harness, _ in
            let info = try await harness.notifier.serverInformation()
            #expect(info == NotificationServerInformation(name: "mock-notify", vendor: "test vendor", version: "1.0", specVersion: "1.1"))
        }
    }
}

@Suite("D-Bus activation on a PrivateBus", .timeLimit(.minutes(1)))
struct NotificationActivationTests {
    @Test("a notification server named in the private service dir is activated by the first call")
    func activation() async throws {
        try await withPrivateBus { bus in
            let parameters = #"'{"capabilities": "actions body"}'"#
            try bus.installService(
                name: DesktopNotifier.busName,
                exec: "/usr/bin/python3 -m dbusmock --session -t notification_daemon -p \(parameters)")
            let connection = try await DBusConnection.connect(address: bus.address)
            let notifier = try await DesktopNotifier(connection: connection, appName: "wellclient-test", callTimeout: .seconds(20))
            #expect(await notifier.serverOwner == nil)
            var events = notifier.events.makeAsyncIterator()
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { await notifier.run() }
                #expect(try await notifier.capabilities() == ["actions", "body"])
                #expect(await events.next() == .serverAppeared)
                let owner = try await connection.getNameOwner(DesktopNotifier.busName)
                #expect(owner != nil)
                #expect(await notifier.serverOwner == owner)
                group.cancelAll()
            }
            await connection.close()
        }
    }
}
