/// Where the history file lives.
public enum HistoryLocation {
    /// `$XDG_DATA_HOME/wellclient/history.sqlite`, or `$HOME/.local/share/wellclient/history.sqlite`
    /// when `XDG_DATA_HOME` is unset or empty; `nil` when neither is set.
    /// - Parameter environment: the environment to read.
    public static func path(environment: [String: String]) -> String? {
        if let data = environment["XDG_DATA_HOME"], !data.isEmpty { return data + "/wellclient/history.sqlite" }
        if let home = environment["HOME"], !home.isEmpty { return home + "/.local/share/wellclient/history.sqlite" }
        return nil
    }
}
