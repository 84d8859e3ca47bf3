#if canImport(Glibc)
    import Glibc
    private let posixRead = Glibc.read
    private let posixWrite = Glibc.write
#elseif canImport(Darwin)
    import Darwin
    private let posixRead = Darwin.read
    private let posixWrite = Darwin.write
#endif

/// Where the demo agent leaves the address of its private bus when the machine has no session bus
/// (docs/desktop.md §7), so that thin clients in another terminal (`wellclient dial …`) can reach it.
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

    /// The folder holding the file.
    var folder: String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return String(path[..<slash])
    }

    /// Reads the address, refusing anything an other user could have planted or swapped: the
    /// folder must be a real directory (not a symlink) of this user that others cannot write,
    /// the file a regular file (not a symlink, checked on the open descriptor) of this user
    /// that others cannot write, and at most 4 KiB.
    public func read() -> String? {
        guard Self.isOwnedDirectory(folder, forbidden: 0o022) else { return nil }
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG, info.st_uid == getuid(),
            info.st_mode & 0o022 == 0, info.st_size <= Self.maximumSize
        else { return nil }
        var bytes = [UInt8](repeating: 0, count: Self.maximumSize)
        let count = bytes.withUnsafeMutableBytes { posixRead(fd, $0.baseAddress, Self.maximumSize) }
        guard count > 0 else { return nil }
        guard let text = String(validating: bytes[..<count], as: UTF8.self) else { return nil }
        // One word: a bus address has no white space (libdbus escapes it), a line break ends it.
        let words = text.split(whereSeparator: \.isWhitespace)
        return words.count == 1 ? String(words[0]) : nil
    }

    /// Writes the address (folder 0700, file 0600, replaced atomically). Refuses a folder that
    /// is a symlink, belongs to another user or is open to others.
    public func write(_ address: String) throws {
        if mkdir(folder, 0o700) != 0 && errno != EEXIST {
            throw BusAddressFileError(path: folder, reason: String(cString: strerror(errno)))
        }
        guard Self.isOwnedDirectory(folder, forbidden: 0o077) else {
            throw BusAddressFileError(path: folder, reason: "exists but is not a private folder of this user")
        }
        let temporary = path + ".tmp"
        unlink(temporary)
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw BusAddressFileError(path: temporary, reason: String(cString: strerror(errno))) }
        let bytes = Array((address + "\n").utf8)
        let written = bytes.withUnsafeBytes { posixWrite(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == bytes.count, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw BusAddressFileError(path: path, reason: "could not write the bus address")
        }
    }

    /// The largest file ``read()`` accepts (an address is well under 200 bytes).
    static let maximumSize = 4096

    /// Whether `path` is a directory itself (lstat: not a symlink), owned by this user, with none
    /// of the `forbidden` permission bits.
    static func isOwnedDirectory(_ path: String, forbidden: mode_t) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR && info.st_uid == getuid()
            && info.st_mode & forbidden == 0
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
