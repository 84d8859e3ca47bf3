#if canImport(Glibc)
    import Glibc
#endif
import WellCommandLine

/// The full command line, `wellclient-agent` in the folder of this binary (symlinks resolved):
/// what the thin `wellclient` becomes for every command it does not run itself.
enum FullCommandLine {
    /// The file name of the full command line.
    static let name = "wellclient-agent"

    /// Exit statuses when it cannot be run, as a shell's and `env`'s: 127 not found, 126 found
    /// but not runnable.
    static let notFoundStatus: Int32 = 127
    static let notRunnableStatus: Int32 = 126

    /// Replaces this process with the full command line run with `arguments` (the same pid and
    /// environment; the program name stays `wellclient`, as users typed it). Returns only by
    /// exiting, with a message naming the missing or broken file.
    static func become(arguments: [String]) -> Never {
        guard let path = self.path() else {
            StandardError.write("wellclient: cannot find this program's own path (/proc/self/exe) to run \(self.name) beside it\n")
            exit(self.notFoundStatus)
        }
        let argv = ["wellclient"] + arguments
        var pointers = argv.map { strdup($0) }
        pointers.append(nil)
        execv(path, pointers)
        let error = errno
        let what = arguments.first.map { "`wellclient \($0)`" } ?? "`wellclient` without a command"
        StandardError.write(
            "wellclient: \(what) is run by \(path), which "
                + (error == ENOENT ? "is missing" : "cannot be run") + " (\(String(cString: strerror(error)))); "
                + "reinstall WellClient, or put \(self.name) next to wellclient (the commands dial, answer, hangup, status --json, … work without it)\n"
        )
        exit(error == ENOENT ? self.notFoundStatus : self.notRunnableStatus)
    }

    /// `wellclient-agent` in the folder of `/proc/self/exe`.
    static func path() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { return nil }
        let me = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard let slash = me.lastIndex(of: "/") else { return nil }
        return String(me[...slash]) + self.name
    }
}
