import Foundation

/// A throw-away home directory with its own XDG base directories, for tests that run desktop
/// tools (`xdg-mime`, `update-desktop-database`, `systemd-analyze`, …) without touching the real
/// user's files. Call ``remove()`` at the end (also on failure paths, e.g. with `defer`).
public struct TemporaryHome: Sendable {
    /// The directory holding everything (`/tmp/wellclient-test-XXXXXX`).
    public let root: String
    /// `$HOME`.
    public var home: String { self.root + "/home" }
    /// `$XDG_DATA_HOME`.
    public var dataHome: String { self.root + "/data" }
    /// `$XDG_CONFIG_HOME`.
    public var configHome: String { self.root + "/config" }
    /// `$XDG_STATE_HOME`.
    public var stateHome: String { self.root + "/state" }
    /// `$XDG_CACHE_HOME`.
    public var cacheHome: String { self.root + "/cache" }
    /// `$XDG_RUNTIME_DIR` (mode 0700, as systemd tools require).
    public var runtimeDirectory: String { self.root + "/runtime" }
    /// `$XDG_CONFIG_DIRS` (empty, so the machine's `/etc/xdg/mimeapps.list` does not leak in).
    public var configDirectories: String { self.root + "/etc-xdg" }
    /// A directory for fake binaries; it comes first on ``environment``'s `PATH`.
    public var binDirectory: String { self.root + "/bin" }

    /// Creates the directories.
    /// - Parameter label: part of the directory name, to tell tests apart.
    /// - Throws: when the temporary directory cannot be created.
    public init(label: String = "home") throws {
        var template = Array("/tmp/wellclient-test-\(label)-XXXXXX".utf8CString)
        guard let made = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey: "mkdtemp failed: errno \(errno)"])
        }
        self.root = String(cString: made)
        let manager = FileManager.default
        for directory in [self.home, self.dataHome, self.configHome, self.stateHome, self.cacheHome, self.configDirectories, self.binDirectory] {
            try manager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        }
        try manager.createDirectory(atPath: self.runtimeDirectory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }

    /// A complete, explicit environment pointing every XDG variable into this home; no session
    /// bus, no display, no desktop. `extra` entries are added (or replace these).
    /// - Parameter extra: additional variables.
    /// - Returns: the environment.
    public func environment(_ extra: [String: String] = [:]) -> [String: String] {
        var environment = [
            "HOME": self.home,
            "XDG_DATA_HOME": self.dataHome,
            "XDG_CONFIG_HOME": self.configHome,
            "XDG_STATE_HOME": self.stateHome,
            "XDG_CACHE_HOME": self.cacheHome,
            "XDG_RUNTIME_DIR": self.runtimeDirectory,
            "XDG_DATA_DIRS": "/usr/share",
            "XDG_CONFIG_DIRS": self.configDirectories,
            "PATH": "\(self.binDirectory):/usr/local/bin:/usr/bin:/bin",
            "LANG": "C.UTF-8",
        ]
        // The test run's sanitizer settings (suppressions, leak detection) reach the children too:
        // a sanitized `wellclient` child otherwise reports toolchain leaks and exits 1.
        for key in ["ASAN_OPTIONS", "LSAN_OPTIONS", "TSAN_OPTIONS", "UBSAN_OPTIONS"] {
            if let value = ProcessInfo.processInfo.environment[key] { environment[key] = value }
        }
        for (key, value) in extra { environment[key] = value }
        return environment
    }

    /// Every regular file and symlink below the root, as paths relative to it, sorted.
    public func files() -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: self.root) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            let attributes = enumerator.fileAttributes
            if let type = attributes?[.type] as? FileAttributeType, type != .typeDirectory { files.append(relative) }
        }
        return files.sorted()
    }

    /// Writes a small executable shell script into ``binDirectory``.
    /// - Parameters:
    ///   - name: the file name.
    ///   - body: the script after the `#!/bin/sh` line.
    /// - Returns: its absolute path.
    @discardableResult
    public func writeExecutable(_ name: String, body: String = "exit 0") throws -> String {
        let path = self.binDirectory + "/" + name
        try ("#!/bin/sh\n" + body + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    /// Deletes the whole tree.
    public func remove() {
        try? FileManager.default.removeItem(atPath: self.root)
    }
}
