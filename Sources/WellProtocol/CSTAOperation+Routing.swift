extension CSTAOperation {
    /// One parsed request target: the operation and the (percent-decoded) parameters.
    public struct Match: Sendable, Hashable {
        /// The operation.
        public var operation: CSTAOperation
        /// Parameters by template name. A connection segment yields `deviceId` and
        /// `connectionCallId` (the call id written inside the connection id).
        public var parameters: [String: String]
    }

    private enum Piece: Hashable {
        case literal(String)
        case parameter(String)
        case connection
    }

    private var templateParts: (path: [Piece], query: [(String, String)]) {
        let split = self.pathTemplate.split(separator: "?", maxSplits: 1).map(String.init)
        let segments = split[0].split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { segment -> Piece in
            let text = String(segment)
            if text == "{deviceId}%7C{callId}" { return .connection }
            if text.hasPrefix("{"), text.hasSuffix("}") { return .parameter(String(text.dropFirst().dropLast())) }
            return .literal(text)
        }
        var query: [(String, String)] = []
        if split.count == 2 {
            for pair in split[1].split(separator: "&") {
                let kv = pair.split(separator: "=", maxSplits: 1).map(String.init)
                if kv.count == 2 { query.append((kv[0], String(kv[1].dropFirst().dropLast()))) }
            }
        }
        return (segments, query)
    }

    /// The names of the template's parameters (connection segments count as `deviceId`, `callId`).
    public var parameterNames: [String] {
        var names: [String] = []
        let parts = self.templateParts
        for piece in parts.path {
            switch piece {
            case .literal: break
            case .parameter(let name): if !names.contains(name) { names.append(name) }
            case .connection:
                for name in ["deviceId", "callId"] where !names.contains(name) { names.append(name) }
            }
        }
        for (_, name) in parts.query where !names.contains(name) { names.append(name) }
        return names
    }

    /// Renders the path (and query) with percent-encoded values: `@` stays, `|` inside a
    /// connection id becomes `%7C`, anything unsafe is escaped.
    ///
    /// - Parameter parameters: a value for every name in ``parameterNames``. Only `key` may be empty.
    /// - Throws: ``CSTARequestError/missingParameter(_:)`` for a missing or empty value.
    public func renderPath(_ parameters: [String: String]) throws(CSTARequestError) -> String {
        func value(_ name: String) throws(CSTARequestError) -> String {
            guard let value = parameters[name], !value.isEmpty || name == "key" else {
                throw .missingParameter(name)
            }
            return value
        }
        let parts = self.templateParts
        var path = ""
        for piece in parts.path {
            path += "/"
            switch piece {
            case .literal(let text): path += text
            case .parameter(let name): path += PathEncoding.encode(try value(name))
            case .connection:
                path += ConnectionID(deviceId: try value("deviceId"), callId: try value("callId")).pathSegment
            }
        }
        if !parts.query.isEmpty {
            var items: [String] = []
            for (key, name) in parts.query { items.append(key + "=" + PathEncoding.encode(try value(name))) }
            path += "?" + items.joined(separator: "&")
        }
        return path
    }

    /// Matches a raw request target (`/path?query`, as received) against this operation's template.
    /// Segments are percent-decoded; a connection segment accepts `|`, `%7C` and `%7c`.
    public func match(method: String, target: String) -> Match? {
        guard method.uppercased() == self.method.rawValue, let found = self.matchPath(target) else { return nil }
        return found
    }

    func matchPath(_ target: String) -> Match? {
        let split = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        var segments = split[0].split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
        let parts = self.templateParts
        // `GET …/user-data` (no trailing slash) means "all keys".
        if segments.count == parts.path.count - 1, case .parameter("key")? = parts.path.last { segments.append("") }
        guard segments.count == parts.path.count else { return nil }
        var parameters: [String: String] = [:]
        for (piece, raw) in zip(parts.path, segments) {
            switch piece {
            case .literal(let text):
                guard raw == text else { return nil }
            case .parameter(let name):
                guard let decoded = PathEncoding.decode(raw) else { return nil }
                parameters[name] = decoded
            case .connection:
                guard let connection = ConnectionID(parsing: raw) else { return nil }
                parameters["deviceId"] = connection.deviceId
                parameters["connectionCallId"] = connection.callId
            }
        }
        if split.count == 2 {
            let query = Self.parseQuery(split[1])
            for (key, name) in parts.query {
                if let value = query[key] { parameters[name] = value }
            }
        }
        return Match(operation: self, parameters: parameters)
    }

    /// Parses `a=1&b=2` (percent-decoded; first occurrence wins).
    public static func parseQuery(_ query: String) -> [String: String] {
        var result: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard let key = PathEncoding.formDecode(kv[0]), result[key] == nil else { continue }
            result[key] = kv.count == 2 ? (PathEncoding.formDecode(kv[1]) ?? kv[1]) : ""
        }
        return result
    }

    /// Every operation whose path template matches `target`, regardless of method.
    /// (Several for `/api/csta/agent/state`; tell them apart with ``resolve(method:target:body:)``.)
    public static func matches(target: String) -> [Match] {
        Self.all.compactMap { $0.matchPath(target) }
    }

    /// The operation a request is for: method and path must match, and the body must carry
    /// the operation's fixed members (e.g. `func: SetState`).
    public static func resolve(method: String, target: String, body: [String: JSONValue]?) -> Match? {
        Self.all.lazy.compactMap { operation -> Match? in
            guard let match = operation.match(method: method, target: target) else { return nil }
            for (key, value) in operation.fixedBody where body?[key]?.stringValue != value { return nil }
            return match
        }.first
    }
}
