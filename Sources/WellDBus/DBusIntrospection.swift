/// Helpers for introspection XML (`org.freedesktop.DBus.Introspectable`).
public enum DBusIntrospection {
    /// The DOCTYPE line every introspection document starts with.
    public static let doctype = """
        <!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">

        """

    /// The standard interfaces libdbus and ``DBusConnection`` answer for every exported object
    /// (`Introspectable.Introspect`, `Peer.Ping`, `Peer.GetMachineId`), for inclusion in a document.
    public static let standardInterfaces = """
          <interface name="org.freedesktop.DBus.Introspectable">
            <method name="Introspect"><arg name="xml_data" type="s" direction="out"/></method>
          </interface>
          <interface name="org.freedesktop.DBus.Peer">
            <method name="Ping"/>
            <method name="GetMachineId"><arg name="machine_uuid" type="s" direction="out"/></method>
          </interface>

        """
}
