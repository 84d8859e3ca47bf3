import Testing
import WellDBus
import WellControl
import WellSimulator
import WellTestSupport

/// A click that cannot dial says so: the user clicked a link in a browser and is not looking at
/// a terminal, so a failed `Open` (GIO's D-Bus activation path) or a failed `wellclient dial`
/// launched without a terminal shows "Could not call …" with the reason. A plain `Dial` from a
/// script gets its D-Bus error only.
@Suite("Dial failures from a click are shown", .serialized, .timeLimit(.minutes(3)))
struct AgentDialFailureNoticeTests {
    typealias Name = ControlInterface.ErrorName

    static func failureNotices(_ harness: AgentHarness) async throws -> [RecordedNotify] {
        try await harness.control.calls("Notify").compactMap(RecordedNotify.init).filter {
            $0.summary.hasPrefix("Could not") || $0.summary.hasPrefix("无法拨打")
        }
    }

    static func open(_ harness: AgentHarness, _ uri: String) async -> DBusError? {
        await harness.callError("Open", [.stringArray([uri]), .vardict([:])], interface: ControlInterface.applicationInterface)
    }

    @Test("a failed Open shows why, one notice replaced in place; a plain Dial shows nothing")
    func openFailureIsShown() async throws {
        try await AgentHarness.run { harness in
            // A vanity number from a web page: refused, and the notice says why.
            #expect(await Self.open(harness, "tel:1-800-FLOWERS")?.name == Name.invalidNumber)
            let invalid = try await harness.notify { $0.summary == "Could not place the call" }
            #expect(invalid.body.contains("letter"), "\(invalid.body)")
            #expect(invalid.actions.isEmpty)
            #expect(invalid.replacesID == 0)
            #expect(invalid.hints["urgency"] == .byte(1))
            #expect(invalid.hints["category"] == .string("call"))

            // A good link dials; a second one while that call is up is refused, and its notice
            // replaces the first one instead of stacking up.
            #expect(await Self.open(harness, "tel:8002") == nil)
            try await eventually("one call at the simulator") { await harness.simulatorCalls().count == 1 }
            #expect(await Self.open(harness, "tel:8003")?.name == Name.refused)
            let refused = try await harness.notify { $0.summary == "Could not call 8003" }
            #expect(!refused.body.isEmpty)
            #expect(refused.replacesID != 0, "the second failure replaces the first notice")
            #expect(await harness.simulatorCalls().count == 1, "no second call")

            // Dial is for scripts and the thin client: its caller has the error, no notice.
            let before = try await Self.failureNotices(harness).count
            #expect(await harness.callError("Dial", [.string("tel:1-800-FLOWERS")])?.name == Name.invalidNumber)
            // Ordering barrier: a failing Open after the Dial shows its notice. The agent sends a
            // failure's notice before it answers the call that failed, so a notice the Dial had
            // shown was sent before this one.
            #expect(await Self.open(harness, "tel:8004")?.name == Name.refused)
            _ = try await harness.notify { $0.summary == "Could not call 8004" }
            let notices = try await Self.failureNotices(harness)
            #expect(notices.count == before + 1, "the Dial showed a notice: \(notices.map(\.summary))")
            #expect(notices.last?.summary == "Could not call 8004")
            try await harness.call("HangUp", [.string("")])
        }
    }

    @Test("wellclient dial without a terminal (a browser ran it): the failure is a notification too, in the locale's language")
    func thinClientFailureIsShown() async throws {
        let binary = try #require(ToolRun.builtExecutable(named: "wellclient"), "wellclient is not built next to the tests")
        try await AgentHarness.run { harness in
            let environment = harness.home.environment(["DBUS_SESSION_BUS_ADDRESS": harness.bus.address])
            // Refused by the agent's parse (stderr is a pipe here, as under xdg-open).
            let invalid = try await ToolRun.run(binary, ["dial", "tel:1-800-FLOWERS"], environment: environment)
            #expect(invalid.exitCode == 64, "\(invalid)")
            let shown = try await harness.notify { $0.summary == "Could not place the call" }
            // The mock announces body-markup, so the quote arrives escaped (shown as 'F').
            #expect(shown.body.contains("letter &apos;F&apos;"), "\(shown.body)")
            #expect(shown.body.contains("no call placed"), "\(shown.body)")

            // Refused by the agent, in Chinese.
            var chinese = environment
            chinese["LANG"] = "zh_CN.UTF-8"
            let own = try await ToolRun.run(binary, ["dial", "8001"], environment: chinese)
            #expect(own.exitCode == 1, "\(own)")
            let refused = try await harness.notify { $0.summary == "无法拨打 8001" }
            #expect(refused.body.contains("own extension"), "\(refused.body)")
            #expect(await harness.simulatorCalls().isEmpty)
        }
    }
}
