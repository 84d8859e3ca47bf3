/// The tables of a document while it is parsed, with how each one was made, which is what TOML's
/// redefinition rules depend on:
/// - `[a.b.c]` makes `a` and `a.b` *implicit*; a later `[a]` may define an implicit table once;
/// - a header table cannot be defined again, nor extended by dotted keys from its parent;
/// - a table made by dotted keys (`b.c = 1` makes `b`) cannot get a `[header]` of its own, but
///   headers may define sub-tables below it;
/// - an inline table or an array written as a value is closed: nothing adds to it;
/// - `[[a]]` appends a table to the array of tables `a`; headers below `a` go to its last table.
struct TOMLTree {
    /// How a table came to exist.
    enum Origin {
        case implicit, header, dotted, inline
    }

    /// What a key of a table holds.
    enum Slot {
        case value(TOMLValue, line: Int)
        case table(Int)
        case tables([Int], line: Int)
    }

    struct Node {
        var origin: Origin
        var line: Int
        /// Tables and arrays from the root down to this table (an array of tables counts too).
        var depth: Int
        var keys: [String] = []
        var slots: [String: Slot] = [:]
    }

    /// Every table; `0` is the document's root.
    private var nodes = [Node(origin: .header, line: 1, depth: 0)]

    /// The root table.
    static let root = 0

    /// A new closed table for an inline `{…}` value at `depth`, filled with ``assign(_:_:in:prefix:line:)``.
    mutating func inlineTable(line: Int, depth: Int) -> Int {
        self.nodes.append(Node(origin: .inline, line: line, depth: depth))
        return self.nodes.count - 1
    }

    /// How deep the table at `index` is.
    func depth(of index: Int) -> Int {
        self.nodes[index].depth
    }

    /// `[path]`: defines the table and returns it.
    mutating func defineTable(_ path: [String], line: Int) throws(TOMLDocument.SyntaxError) -> Int {
        let parent = try self.walkHeader(path, line: line)
        let key = path[path.count - 1]
        switch self.nodes[parent].slots[key] {
        case nil:
            return try self.add(key, to: parent, origin: .header, line: line)
        case .table(let index) where self.nodes[index].origin == .implicit:
            self.nodes[index].origin = .header
            self.nodes[index].line = line
            return index
        case .table(let index) where self.nodes[index].origin == .dotted:
            throw Self.error(line, "table [\(TOMLKey.dotted(path))] was already made by the dotted key on line \(self.nodes[index].line)")
        case .table(let index):
            throw Self.error(line, "table [\(TOMLKey.dotted(path))] is defined twice (first on line \(self.nodes[index].line))")
        case .tables(_, let first):
            throw Self.error(line, "[\(TOMLKey.dotted(path))] is already an array of tables ([[…]] on line \(first))")
        case .value(let value, let first):
            throw Self.error(line, "'\(TOMLKey.dotted(path))' is already \(Self.article(value)) (line \(first)), it cannot be a table")
        }
    }

    /// `[[path]]`: appends a new table to the array of tables and returns it.
    mutating func appendTable(_ path: [String], line: Int) throws(TOMLDocument.SyntaxError) -> Int {
        let parent = try self.walkHeader(path, line: line)
        let key = path[path.count - 1]
        switch self.nodes[parent].slots[key] {
        case nil:
            try self.append(Node(origin: .header, line: line, depth: self.nodes[parent].depth + 2))
            self.nodes[parent].keys.append(key)
            self.nodes[parent].slots[key] = .tables([self.nodes.count - 1], line: line)
            return self.nodes.count - 1
        case .tables(var list, let first):
            try self.append(Node(origin: .header, line: line, depth: self.nodes[parent].depth + 2))
            self.nodes[parent].slots[key] = nil // `list` is then the only reference: the append does not copy it
            list.append(self.nodes.count - 1)
            self.nodes[parent].slots[key] = .tables(list, line: first)
            return self.nodes.count - 1
        case .table(let index):
            throw Self.error(line, "[[\(TOMLKey.dotted(path))]] cannot make an array of tables: '\(TOMLKey.dotted(path))' is a table (line \(self.nodes[index].line))")
        case .value(let value, let first):
            throw Self.error(line, "[[\(TOMLKey.dotted(path))]] cannot add to '\(TOMLKey.dotted(path))', already \(Self.article(value)) (line \(first))")
        }
    }

