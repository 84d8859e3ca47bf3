#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Starts blocking work on a new, detached POSIX thread (what `Foundation.Thread` did here,
/// without linking full Foundation into the binary).
public enum DetachedThread {
    /// Why a thread could not be started.
    public struct Failure: Error, CustomStringConvertible {
        /// What the system said.
        public let description: String
    }

    /// Runs `body` on a new thread named `name` (at most 15 bytes are kept by Linux).
    /// Returns once the thread is started; `body` runs to completion on its own.
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(Failure) {
        let box = Unmanaged.passRetained(Box(name: name, body: body)).toOpaque()
        #if canImport(Glibc)
            var thread = pthread_t()
        #else
            var thread: pthread_t?
        #endif
        let result = pthread_create(
            &thread, nil,
            { argument in
                let box = Unmanaged<Box>.fromOpaque(argument!).takeRetainedValue()
                DetachedThread.nameCurrentThread(box.name)
                box.body()
                return nil
            }, box)
        guard result == 0 else {
            Unmanaged<Box>.fromOpaque(box).release()
            throw Failure(description: "pthread_create: \(String(cString: strerror(result)))")
        }
        #if canImport(Glibc)
            pthread_detach(thread)
        #else
            if let thread { pthread_detach(thread) }
        #endif
    }

    /// Names the calling thread (shown by `top -H`, `gdb`, `/proc/<pid>/task/*/comm`).
    private static func nameCurrentThread(_ name: String) {
        #if canImport(Glibc)
            // glibc's pthread_setname_np is not visible without _GNU_SOURCE; the kernel's file is.
            let fd = open("/proc/thread-self/comm", O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { return }
            let bytes = Array(name.utf8.prefix(15))
            _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            close(fd)
        #else
            _ = pthread_setname_np(name)
        #endif
    }

    /// Runs `body` on a new thread and resumes with its result. When no thread can be started
    /// (resource exhaustion), `body` runs on the calling task's thread instead.
    public static func run<T: Sendable>(name: String, _ body: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            do {
                try start(name: name) { continuation.resume(returning: body()) }
            } catch {
                continuation.resume(returning: body())
            }
        }
    }

    private final class Box: Sendable {
        let name: String
        let body: @Sendable () -> Void
        init(name: String, body: @escaping @Sendable () -> Void) {
            self.name = name
            self.body = body
        }
    }
}
