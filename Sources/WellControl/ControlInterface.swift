import WellDBus

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

    /// The introspection XML served by `org.freedesktop.DBus.Introspectable.Introspect`, made
    /// from ``ControlMethod`` and ``ControlSignal``.
    public static let introspectionXML: String = {
        func args(_ arguments: [ControlMethod.Argument], direction: String?) -> String {
            arguments.map { argument in
                let way = direction.map { " direction=\"\($0)\"" } ?? ""
                return "<arg name=\"\(argument.name)\" type=\"\(argument.type)\"\(way)/>"
            }.joined()
        }
        func interface(_ name: String) -> String {
            var lines = ["  <interface name=\"\(name)\">"]
            for method in ControlMethod.allCases where method.interface == name {
                let body = args(method.inputs, direction: "in") + args(method.outputs, direction: "out")
                lines.append(
                    body.isEmpty
                        ? "    <method name=\"\(method.name)\"/>"
                        : "    <method name=\"\(method.name)\">\(body)</method>")
            }
            if name == ControlInterface.interface {
                for signal in ControlSignal.allCases {
                    lines.append("    <signal name=\"\(signal.rawValue)\">\(args(signal.arguments, direction: nil))</signal>")
                }
            }
            lines.append("  </interface>")
            return lines.joined(separator: "\n") + "\n"
        }
        return DBusIntrospection.doctype + "<node>\n" + interface(ControlInterface.interface)
            + interface(ControlInterface.applicationInterface) + DBusIntrospection.standardInterfaces + "</node>\n"
    }()
}
