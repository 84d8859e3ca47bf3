import WellDBus

/// Names and introspection of the two objects the tray exports: the StatusNotifierItem
/// (`org.kde.StatusNotifierItem` at `/StatusNotifierItem`) and its menu
/// (`com.canonical.dbusmenu` at `/MenuBar`), and the watcher they register with.
public enum StatusNotifierInterface {
    public static let itemPath = "/StatusNotifierItem"
    public static let itemInterface = "org.kde.StatusNotifierItem"
    public static let menuPath = "/MenuBar"
    public static let menuInterface = "com.canonical.dbusmenu"
    public static let properties = "org.freedesktop.DBus.Properties"
    public static let watcherName = "org.kde.StatusNotifierWatcher"
    public static let watcherPath = "/StatusNotifierWatcher"
    public static let watcherInterface = "org.kde.StatusNotifierWatcher"

    /// The `com.canonical.dbusmenu` protocol version served.
    public static let menuVersion: UInt32 = 3

    static let propertyMethods: [DBusMethod] = [
        DBusMethod(interface: properties, name: "Get", inputSignature: "ss", outputSignature: "v"),
        DBusMethod(interface: properties, name: "GetAll", inputSignature: "s", outputSignature: "a{sv}"),
        DBusMethod(interface: properties, name: "Set", inputSignature: "ssv"),
    ]

    static let itemMethods: [DBusMethod] =
        [
            DBusMethod(interface: itemInterface, name: "ContextMenu", inputSignature: "ii"),
            DBusMethod(interface: itemInterface, name: "Activate", inputSignature: "ii"),
            DBusMethod(interface: itemInterface, name: "SecondaryActivate", inputSignature: "ii"),
            DBusMethod(interface: itemInterface, name: "Scroll", inputSignature: "is"),
        ] + propertyMethods

    static let menuMethods: [DBusMethod] =
        [
            DBusMethod(interface: menuInterface, name: "GetLayout", inputSignature: "iias", outputSignature: "u(ia{sv}av)"),
            DBusMethod(interface: menuInterface, name: "GetGroupProperties", inputSignature: "aias", outputSignature: "a(ia{sv})"),
            DBusMethod(interface: menuInterface, name: "GetProperty", inputSignature: "is", outputSignature: "v"),
            DBusMethod(interface: menuInterface, name: "Event", inputSignature: "isvu"),
            DBusMethod(interface: menuInterface, name: "EventGroup", inputSignature: "a(isvu)", outputSignature: "ai"),
            DBusMethod(interface: menuInterface, name: "AboutToShow", inputSignature: "i", outputSignature: "b"),
            DBusMethod(interface: menuInterface, name: "AboutToShowGroup", inputSignature: "ai", outputSignature: "aiai"),
        ] + propertyMethods

    static let propertiesXML = """
          <interface name="org.freedesktop.DBus.Properties">
            <method name="Get"><arg name="interface_name" type="s" direction="in"/><arg name="property_name" type="s" direction="in"/><arg name="value" type="v" direction="out"/></method>
            <method name="GetAll"><arg name="interface_name" type="s" direction="in"/><arg name="properties" type="a{sv}" direction="out"/></method>
            <method name="Set"><arg name="interface_name" type="s" direction="in"/><arg name="property_name" type="s" direction="in"/><arg name="value" type="v" direction="in"/></method>
            <signal name="PropertiesChanged"><arg name="interface_name" type="s"/><arg name="changed_properties" type="a{sv}"/><arg name="invalidated_properties" type="as"/></signal>
          </interface>

        """

    /// `Introspect` of `/StatusNotifierItem`.
    public static let itemXML =
        DBusIntrospection.doctype + """
            <node>
              <interface name="org.kde.StatusNotifierItem">
                <property name="Category" type="s" access="read"/>
                <property name="Id" type="s" access="read"/>
                <property name="Title" type="s" access="read"/>
                <property name="Status" type="s" access="read"/>
                <property name="WindowId" type="i" access="read"/>
                <property name="IconThemePath" type="s" access="read"/>
                <property name="IconName" type="s" access="read"/>
                <property name="IconPixmap" type="a(iiay)" access="read"/>
                <property name="OverlayIconName" type="s" access="read"/>
                <property name="OverlayIconPixmap" type="a(iiay)" access="read"/>
                <property name="AttentionIconName" type="s" access="read"/>
                <property name="AttentionIconPixmap" type="a(iiay)" access="read"/>
                <property name="AttentionMovieName" type="s" access="read"/>
                <property name="ToolTip" type="(sa(iiay)ss)" access="read"/>
                <property name="ItemIsMenu" type="b" access="read"/>
                <property name="Menu" type="o" access="read"/>
                <method name="ContextMenu"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
                <method name="Activate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
                <method name="SecondaryActivate"><arg name="x" type="i" direction="in"/><arg name="y" type="i" direction="in"/></method>
                <method name="Scroll"><arg name="delta" type="i" direction="in"/><arg name="orientation" type="s" direction="in"/></method>
                <signal name="NewTitle"/>
                <signal name="NewIcon"/>
                <signal name="NewAttentionIcon"/>
                <signal name="NewOverlayIcon"/>
                <signal name="NewToolTip"/>
                <signal name="NewStatus"><arg name="status" type="s"/></signal>
              </interface>
            \(propertiesXML)\(DBusIntrospection.standardInterfaces)</node>
            """

    /// `Introspect` of `/MenuBar`.
    public static let menuXML =
        DBusIntrospection.doctype + """
            <node>
              <interface name="com.canonical.dbusmenu">
                <property name="Version" type="u" access="read"/>
                <property name="TextDirection" type="s" access="read"/>
                <property name="Status" type="s" access="read"/>
                <property name="IconThemePath" type="as" access="read"/>
                <method name="GetLayout"><arg name="parentId" type="i" direction="in"/><arg name="recursionDepth" type="i" direction="in"/><arg name="propertyNames" type="as" direction="in"/><arg name="revision" type="u" direction="out"/><arg name="layout" type="(ia{sv}av)" direction="out"/></method>
                <method name="GetGroupProperties"><arg name="ids" type="ai" direction="in"/><arg name="propertyNames" type="as" direction="in"/><arg name="properties" type="a(ia{sv})" direction="out"/></method>
                <method name="GetProperty"><arg name="id" type="i" direction="in"/><arg name="name" type="s" direction="in"/><arg name="value" type="v" direction="out"/></method>
                <method name="Event"><arg name="id" type="i" direction="in"/><arg name="eventId" type="s" direction="in"/><arg name="data" type="v" direction="in"/><arg name="timestamp" type="u" direction="in"/></method>
                <method name="EventGroup"><arg name="events" type="a(isvu)" direction="in"/><arg name="idErrors" type="ai" direction="out"/></method>
                <method name="AboutToShow"><arg name="id" type="i" direction="in"/><arg name="needUpdate" type="b" direction="out"/></method>
                <method name="AboutToShowGroup"><arg name="ids" type="ai" direction="in"/><arg name="updatesNeeded" type="ai" direction="out"/><arg name="idErrors" type="ai" direction="out"/></method>
                <signal name="ItemsPropertiesUpdated"><arg name="updatedProps" type="a(ia{sv})"/><arg name="removedProps" type="a(ias)"/></signal>
                <signal name="LayoutUpdated"><arg name="revision" type="u"/><arg name="parent" type="i"/></signal>
                <signal name="ItemActivationRequested"><arg name="id" type="i"/><arg name="timestamp" type="u"/></signal>
              </interface>
            \(propertiesXML)\(DBusIntrospection.standardInterfaces)</node>
            """
}
