/// The names and the introspection data of the agent's D-Bus control surface.
///
/// One place for every string a peer must agree on: the well-known name, the object path,
/// our interface `cc.wellcloud.WellClient1`, `org.freedesktop.Application`, and the error names.
public enum ControlInterface {
    /// The well-known name the agent owns on the session bus (with DO_NOT_QUEUE).
    public static let busName = "cc.wellcloud.WellClient"
    /// The object that carries both interfaces.
    public static let objectPath = "/cc/wellcloud/WellClient"
    /// Our versioned control interface.
    public static let interface = "cc.wellcloud.WellClient1"
    /// The freedesktop interface DBusActivatable launchers call.
    public static let applicationInterface = "org.freedesktop.Application"

    /// D-Bus error names the agent replies with; each comes with a human message.
    public enum ErrorName {
        /// The agent is not logged in (or the login did not finish within 15 s).
        public static let notLoggedIn = "cc.wellcloud.WellClient1.Error.NotLoggedIn"
        /// The number or URI could not be turned into a dialable number.
        public static let invalidNumber = "cc.wellcloud.WellClient1.Error.InvalidNumber"
        /// The CTI server refused the request (the message carries the status and its meaning).
        public static let server = "cc.wellcloud.WellClient1.Error.Server"
        /// A guard refused the request (a call exists, allocated, dialled less than 2 s ago, own number…).
        public static let refused = "cc.wellcloud.WellClient1.Error.Refused"
        /// There is no such call, or no call to act on.
        public static let noSuchCall = "cc.wellcloud.WellClient1.Error.NoSuchCall"
        /// An argument was malformed (mode, participation type, call data…).
        public static let invalidArgument = "cc.wellcloud.WellClient1.Error.InvalidArgument"
        /// The server did not answer in time, or the link to it is down.
        public static let unavailable = "cc.wellcloud.WellClient1.Error.Unavailable"
        /// The user cancelled (a `confirmDial` prompt was declined).
        public static let cancelled = "cc.wellcloud.WellClient1.Error.Cancelled"
        /// The agent's configuration is missing or invalid.
        public static let configuration = "cc.wellcloud.WellClient1.Error.Configuration"
    }

    /// The introspection XML served by `org.freedesktop.DBus.Introspectable.Introspect`.
    public static let introspectionXML = """
    <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
     "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">
    <node>
      <interface name="cc.wellcloud.WellClient1">
        <method name="Dial"><arg name="number" type="s" direction="in"/><arg name="call_id" type="s" direction="out"/></method>
        <method name="Answer"><arg name="call_id" type="s" direction="in"/></method>
        <method name="HangUp"><arg name="call_id" type="s" direction="in"/></method>
        <method name="Hold"><arg name="call_id" type="s" direction="in"/></method>
        <method name="Retrieve"><arg name="call_id" type="s" direction="in"/></method>
        <method name="SingleStepTransfer"><arg name="call_id" type="s" direction="in"/><arg name="number" type="s" direction="in"/></method>
        <method name="SingleStepConference"><arg name="call_id" type="s" direction="in"/><arg name="number" type="s" direction="in"/><arg name="participation" type="s" direction="in"/></method>
        <method name="Consult"><arg name="call_id" type="s" direction="in"/><arg name="number" type="s" direction="in"/><arg name="consult_call_id" type="s" direction="out"/></method>
        <method name="Conference"><arg name="held_call_id" type="s" direction="in"/><arg name="consult_call_id" type="s" direction="in"/></method>
        <method name="CancelConsult"><arg name="held_call_id" type="s" direction="in"/><arg name="consult_call_id" type="s" direction="in"/></method>
        <method name="Transfer"><arg name="held_call_id" type="s" direction="in"/><arg name="consult_call_id" type="s" direction="in"/></method>
        <method name="SetCallData"><arg name="call_id" type="s" direction="in"/><arg name="data" type="a{ss}" direction="in"/></method>
        <method name="GetCallData"><arg name="call_id" type="s" direction="in"/><arg name="data" type="a{ss}" direction="out"/></method>
        <method name="SetAgentMode"><arg name="mode" type="s" direction="in"/><arg name="reason" type="s" direction="in"/></method>
        <method name="Login"/>
        <method name="Logout"/>
        <method name="Status"><arg name="json" type="s" direction="out"/></method>
        <method name="BrowserSettings"><arg name="json" type="s" direction="out"/></method>
        <signal name="CallStateChanged"><arg name="call_id" type="s"/><arg name="state" type="s"/><arg name="json" type="s"/></signal>
        <signal name="AgentStateChanged"><arg name="state" type="s"/><arg name="json" type="s"/></signal>
        <signal name="Event"><arg name="name" type="s"/><arg name="json" type="s"/></signal>
      </interface>
      <interface name="org.freedesktop.Application">
        <method name="Activate"><arg name="platform_data" type="a{sv}" direction="in"/></method>
        <method name="Open"><arg name="uris" type="as" direction="in"/><arg name="platform_data" type="a{sv}" direction="in"/></method>
        <method name="ActivateAction"><arg name="action_name" type="s" direction="in"/><arg name="parameter" type="av" direction="in"/><arg name="platform_data" type="a{sv}" direction="in"/></method>
      </interface>
      <interface name="org.freedesktop.DBus.Introspectable">
        <method name="Introspect"><arg name="xml" type="s" direction="out"/></method>
      </interface>
      <interface name="org.freedesktop.DBus.Peer">
        <method name="Ping"/>
        <method name="GetMachineId"><arg name="machine_uuid" type="s" direction="out"/></method>
      </interface>
    </node>
    """
}