    /// `path = value` in `table`; `prefix` is where `table` is, for messages.
    mutating func assign(_ path: [String], _ value: TOMLValue, in table: Int, prefix: [String], line: Int) throws(TOMLDocument.SyntaxError) {
        var current = table
        for (offset, key) in path.dropLast().enumerated() {
            var shown: String { TOMLKey.dotted(prefix + path[...offset]) }
            switch self.nodes[current].slots[key] {
            case nil:
                current = try self.add(key, to: current, origin: .dotted, line: line)
            case .table(let index) where self.nodes[index].origin == .dotted || self.nodes[index].origin == .implicit:
                self.nodes[index].origin = .dotted
                current = index
            case .table(let index):
                throw Self.error(line, "key '\(TOMLKey.dotted(prefix + path))' cannot add to table [\(shown)] defined on line \(self.nodes[index].line) (write it under that header)")
            case .tables(_, let first):
                throw Self.error(line, "key '\(TOMLKey.dotted(prefix + path))' cannot add to the array of tables [[\(shown)]] (line \(first))")
            case .value(let value, let first):
                throw Self.error(line, "key '\(TOMLKey.dotted(prefix + path))' cannot add to '\(shown)', already \(Self.article(value)) (line \(first))")
            }
        }
        let key = path[path.count - 1]
        if let existing = self.nodes[current].slots[key] {
            throw Self.error(line, "key '\(TOMLKey.dotted(prefix + path))' is defined twice (first on line \(self.line(of: existing)))")
        }
        self.nodes[current].keys.append(key)
        self.nodes[current].slots[key] = .value(value, line: line)
    }

    /// The finished table at `index`.
    func table(_ index: Int) -> TOMLTable {
        let node = self.nodes[index]
        return TOMLTable(
            node.keys.compactMap { key in
                switch node.slots[key] {
                case .value(let value, let line): TOMLEntry(key: key, value: value, line: line)
                case .table(let inner): TOMLEntry(key: key, value: .table(self.table(inner)), line: self.nodes[inner].line)
                case .tables(let list, let line): TOMLEntry(key: key, value: .array(list.map { .table(self.table($0)) }), line: line)
                case nil: nil
                }
            })
    }

    /// Walks the keys of a header but the last, making implicit tables; an array of tables
    /// leads to its last table.
    private mutating func walkHeader(_ path: [String], line: Int) throws(TOMLDocument.SyntaxError) -> Int {
        var current = Self.root
        for (offset, key) in path.dropLast().enumerated() {
            switch self.nodes[current].slots[key] {
            case nil: current = try self.add(key, to: current, origin: .implicit, line: line)
            case .table(let index): current = index
            case .tables(let list, _): current = list[list.count - 1]
            case .value(let value, let first):
                throw Self.error(line, "'\(TOMLKey.dotted(Array(path[...offset])))' is already \(Self.article(value)) (line \(first)), [\(TOMLKey.dotted(path))] cannot add to it")
            }
        }
        return current
    }

    private mutating func add(_ key: String, to parent: Int, origin: Origin, line: Int) throws(TOMLDocument.SyntaxError) -> Int {
        try self.append(Node(origin: origin, line: line, depth: self.nodes[parent].depth + 1))
        self.nodes[parent].keys.append(key)
        self.nodes[parent].slots[key] = .table(self.nodes.count - 1)
        return self.nodes.count - 1
    }

    private mutating func append(_ node: Node) throws(TOMLDocument.SyntaxError) {
        guard node.depth <= TOMLDocument.maximumDepth else { throw Self.error(node.line, TOMLParser.tooDeepMessage) }
        self.nodes.append(node)
    }

    private func line(of slot: Slot) -> Int {
        switch slot {
        case .value(_, let line), .tables(_, let line): line
        case .table(let index): self.nodes[index].line
        }
    }

    /// "an inline table", "a string", … for messages.
    private static func article(_ value: TOMLValue) -> String {
        switch value {
        case .table: "an inline table (closed once written)"
        default: value.typeNameWithArticle
        }
    }

    private static func error(_ line: Int, _ message: String) -> TOMLDocument.SyntaxError {
        TOMLDocument.SyntaxError(line: line, message: message)
    }
}
