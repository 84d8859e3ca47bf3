import WellClient
import WellDesktopSupport
import WellNumbers
import WellPanel

extension AgentConfigFile {
    /// The configuration as a TOML file in the layout of the README's example, with every key written
    /// and a comment per key; ``parse(_:fileName:)`` of the result gives back an equal value.
    /// - Returns: the file contents.
    public func render() -> String {
        func line(_ key: String, _ value: TOMLValue, _ comment: String = "") -> String {
            let assignment = "\(key) = \(value)"
            guard !comment.isEmpty else { return assignment + "\n" }
            let padding = String(repeating: " ", count: max(1, 38 - assignment.count))
            return assignment + padding + "# " + comment + "\n"
        }
        func text(_ value: String?) -> TOMLValue { .string(value ?? "") }

        var out = "# WellClient configuration (written by `wellclient setup`; keep it mode 0600).\n\n"
        out += "[server]\n"
        out += line("url", .string(self.server.url), "CSTA REST base; required")
        out += line("tpiURL", text(self.server.tpiURL), "default: url + \"/login\"")
        out += line("wsURL", text(self.server.wsURL), "default: ws(s)://host:port/mvc/stomp/websocket")
        out += line("topic", .string(self.server.topic.rawValue), "\"agent\" or \"legacy\"")
        out += line("caFile", text(self.server.caFile), "extra trusted CA (PEM)")
        out += "\n[agent]\n"
        out += line("jobNumber", .string(self.agent.jobNumber))
        out += line("domain", .string(self.agent.domain))
        out += line("extension", .string(self.agent.extension))
        if let command = self.agent.passwordCommand {
            out += line("passwordCommand", .string(command), "its first output line is the password")
        } else {
            out += line("password", text(self.agent.password), "or passwordCommand = \"…\"")
        }
        out += line("loginMode", .string(self.agent.loginMode.rawValue), "force | ask | stop")
        out += line("initialMode", .string(self.agent.initialMode.rawValue), "NotReady | Ready")
        out += line("stayLoggedIn", .boolean(self.agent.stayLoggedIn), "keep the server-side login on exit")
        out += line("notReadyReasons", .array(self.agent.notReadyReasons.map(TOMLValue.string)), "e.g. [\"Break\", \"Lunch\"]")
        out += line("wrapUpSeconds", .integer(self.agent.wrapUpSeconds), "the tenant's after-call work length; 0 = not known")
        out += "\n[dialPlan]\n"
        out += line("plusPrefix", .string(self.dialPlan.plusPrefix), "replaces a leading + (\"\" drops it)")
        out += line("outsidePrefix", .string(self.dialPlan.outsidePrefix.description), "\"\", digits, or \"auto\"")
        out += line("internalPattern", .string(self.dialPlan.internalPattern), "full match = internal number")
        out += "\n[calls]\n"
        out += line("autoAnswer", .boolean(self.calls.autoAnswer), "inbound ringing only")
        out += line("confirmDial", .boolean(self.calls.confirmDial), "ask before dialling a tel: link")
        out += line("screenPopURL", text(self.calls.screenPopURL), "{ani} and {callId} are replaced")
        out += "\n[notifications]\n"
        out += line("enabled", .boolean(self.notifications.enabled))
        out += line("sound", .boolean(self.notifications.sound), "ring sound hint on inbound calls")
        out += "\n[browser]\n"
        out += line("sites", .array(self.browser.sites.map(TOMLValue.string)), "origins the extension dials clicks on; \"*\" = all")
        out += line("clickCallClass", .string(self.browser.clickCallClass), "the class marking a number in a page")
        out += "\n[panel]\n"
        out += line("port", .integer(self.panel.port), "the panel's loopback port; 0 = a free one")
        out += line("hideButton", .array(self.panel.hideButton.map { .string($0.rawValue) }), "e.g. [\"sConf\", \"conf\"]")
        out += "\n[history]\n"
        out += line("enabled", .boolean(self.history.enabled), "keep a call history (history.sqlite)")
        out += line("keepDays", .integer(self.history.keepDays), "ended calls kept this many days")
        out += line("maxCalls", .integer(self.history.maxCalls), "and at most this many")
        return out
    }
}
