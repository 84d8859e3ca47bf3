#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Small POSIX file helpers shared by the config writer and the installer.
package enum AtomicFile {
    /// A failed file operation, as a sentence naming the path and `strerror`.
    package struct Failure: Error {
        package var message: String
    }

    /// Writes `bytes` to `path` through a temporary file created with `mode` from the start
    /// (never wider), then `rename`d over `path`. Missing parent directories are created with
    /// `directoryMode`.
    package static func write(_ bytes: [UInt8], to path: String, mode: mode_t, directoryMode: mode_t) throws(Failure) {
        try Self.makeDirectories(Self.parent(of: path), mode: directoryMode)
        let temporary = "\(path).tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode)
        guard fd >= 0 else { throw Failure(message: "cannot create \(temporary): \(Self.errnoText())") }
        var failure: String?
        if fchmod(fd, mode) != 0 { failure = "cannot set the mode of \(temporary): \(Self.errnoText())" }
        var offset = 0
        while failure == nil, offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { systemWrite(fd, $0.baseAddress, $0.count) }
            if written < 0 {
                if errno == EINTR { continue }
                failure = "cannot write \(temporary): \(Self.errnoText())"
            } else {
                offset += written
            }
        }
        if failure == nil, fsync(fd) != 0 { failure = "cannot sync \(temporary): \(Self.errnoText())" }
        if close(fd) != 0, failure == nil { failure = "cannot close \(temporary): \(Self.errnoText())" }
        if failure == nil, rename(temporary, path) != 0 { failure = "cannot rename \(temporary) to \(path): \(Self.errnoText())" }
        if let failure {
            unlink(temporary)
            throw Failure(message: failure)
        }
    }

    /// The contents of a regular file, `nil` when it does not exist.
    package static func read(_ path: String, limit: Int = 1 << 20) throws(Failure) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            if errno == ENOENT { return nil }
            throw Failure(message: "cannot open \(path): \(Self.errnoText())")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { systemRead(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Failure(message: "cannot read \(path): \(Self.errnoText())")
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
            if bytes.count > limit { throw Failure(message: "\(path) is larger than \(limit) bytes") }
        }
    }

    /// Removes a file; a missing file is not an error. Returns whether a file was removed.
    @discardableResult
    package static func remove(_ path: String) throws(Failure) -> Bool {
        if unlink(path) == 0 { return true }
        if errno == ENOENT { return false }
        throw Failure(message: "cannot remove \(path): \(Self.errnoText())")
    }

    /// Whether something (file, directory or symlink) exists at `path`.
    package static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    /// The permission bits of `path`, `nil` when it does not exist.
    package static func mode(of path: String) -> mode_t? {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : nil
    }

    /// `mkdir -p` with `mode` for the directories it creates.
    static func makeDirectories(_ directory: String, mode: mode_t) throws(Failure) {
        guard !directory.isEmpty else { return }
        var current = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") {
            current += "/" + component
            if mkdir(current, mode) != 0, errno != EEXIST {
                throw Failure(message: "cannot create directory \(current): \(Self.errnoText())")
            }
        }
    }

    /// The directory part of `path` (`""` for a bare name).
    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, buffer, count)
}

private func systemRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}
