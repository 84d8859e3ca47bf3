import Foundation
import Glibc

/// A process's memory from `/proc/<pid>/smaps`: RSS counts every resident page it maps; PSS
/// divides each shared page among the processes mapping it; USS counts the pages no other
/// process maps (`Private_Clean` + `Private_Dirty`). File-backed pages (the binary, the shared
/// libraries) are told apart from anonymous ones (heap, stacks), and per mapped file.
struct ProcessMemory {
    /// One file (or kind of anonymous memory) with everything the process maps of it, in KiB.
    struct Mapping {
        var name: String
        var rss = 0.0
        var pss = 0.0
        var uss = 0.0
    }

    var rss = 0.0
    var pss = 0.0
    var uss = 0.0
    /// RSS of mappings backed by a file.
    var fileRSS = 0.0
    /// Per file or anonymous kind (`[heap]`, `[stack]`, `[anon]`), largest RSS first.
    var mappings: [Mapping] = []

    /// Reads `/proc/<pid>/smaps`; nil when the process is gone or the file unreadable.
    static func read(pid: pid_t) -> ProcessMemory? {
        guard let text = Self.readWhole("/proc/\(pid)/smaps") else { return nil }
        var byName: [String: Mapping] = [:]
        var memory = ProcessMemory()
        var current = "[anon]"
        var isFile = false
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let first = fields.first else { continue }
            if first.last != ":" {
                // A mapping's header: address range, permissions, offset, device, inode, path.
                let path = fields.count > 5 ? fields[5...].joined(separator: " ") : ""
                isFile = path.hasPrefix("/")
                current = path.isEmpty ? "[anon]" : path
                continue
            }
            guard fields.count >= 2, let kib = Double(fields[1]) else { continue }
            switch first {
            case "Rss:":
                byName[current, default: Mapping(name: current)].rss += kib
                memory.rss += kib
                if isFile { memory.fileRSS += kib }
            case "Pss:":
                byName[current, default: Mapping(name: current)].pss += kib
                memory.pss += kib
            case "Private_Clean:", "Private_Dirty:":
                byName[current, default: Mapping(name: current)].uss += kib
                memory.uss += kib
            default:
                break
            }
        }
        memory.mappings = byName.values.sorted { $0.rss > $1.rss }
        return memory
    }

    /// The whole of a `/proc` file (they report size 0, so it is read until the end).
    static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = Glibc.read(fd, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Samples `pid` `count` times, `interval` apart (the figures move a little as pages are
    /// touched and shared pages change hands).
    static func sample(pid: pid_t, count: Int, interval: Duration) async throws -> [ProcessMemory] {
        var samples: [ProcessMemory] = []
        for index in 0..<count {
            if index > 0 { try await Task.sleep(for: interval) }
            if let memory = Self.read(pid: pid) { samples.append(memory) }
        }
        return samples
    }

    /// "median (min–max) MiB" of `value` over `samples`.
    static func spread(_ samples: [ProcessMemory], _ value: (ProcessMemory) -> Double) -> String {
        let values = samples.map { value($0) / 1024 }.sorted()
        guard let low = values.first, let high = values.last else { return "unknown" }
        return String(format: "%5.1f (%.1f–%.1f)", Figures.median(values), low, high)
    }

    /// Which part of a program a mapped file is, for the summary by origin.
    static func origin(of name: String, executable: String) -> String {
        let file = (name as NSString).lastPathComponent
        if name == executable { return "the executable itself" }
        if !name.hasPrefix("/") { return "anonymous (heap, stacks, runtime data)" }
        if file.hasPrefix("libFoundation") || file.hasPrefix("lib_FoundationICU") || file.hasPrefix("libicu") {
            return "Foundation and ICU"
        }
        if file.hasPrefix("libswift") || file.hasPrefix("libdispatch") || file.hasPrefix("libBlocksRuntime") {
            return "Swift runtime (stdlib, concurrency, dispatch)"
        }
        if [
            "libnotify", "libglib", "libgio", "libgobject", "libgmodule", "libgdk_pixbuf", "libpcre2", "libffi", "libmount", "libblkid", "libselinux", "libjpeg", "libpng", "libtiff", "libwebp",
            "libdeflate", "libLerc", "libjbig", "libsharpyuv",
        ].contains(where: { file.hasPrefix($0) }) {
            return "libnotify and GLib/GIO/gdk-pixbuf"
        }
        if file.hasPrefix("libdbus") || file.hasPrefix("libsystemd") || file.hasPrefix("libcap") || file.hasPrefix("libgcrypt") || file.hasPrefix("liblz4")
            || file.hasPrefix("libgpg-error") || file.hasPrefix("liblzma") || file.hasPrefix("libzstd")
        {
            return "libdbus (and systemd helpers)"
        }
        if file.hasPrefix("libsqlite") { return "SQLite" }
        return "libc, libstdc++ and other system libraries"
    }

    /// RSS / PSS / USS per origin (``origin(of:executable:)``), largest RSS first.
    func byOrigin(executable: String) -> [Mapping] {
        var groups: [String: Mapping] = [:]
        for mapping in self.mappings {
            let origin = Self.origin(of: mapping.name, executable: executable)
            groups[origin, default: Mapping(name: origin)].rss += mapping.rss
            groups[origin, default: Mapping(name: origin)].pss += mapping.pss
            groups[origin, default: Mapping(name: origin)].uss += mapping.uss
        }
        return groups.values.sorted { $0.rss > $1.rss }
    }

    /// One row: "RSS / PSS / USS MiB  name".
    static func row(_ mapping: Mapping) -> String {
        String(format: "%5.1f / %5.1f / %5.1f MiB", mapping.rss / 1024, mapping.pss / 1024, mapping.uss / 1024)
    }
}
