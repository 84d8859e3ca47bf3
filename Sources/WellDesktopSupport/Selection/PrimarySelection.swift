/// The desktop's primary selection — the text last selected with the mouse, in any application —
/// read with the session's clipboard tool, never through a shell: `wl-paste --primary` under
/// Wayland, `xclip` or `xsel` under X11 (also the fallback under Wayland, through XWayland).
public enum PrimarySelection {
    /// Why there is no selected text to use.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        /// What kind of failure.
        public enum Kind: Sendable, Equatable {
            /// No graphical session, or no tool to read the selection with.
            case unavailable
            /// Nothing is selected, or the selection is not text.
            case empty
        }

        /// What kind of failure.
        public let kind: Kind
        /// A sentence for a person.
        public let description: String
    }

    /// A tool and the arguments that print the primary selection.
    struct Reader: Equatable {
        let name: String
        let arguments: [String]
    }

    /// The most bytes read; more than a number ever needs, so a larger selection is refused
    /// by the dialling rules rather than cut.
    static let limit = 4096

    static let wayland = [Reader(name: "wl-paste", arguments: ["--primary", "--no-newline", "--type", "text/plain"])]
    static let x11 = [
        Reader(name: "xclip", arguments: ["-out", "-selection", "primary"]),
        Reader(name: "xsel", arguments: ["--primary", "--output"]),
    ]

    /// The readers this session can use, in order of preference.
    static func readers(environment: [String: String]) -> [Reader] {
        var readers: [Reader] = []
        if !(environment["WAYLAND_DISPLAY"] ?? "").isEmpty { readers += Self.wayland }
        if !(environment["DISPLAY"] ?? "").isEmpty { readers += Self.x11 }
        return readers
    }

    /// Reads the selected text.
    /// - Parameter environment: the session's environment (`WAYLAND_DISPLAY`, `DISPLAY`, `PATH`).
    /// - Returns: the text, as selected (the dialling rules trim it).
    /// - Throws: ``Failure`` saying why there is none.
    public static func read(environment: [String: String]) async throws(Failure) -> String {
        let readers = Self.readers(environment: environment)
        guard !readers.isEmpty else {
            throw Failure(kind: .unavailable, description: "no graphical session: neither WAYLAND_DISPLAY nor DISPLAY is set")
        }
        guard
            let (reader, path) = readers.lazy.compactMap({ reader in
                ChildProcess.locate(reader.name, environment: environment).map { (reader, $0) }
            }).first
        else {
            let wanted = Set(readers.map(\.name)).contains("wl-paste") ? "wl-clipboard (wl-paste), or xclip or xsel" : "xclip or xsel"
            throw Failure(kind: .unavailable, description: "cannot read the selection: install \(wanted)")
        }
        let outcome: ChildProcess.Outcome
        do {
            outcome = try await ChildProcess.run(
                path: path, arguments: reader.arguments, environment: environment,
                errors: .capture, limit: Self.limit, timeout: .seconds(5))
        } catch {
            throw Failure(kind: .unavailable, description: "cannot read the selection: \(error)")
        }
        guard outcome.status == 0, !outcome.output.isEmpty else {
            throw Failure(kind: .empty, description: "nothing is selected (select a number first; \(reader.name) found no text)")
        }
        guard let text = String(validating: outcome.output, as: UTF8.self) else {
            throw Failure(kind: .empty, description: "the selection is not UTF-8 text")
        }
        return text
    }
}
