import WellDBus

/// The object the connection tests export.
enum TestService {
    static let name = "cc.wellcloud.Test"
    static let path = "/cc/wellcloud/Test"
    static let interface = "cc.wellcloud.Test1"
    static let xml =
        DBusIntrospection.doctype + """
            <node>
              <interface name="cc.wellcloud.Test1">
                <method name="Dial"><arg name="number" type="s" direction="in"/><arg type="s" direction="out"/></method>
              </interface>
            \(DBusIntrospection.standardInterfaces)</node>
            """
}
