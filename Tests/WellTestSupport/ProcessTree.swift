import Foundation
import Glibc

/// A browser's process tree: the browser and every process it started (renderers, zygote,
/// content processes, utility processes).
enum ProcessTree {
    /// SIGKILL to the browser and all its descendants (found through `/proc` before any is
    /// killed, so none is re-parented out of sight first), then reaps the browser.
    static func kill(_ process: SpawnedProcess) {
        var tree: [pid_t] = []
        var parents: [pid_t: [pid_t]] = [:]
        if let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") {
            for entry in entries {
                guard let pid = pid_t(entry), let parent = Self.parent(of: pid) else { continue }
                parents[parent, default: []].append(pid)
            }
        }
        var queue = [process.pid]
        while let next = queue.popLast() {
            for child in parents[next] ?? [] where !tree.contains(child) {
                tree.append(child)
                queue.append(child)
            }
        }
        for pid in tree { _ = Glibc.kill(pid, SIGKILL) }
        process.kill()
    }

    /// The parent pid from `/proc/PID/stat` (the field after the parenthesised command name).
    private static func parent(of pid: pid_t) -> pid_t? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }
}
