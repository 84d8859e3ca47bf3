import Foundation

/// The config file of the tests' and benchmarks' one agent: job 5001 on extension 8001, password
/// in the file, Ready after login, at the simulator `url`.
public enum TestAgentConfig {
    /// The file's text.
    /// - Parameters:
    ///   - url: the simulator's base URL.
    ///   - namespace: its tenant (`demo.cc`).
    ///   - notifications: whether the agent shows notifications (`[notifications] enabled`).
    ///   - extra: more lines or sections, appended as they are.
    public static func text(url: String, namespace: String = "demo.cc", notifications: Bool = false, extra: String = "") -> String {
        """
        [server]
        url = "\(url)"
        [agent]
        jobNumber = "5001"
        domain = "\(namespace)"
        extension = "8001"
        password = "123456"
        initialMode = "Ready"
        [notifications]
        enabled = \(notifications)

        """ + extra
    }
}
