import Testing
import WellThinCommands

/// The forms the thin `wellclient` runs itself, and everything it leaves to the full command line.
@Suite("Thin wellclient: the forms it runs itself")
struct ThinRequestParsingTests {
    @Test(
        "each one-call form becomes its request",
        arguments: [
            (["dial", "tel:+86-10-8002"], AgentRequest.dial("tel:+86-10-8002")),
            (["dial", "8002"], .dial("8002")),
            (["answer"], .answer(call: "")),
            (["answer", "c1"], .answer(call: "c1")),
            (["hangup", "c2"], .hangUp(call: "c2")),
            (["hold"], .hold(call: "")),
            (["retrieve", "c3"], .retrieve(call: "c3")),
            (["sstransfer", "8003", "--call", "c1"], .singleStepTransfer(call: "c1", number: "8003")),
            (["sstransfer", "--call=c1", "8003"], .singleStepTransfer(call: "c1", number: "8003")),
            (["ssconference", "8004", "--silent"], .singleStepConference(call: "", number: "8004", silent: true)),
            (["consult", "8005"], .consult(call: "", number: "8005")),
            (["conference", "--held", "h", "--consult", "c"], .conference(held: "h", consult: "c")),
            (["transfer"], .transfer(held: "", consult: "")),
            (["cancel-consult", "--consult=c"], .cancelConsult(held: "", consult: "c")),
            (["mode", "NotReady", "--reason", "2"], .setMode("NotReady", reason: "2")),
            (["mode", "--reason", "1", "Ready"], .setMode("Ready", reason: "1")),
            (["call-data", "get", "--call", "c1"], .getCallData(call: "c1")),
            (["call-data", "set", "a=1", "b=x=y", "c="], .setCallData(call: "", data: ["a": "1", "b": "x=y", "c": ""])),
            (["status", "--json"], .statusJSON),
            (["panel", "--print-url"], .panelURL),
        ])
    func fastForms(_ arguments: [String], _ expected: AgentRequest) {
        #expect(AgentRequest.parse(arguments) == expected)
    }

    @Test(
        "anything else goes to the full command line",
        arguments: [
            [], ["--help"], ["-h"], ["help"], ["help", "dial"], ["--version", "x"], ["agent"], ["agent", "--demo"], ["sim", "serve"],
            ["console"], ["setup"], ["install"], ["uninstall"], ["history"], ["nosuchcommand"],
            ["dial"], ["dial", "--selection"], ["dial", "1", "2"], ["dial", "-5"], ["dial", "--", "5"], ["dial", "--help"],
            ["dial", "5", "--help"], ["answer", "a", "b"], ["answer", "-h"], ["sstransfer"], ["sstransfer", "1", "--call"],
            ["sstransfer", "1", "--call", "--silent"], ["sstransfer", "1", "--call", "a", "--call", "b"], ["sstransfer", "1", "--silent"],
            ["ssconference", "1", "--silent", "--silent"], ["conference", "x"], ["mode"], ["mode", "Busy"], ["mode", "Ready", "NotReady"],
            ["call-data"], ["call-data", "get", "x"], ["call-data", "set"], ["call-data", "set", "novalue"], ["call-data", "set", "=v"],
            ["call-data", "delete"], ["status"], ["status", "--json", "x"], ["panel"], ["panel", "--print-url", "--print-url"],
        ])
    func deferred(_ arguments: [String]) {
        #expect(AgentRequest.parse(arguments) == nil)
    }
}
