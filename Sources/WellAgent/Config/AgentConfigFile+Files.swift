#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import WellDesktopSupport

extension AgentConfigFile {
    /// The largest config file that is read (a bigger file is certainly not ours).
    public static let maximumFileSize = 1 << 20

    /// `$XDG_CONFIG_HOME/wellclient/config.toml`, falling back to `$HOME/.config/wellclient/config.toml`.
    /// - Parameter environment: the process environment (passed in so tests use a temporary home).
    /// - Returns: the path, or `nil` when neither an absolute `XDG_CONFIG_HOME` nor `HOME` is set.
    public static func defaultPath(environment: [String: String]) -> String? {
        if let config = environment["XDG_CONFIG_HOME"], config.hasPrefix("/") {
            return config + "/wellclient/config.toml"
        }
        if let home = environment["HOME"], home.hasPrefix("/") {
            return home + "/.config/wellclient/config.toml"
        }
        return nil
    }

    /// Whether something exists at `path` (setup then updates it rather than starting afresh).
    /// - Parameter path: the config file path.
    /// - Returns: `true` when the path exists.
    public static func fileExists(at path: String) -> Bool {
        AtomicFile.exists(path)
    }

    /// Reads and parses a config file.
    ///
    /// A file that holds a non-empty `agent.password` must not be readable by group or others
    /// (`mode & 0o077 == 0`); `passwordCommand` has no such rule.
    /// - Parameters:
    ///   - path: the file.
    ///   - allowingReadablePassword: skip the permission rule (only for `setup`, which rewrites the file 0600).
    /// - Returns: the configuration.
    /// - Throws: ``ConfigFileError`` (`io` when unreadable, `insecurePermissions`, or a parse error).
    public static func load(from path: String, allowingReadablePassword: Bool = false) throws(ConfigFileError) -> AgentConfigFile {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ConfigFileError(.io, file: path, "cannot open: \(Self.errnoText())") }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { throw ConfigFileError(.io, file: path, "cannot stat: \(Self.errnoText())") }
        guard (status.st_mode & S_IFMT) == S_IFREG else { throw ConfigFileError(.io, file: path, "not a regular file") }
        guard Int(status.st_size) <= Self.maximumFileSize else {
            throw ConfigFileError(.io, file: path, "file is \(status.st_size) bytes, larger than \(Self.maximumFileSize)")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ConfigFileError(.io, file: path, "cannot read: \(Self.errnoText())")
            }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
            guard bytes.count <= Self.maximumFileSize else { throw ConfigFileError(.io, file: path, "file is larger than \(Self.maximumFileSize) bytes") }
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw ConfigFileError(.syntax, file: path, "the file is not valid UTF-8")
        }
        let config = try Self.parse(text, fileName: path)
        let mode = status.st_mode & 0o777
        if !allowingReadablePassword, config.agent.password != nil, mode & 0o077 != 0 {
            let line = (try? TOMLDocument(parsing: text))?.root.entry(at: ["agent", "password"])?.line
            throw ConfigFileError(
                .insecurePermissions, file: path, line: line, key: "agent.password",
                "holds 'agent.password' but is readable by group or others (mode \(Self.octal(mode))); run: chmod 600 '\(path)'")
        }
        return config
    }

    /// Writes ``render()`` to `path` with mode 0600.
    ///
    /// The parent directory is created (mode 0700) when missing. The new contents go to a
    /// temporary file in the same directory that is created 0600 from the start, then renamed
    /// over `path`, so no other user can read it at any moment and a crash leaves the old file.
    /// - Parameter path: the destination, usually ``defaultPath(environment:)``.
    /// - Throws: ``ConfigFileError`` with code `io`.
    public func write(to path: String) throws(ConfigFileError) {
        try Self.writePrivateFile(Array(self.render().utf8), to: path)
    }

    /// Writes `bytes` to `path` atomically with mode 0600, creating missing parent directories 0700.
    static func writePrivateFile(_ bytes: [UInt8], to path: String) throws(ConfigFileError) {
        do {
            try AtomicFile.write(bytes, to: path, mode: 0o600, directoryMode: 0o700)
        } catch {
            throw ConfigFileError(.io, file: path, error.message)
        }
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }

    static func octal(_ mode: mode_t) -> String {
        let text = String(mode, radix: 8)
        return String(repeating: "0", count: max(0, 4 - text.count)) + text
    }
}
