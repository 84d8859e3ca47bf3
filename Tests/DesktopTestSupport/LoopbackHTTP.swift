import Foundation
import Glibc

/// HTTP/1.1 over a plain TCP socket to 127.0.0.1, written byte for byte: a test decides every
/// header (a foreign `Host`, a missing `Origin`), which an HTTP client library would not let it.
/// Each exchange is one connection (`Connection: close`); reads time out after 10 s. The
/// blocking socket calls run on a thread of their own, never on the Swift concurrency pool
/// (a blocked pool thread could be the one the server under test needs to answer).
public enum LoopbackHTTP {
    /// One answer.
    public struct Reply: Sendable, CustomStringConvertible {
        /// The status code.
        public var status: Int
        /// The headers, names in lowercase (a repeated header keeps its last value).
        public var headers: [String: String]
        /// Every header name sent, lowercase, in order.
        public var headerNames: [String]
        /// The body (after the headers; what came before the connection closed).
        public var body: String

        public var description: String { "\(status) \(headers) \(body.prefix(300))" }
    }

    /// A failure of the socket itself.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Sends `method path` with `headers` (in order, as given) and `body`; returns the answer.
    public static func request(
        port: Int, _ method: String, _ path: String, headers: [(String, String)], body: String = ""
    ) async throws -> Reply {
        let headers = headers.map { Header(name: $0.0, value: $0.1) }
        return try await offPool { try blockingRequest(port: port, method, path, headers: headers.map { ($0.name, $0.value) }, body: body) }
    }

    /// Asks for a WebSocket upgrade of `path`; returns the answer's head, and for a `101`, the
    /// first text message the server sent.
    public static func webSocket(port: Int, _ path: String, headers: [(String, String)]) async throws -> (reply: Reply, firstMessage: String?) {
        let headers = headers.map { Header(name: $0.0, value: $0.1) }
        return try await offPool { try blockingWebSocket(port: port, path, headers: headers.map { ($0.name, $0.value) }) }
    }

    private struct Header: Sendable {
        var name: String
        var value: String
    }

    private static func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try work() }) }
            thread.name = "loopback-http"
            thread.start()
        }
    }

    private static func blockingRequest(
        port: Int, _ method: String, _ path: String, headers: [(String, String)], body: String
    ) throws -> Reply {
        var text = "\(method) \(path) HTTP/1.1\r\n"
        for (name, value) in headers { text += "\(name): \(value)\r\n" }
        if !body.isEmpty || method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "Connection: close\r\n\r\n" + body
        let fd = try connect(port: port)
        defer { close(fd) }
        try send(fd, Array(text.utf8))
        var bytes: [UInt8] = []
        while true {
            let chunk = try receive(fd)
            if chunk.isEmpty { break }
            bytes += chunk
        }
        return try parse(bytes)
    }

    /// The upgrade, and the first message read from the unmasked frame that follows.
    private static func blockingWebSocket(port: Int, _ path: String, headers: [(String, String)]) throws -> (reply: Reply, firstMessage: String?) {
        var text = "GET \(path) HTTP/1.1\r\n"
        let upgrade = [
            ("Upgrade", "websocket"), ("Connection", "Upgrade"), ("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="),
            ("Sec-WebSocket-Version", "13"),
        ]
        for (name, value) in headers + upgrade { text += "\(name): \(value)\r\n" }
        text += "\r\n"
        let fd = try connect(port: port)
        defer { close(fd) }
        try send(fd, Array(text.utf8))
        var bytes: [UInt8] = []
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        var headEnd: Int?
        while headEnd == nil {
            let chunk = try receive(fd)
            if chunk.isEmpty { break }
            bytes += chunk
            headEnd = bytes.firstRange(of: separator)?.upperBound
        }
        let reply = try parse(bytes)
        guard reply.status == 101, let headEnd else { return (reply, nil) }
        var frame = Array(bytes[headEnd...])
        func need(_ count: Int) throws {
            while frame.count < count {
                let chunk = try receive(fd)
                if chunk.isEmpty { throw Failure(description: "the connection closed inside a frame") }
                frame += chunk
            }
        }
        try need(2)
        var length = Int(frame[1] & 0x7f)
        var offset = 2
        if length == 126 {
            try need(4)
            length = Int(frame[2]) << 8 | Int(frame[3])
            offset = 4
        } else if length == 127 {
            try need(10)
            length = frame[2..<10].reduce(0) { $0 << 8 | Int($1) }
            offset = 10
        }
        try need(offset + length)
        guard frame[0] & 0x0f == 1 else { throw Failure(description: "the first frame is not text (opcode \(frame[0] & 0x0f))") }
        return (reply, String(decoding: frame[offset..<(offset + length)], as: UTF8.self))
    }

    private static func parse(_ bytes: [UInt8]) throws -> Reply {
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let range = bytes.firstRange(of: separator) else {
            throw Failure(description: "no complete HTTP head in \(bytes.count) bytes")
        }
        let head = String(decoding: bytes[..<range.lowerBound], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(lines[0])") }
        var headers: [String: String] = [:]
        var names: [String] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let name = line[..<colon].lowercased()
            headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            names.append(name)
        }
        var body = Array(bytes[range.upperBound...])
        if headers["transfer-encoding"]?.lowercased() == "chunked" { body = dechunk(body) }
        return Reply(status: status, headers: headers, headerNames: names, body: String(decoding: body, as: UTF8.self))
    }

    private static func dechunk(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var index = 0
        while index < bytes.count {
            guard let lineEnd = bytes[index...].firstRange(of: [13, 10]) else { break }
            let size = Int(String(decoding: bytes[index..<lineEnd.lowerBound], as: UTF8.self).split(separator: ";")[0], radix: 16) ?? 0
            if size == 0 { break }
            let start = lineEnd.upperBound
            out += bytes[start..<min(start + size, bytes.count)]
            index = start + size + 2
        }
        return out
    }

    private static func connect(port: Int) throws -> Int32 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        // A bound on a server that never answers, not a speed check: the whole suite on two
        // cores has kept a healthy server from answering within 10 s.
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw Failure(description: "connect to 127.0.0.1:\(port): \(reason)")
        }
        return fd
    }

    private static func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { throw Failure(description: "send: \(String(cString: strerror(errno)))") }
            offset += sent
        }
    }

    private static func receive(_ fd: Int32) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 65536)
        let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count < 0 {
            if errno == ECONNRESET { return [] }
            throw Failure(description: "recv: \(String(cString: strerror(errno)))")
        }
        return Array(buffer[..<count])
    }
}
