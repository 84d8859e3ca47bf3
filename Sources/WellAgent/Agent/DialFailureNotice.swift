import WellDBus
import WellNotifications
import WellControl
/// A failed `wellclient dial` that a click launched (a browser running the `tel:` handler, no
/// terminal to show its message): says so in a desktop notification, as the agent does for a
/// failed `Open`. The same texts as the agent's, in the locale's language.
public enum DialFailureNotice {
    /// Posts the notice on the session bus of `environment` (or the demo agent's, as the thin
    /// clients find it). Gives up quietly, within `timeout` per call, when there is no bus or no
    /// notification server. Returns whether a notification was shown.
    ///
    /// - Parameters:
    ///   - input: what was asked to be dialled (shown only as the digits it parses to).
    ///   - reason: why it failed, for a person.
    ///   - environment: the process environment (bus address, locale).
    @discardableResult
    public static func post(
        input: String, reason: String, environment: [String: String],
        timeout: Duration = .seconds(3)
    ) async -> Bool {
        guard let address = BusAddressFile(environment: environment).resolveAddress(environment: environment),
            let connection = try? await DBusConnection.connect(address: address)
        else { return false }
        let strings = AgentStrings(AgentLanguage.fromEnvironment(environment))
        let request = CallNotificationPolicy(strings: strings, serverHasActions: false, sound: false)
            .dialFailed(input: input, reason: reason)
        var shown = false
        if let notifier = try? await DesktopNotifier(connection: connection, appName: strings.appName, callTimeout: timeout) {
            shown = (try? await notifier.show(request)) != nil
        }
        await connection.close()
        return shown
    }
}
