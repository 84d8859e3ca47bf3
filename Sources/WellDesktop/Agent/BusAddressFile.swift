#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the demo agent leaves the address of its private bus when the machine has no session bus
/// (PRODUCT.md §6), so that thin clients in another terminal (`wellclient dial …`) can reach it.
///
/// The file is `$XDG_RUNTIME_DIR/wellclient/bus`, or `/tmp/wellclient-$UID/bus` when
/// `XDG_RUNTIME_DIR` is unset. The folder is created 0700 and the file 0600: a bus address is
/// as good as a key to the agent.
public struct BusAddressFile: Sendable, Equatable {
    /// The file's path.
    public let path: String

    /// The file for this environment and user.
    public init(environment: [String: String], uid: UInt32 = getuid()) {
        if let runtime = environment["XDG_RUNTIME_DIR"], runtime.hasPrefix("/") {
            path = runtime + "/wellclient/bus"
        } else {
            path = "/tmp/wellclient-\(uid)/bus"
        }
    }

    /// The bus a thin client should talk to: `DBUS_SESSION_BUS_ADDRESS` when set, else the
    /// address in this file when it exists and belongs to us, else nil.
    public func resolveAddress(environment: [String: String]) -> String? {
        if let address = environment["DBUS_SESSION_BUS_ADDRESS"], !address.isEmpty { return address }
        return read()
    }

    /// Reads the address, refusing a file another user owns or others can write.
    public func read() -> String? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o022 == 0 else { return nil }
        guard let data = FileManager.default.contents(atPath: path),
              let text = String(data: data, encoding: .utf8) else { return nil }
        let address = text.trimmingWhitespace()
        return address.isEmpty ? nil : address
    }

    /// The folder part of `path` (`/a/b/c` → `/a/b`, `/a` → `/`, `c` → `.`).
    static func parent(of path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.count > 1 && trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        guard let slash = trimmed.lastIndex(of: "/") else { return "." }
        return slash == trimmed.startIndex ? "/" : String(trimmed[..<slash])
    }

    private static func writeBytes(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
        #if canImport(Glibc)
        Glibc.write(fd, buffer, count)
        #else
        Darwin.write(fd, buffer, count)
        #endif
    }

    /// Writes the address (folder 0700, file 0600, replaced atomically).
    public func write(_ address: String) throws {
        let folder = Self.parent(of: path)
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw BusAddressFileError(path: folder, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard stat(folder, &info) == 0, info.st_uid == getuid(), info.st_mode & 0o077 == 0 else {
            throw BusAddressFileError(path: folder, reason: "exists but is not a private folder of this user")
        }
        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BusAddressFileError(path: temporary, reason: String(cString: strerror(errno))) }
        let bytes = Array((address + "\n").utf8)
        let written = bytes.withUnsafeBytes { Self.writeBytes(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw BusAddressFileError(path: path, reason: "could not write the bus address")
        }
    }

    /// Removes the file if it still holds `address` (another agent may have replaced it).
    public func remove(ifHolding address: String) {
        if read() == address { unlink(path) }
    }
}

/// A bus address file could not be written.
public struct BusAddressFileError: Error, CustomStringConvertible {
    /// The path concerned.
    public let path: String
    /// What went wrong.
    public let reason: String
    public var description: String { "\(path): \(reason)" }
}
