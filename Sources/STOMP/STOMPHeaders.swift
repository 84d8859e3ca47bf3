/// One header line of a frame: a name and a value (already unescaped).
public struct STOMPHeader: Sendable, Hashable, CustomStringConvertible {
    /// The header name (case-sensitive).
    public var name: String
    /// The header value.
    public var value: String

    /// Creates a header.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }

    public var description: String { "\(self.name):\(self.value)" }
}

/// The ordered headers of a frame.
///
/// STOMP allows a header name to repeat; only the **first** occurrence is significant
/// (STOMP 1.2 "Repeated Header Entries"), so ``subscript(_:)`` returns the first one while the
/// full list keeps every entry in wire order. Names are compared case-sensitively.
public struct STOMPHeaders: Sendable, Hashable, RandomAccessCollection, ExpressibleByDictionaryLiteral,
    CustomStringConvertible
{
    private var storage: [STOMPHeader]

    /// Creates an empty header list.
    public init() { self.storage = [] }

    /// Creates a header list from headers in order.
    public init(_ headers: some Sequence<STOMPHeader>) { self.storage = Array(headers) }

    /// Creates a header list from `(name, value)` pairs in order (duplicates kept).
    public init(_ pairs: [(String, String)]) {
        self.storage = pairs.map { STOMPHeader(name: $0.0, value: $0.1) }
    }

    /// `["destination": "/a", "id": "0"]` — literal order is kept, duplicates are allowed.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.storage = elements.map { STOMPHeader(name: $0.0, value: $0.1) }
    }

    // MARK: - Collection

    public var startIndex: Int { self.storage.startIndex }
    public var endIndex: Int { self.storage.endIndex }
    public subscript(position: Int) -> STOMPHeader { self.storage[position] }

    // MARK: - By name

    /// The value of the first header called `name`.
    ///
    /// Setting a value replaces the first occurrence in place and removes later duplicates
    /// (or appends when absent); setting `nil` removes every occurrence.
    public subscript(_ name: String) -> String? {
        get { self.storage.first { $0.name == name }?.value }
        set {
            if let newValue { self.set(name, newValue) } else { self.remove(name) }
        }
    }

    /// Every value of `name`, in wire order.
    public func values(for name: String) -> [String] {
        self.storage.filter { $0.name == name }.map(\.value)
    }

    /// Whether a header called `name` is present.
    public func contains(_ name: String) -> Bool {
        self.storage.contains { $0.name == name }
    }

    /// Appends a header, keeping any earlier one of the same name (which then still wins).
    public mutating func append(_ name: String, _ value: String) {
        self.storage.append(STOMPHeader(name: name, value: value))
    }

    /// Appends a header.
    public mutating func append(_ header: STOMPHeader) {
        self.storage.append(header)
    }

    /// Appends every header of `other` in order.
    public mutating func append(contentsOf other: STOMPHeaders) {
        self.storage.append(contentsOf: other.storage)
    }

    /// Sets the single value of `name`: replaces the first occurrence in place, drops later ones,
    /// or appends when absent.
    public mutating func set(_ name: String, _ value: String) {
        if let index = self.storage.firstIndex(where: { $0.name == name }) {
            self.storage[index].value = value
            var position = self.storage.index(after: index)
            while position < self.storage.endIndex {
                if self.storage[position].name == name {
                    self.storage.remove(at: position)
                } else {
                    position += 1
                }
            }
        } else {
            self.storage.append(STOMPHeader(name: name, value: value))
        }
    }

    /// Removes every header called `name`.
    public mutating func remove(_ name: String) {
        self.storage.removeAll { $0.name == name }
    }

    public var description: String {
        "[" + self.storage.map(\.description).joined(separator: ", ") + "]"
    }
}

/// Well-known header names.
extension STOMPHeaders {
    public static let acceptVersion = "accept-version"
    public static let ack = "ack"
    public static let contentLength = "content-length"
    public static let contentType = "content-type"
    public static let destination = "destination"
    public static let heartBeat = "heart-beat"
    public static let host = "host"
    public static let id = "id"
    public static let login = "login"
    public static let message = "message"
    public static let messageID = "message-id"
    public static let passcode = "passcode"
    public static let receipt = "receipt"
    public static let receiptID = "receipt-id"
    public static let server = "server"
    public static let session = "session"
    public static let subscription = "subscription"
    public static let transaction = "transaction"
    public static let version = "version"
}
