import WellControl

/// The full command line's hidden `dial-failure-notice` command: the thin `wellclient` becomes
/// it after a failed `dial` that no terminal shows (a click ran the handler), so that the failure
/// is also told in a desktop notification (the notification code lives in the full binary).
public enum DialFailureNoticeArguments {
    /// The subcommand's name.
    public static let command = "dial-failure-notice"

    /// The arguments after the program name: the status to end with, then (after `--`, so that
    /// no text reads as an option) what was to be dialled and why it failed.
    public static func make(input: String, failure: AgentControlFailure) -> [String] {
        [Self.command, "--exit-code", "\(failure.exitCode.rawValue)", "--", input, failure.message]
    }
}
