#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The TPI login (docs/protocol.md §3.1): a form POST that returns `{"sessionId": …}` or 401.
public enum TPILogin {
    /// The login paths deployments use; a server mounts them all.
    public static let paths = ["/login", "/loginTrusted", "/api/security/login", "/api/security/loginTrusted", "/agent/login"]

    /// The header carrying the session on every REST call.
    public static let sessionHeader = "sessionId"

    /// The `application/x-www-form-urlencoded` body `username=…&password=…&namespace=…`,
    /// every value form-encoded (the original client did not encode; a `&` in a password broke it).
    public static func formBody(username: String, password: String, namespace: String) -> String {
        "username=\(PathEncoding.formEncode(username))&password=\(PathEncoding.formEncode(password))"
            + "&namespace=\(PathEncoding.formEncode(namespace))"
    }

    /// Parses a form body into its fields (`nil` when an escape is malformed).
    public static func parseForm(_ body: String) -> [String: String]? {
        var result: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let key = PathEncoding.formDecode(kv[0]) else { return nil }
            guard let value = kv.count == 2 ? PathEncoding.formDecode(kv[1]) : "" else { return nil }
            if result[key] == nil { result[key] = value }
        }
        return result
    }
}
