import Foundation
import Testing
import WellControl
@testable import WellAgent
import WellNotifications

@Suite("Agent language and call notification policy")
struct AgentPolicyTests {
    @Test(arguments: [
        (["LANG": "zh_CN.UTF-8"], AgentLanguage.simplifiedChinese),
        (["LANG": "en_US.UTF-8"], .english),
        (["LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"], .simplifiedChinese),
        (["LC_ALL": "C", "LANG": "zh_SG.UTF-8"], .simplifiedChinese),
        (["LANG": "zh_TW.UTF-8"], .english),
        ([:], .english),
    ])
    func languageFromLocale(environment: [String: String], expected: AgentLanguage) {
        #expect(AgentLanguage.fromEnvironment(environment) == expected)
    }

    @Test func inboundRingingIsCriticalResidentWithAnswerAndReject() throws {
        let policy = CallNotificationPolicy(strings: AgentStrings(.english), serverHasActions: true, sound: true)
        let call = CallPresentation(
            callId: "c1", phase: .ringingIn, party: "13800138000", queue: "7000",
            callData: ["orderId: 42"])
        let plan = try #require(policy.plan(for: call))
        #expect(plan.urgency == .critical)
        #expect(plan.resident == true)
        #expect(plan.expiry == .never)
        #expect(plan.category == "call.incoming")
        #expect(plan.soundName == "phone-incoming-call")
        #expect(plan.actions.map(\.key) == ["answer", "hangup", "default"])
        #expect(plan.body == "From 13800138000\nQueue: 7000\norderId: 42")
    }

    @Test func withoutActionsCapabilityNothingIsClickable() throws {
        let policy = CallNotificationPolicy(strings: AgentStrings(.english), serverHasActions: false, sound: false)
        let plan = try #require(policy.plan(for: CallPresentation(callId: "c1", phase: .ringingIn, party: "8002")))
        #expect(plan.actions.isEmpty)
        #expect(plan.soundName == nil)
        #expect(plan.resident == false)
    }

    @Test func outboundConnectedAndEndedPhases() throws {
        let policy = CallNotificationPolicy(strings: AgentStrings(.simplifiedChinese), serverHasActions: true, sound: true)
        var call = CallPresentation(callId: "c2", phase: .ringingOut, party: "8002")
        let ringing = try #require(policy.plan(for: call))
        #expect(ringing.summary == "正在呼叫 8002…")
        #expect(ringing.actions.map(\.key) == ["hangup"])
        call.phase = .connected
        let connected = try #require(policy.plan(for: call))
        #expect(connected.category == "call.ongoing")
        #expect(connected.summary == "通话中：8002")
        call.phase = .ended
        #expect(policy.plan(for: call) == nil)
    }

    @Test func missedCallOnlyForUnansweredInbound() throws {
        let policy = CallNotificationPolicy(strings: AgentStrings(.english), serverHasActions: true, sound: true)
        var call = CallPresentation(callId: "c3", phase: .ended, party: "13800138000")
        let missed = try #require(policy.afterEnd(of: call, wasRingingIn: true))
        #expect(missed.summary == "Missed call from 13800138000")
        #expect(missed.category == "call.unanswered")
        #expect(missed.actions.map(\.key) == ["callback"])
        #expect(policy.afterEnd(of: call, wasRingingIn: false) == nil)
        call.wasConnected = true
        #expect(policy.afterEnd(of: call, wasRingingIn: true) == nil)
        // An anonymous caller cannot be called back.
        let anonymous = try #require(policy.afterEnd(of: CallPresentation(callId: "c4", phase: .ended, party: ""), wasRingingIn: true))
        #expect(anonymous.actions.isEmpty)
    }

    @Test func busAddressFileRoundTripIsPrivate() throws {
        let runtime = FileManager.default.temporaryDirectory.appendingPathComponent("wc-rt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let file = BusAddressFile(environment: ["XDG_RUNTIME_DIR": runtime])
        #expect(file.path == runtime + "/wellclient/bus")
        #expect(file.read() == nil)
        try file.write("unix:path=/tmp/x,guid=1")
        #expect(file.read() == "unix:path=/tmp/x,guid=1")
        let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(file.resolveAddress(environment: ["DBUS_SESSION_BUS_ADDRESS": "unix:abstract=y"]) == "unix:abstract=y")
        #expect(file.resolveAddress(environment: [:]) == "unix:path=/tmp/x,guid=1")
        file.remove(ifHolding: "something else")
        #expect(file.read() != nil)
        file.remove(ifHolding: "unix:path=/tmp/x,guid=1")
        #expect(file.read() == nil)
    }

    @Test("the bus address file is refused when it could have been planted: symlink, other owner, open folder, too big")
    func busAddressFileRefusesWhatOthersCouldPlant() throws {
        let runtime = FileManager.default.temporaryDirectory.appendingPathComponent("wc-rt-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: runtime, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: runtime) }
        let file = BusAddressFile(environment: ["XDG_RUNTIME_DIR": runtime])
        try file.write("unix:path=/tmp/ours,guid=1")
        #expect(file.read() == "unix:path=/tmp/ours,guid=1")
        let folder = runtime + "/wellclient"

        // A symlink in place of the file (even to a file of ours with an address in it).
        let elsewhere = runtime + "/elsewhere"
        try "unix:path=/tmp/theirs\n".write(toFile: elsewhere, atomically: false, encoding: .utf8)
        chmod(elsewhere, 0o600)
        unlink(file.path)
        #expect(symlink(elsewhere, file.path) == 0)
        #expect(file.read() == nil)
        unlink(file.path)

        // A file others may write, or one of another user (the tests run as root: chown works).
        try file.write("unix:path=/tmp/ours,guid=1")
        chmod(file.path, 0o622)
        #expect(file.read() == nil)
        chmod(file.path, 0o600)
        if getuid() == 0 {
            #expect(chown(file.path, 4321, 4321) == 0)
            #expect(file.read() == nil)
            #expect(chown(file.path, 0, 0) == 0)
        }
        #expect(file.read() == "unix:path=/tmp/ours,guid=1")

        // A folder others may write: nothing read, and write refuses it.
        chmod(folder, 0o777)
        #expect(file.read() == nil)
        #expect(throws: BusAddressFileError.self) { try file.write("unix:path=/tmp/ours,guid=2") }
        chmod(folder, 0o700)

        // Oversized or multi-line content.
        try String(repeating: "x", count: 5000).write(toFile: file.path, atomically: false, encoding: .utf8)
        #expect(file.read() == nil)
        try "unix:path=/a\nunix:path=/b\n".write(toFile: file.path, atomically: false, encoding: .utf8)
        #expect(file.read() == nil)

        // A folder that is a symlink to a private folder of ours: write refuses, read finds nothing.
        let real = runtime + "/real"
        #expect(mkdir(real, 0o700) == 0)
        try FileManager.default.removeItem(atPath: folder)
        #expect(symlink(real, folder) == 0)
        #expect(throws: BusAddressFileError.self) { try file.write("unix:path=/tmp/ours,guid=3") }
        try "unix:path=/tmp/via-link\n".write(toFile: real + "/bus", atomically: false, encoding: .utf8)
        chmod(real + "/bus", 0o600)
        #expect(file.read() == nil)
    }

    @Test func busAddressFileFallsBackToTmpPerUser() {
        #expect(BusAddressFile(environment: [:], uid: 1234).path == "/tmp/wellclient-1234/bus")
        #expect(BusAddressFile(environment: ["XDG_RUNTIME_DIR": "relative"], uid: 7).path == "/tmp/wellclient-7/bus")
    }
}
