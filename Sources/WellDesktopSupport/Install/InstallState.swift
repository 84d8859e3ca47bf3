/// What `install` did, kept in `$XDG_STATE_HOME/wellclient/install-state.toml` so that
/// `uninstall` removes exactly that and restores the handlers that were the default before.
struct InstallState: Equatable {
    /// Files written, by ``DesktopFile/stateKey``.
    var files: [String: String] = [:]
    /// The user-level default before install, per MIME type (`""` = there was none).
    var previousDefaults: [String: String] = [:]
    /// Whether install created `mimeapps.list`.
    var createdMimeapps = false
    /// Whether install created `applications/mimeinfo.cache` (via update-desktop-database).
    var createdDesktopCache = false
    /// Whether install enabled the systemd unit.
    var unitEnabled = false
    /// The binary the files point at.
    var executable = ""

    static func load(_ path: String) throws(InstallError) -> InstallState? {
        let bytes: [UInt8]?
        do { bytes = try AtomicFile.read(path) } catch { throw InstallError(error.message) }
        guard let bytes else { return nil }
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: String(decoding: bytes, as: UTF8.self))
        } catch {
            throw InstallError("\(path):\(error.line): \(error.message) (remove the file to start afresh)")
        }
        var state = InstallState()
        for section in document.root.entries {
            guard case .table(let table) = section.value else {
                throw InstallError("\(path):\(section.line): unexpected entry '\(section.key)'")
            }
            for entry in table.entries {
                switch (section.key, entry.value) {
                case ("install", .string(let text)) where entry.key == "executable": state.executable = text
                case ("install", .boolean(let flag)) where entry.key == "createdMimeapps": state.createdMimeapps = flag
                case ("install", .boolean(let flag)) where entry.key == "createdDesktopCache": state.createdDesktopCache = flag
                case ("install", .boolean(let flag)) where entry.key == "unitEnabled": state.unitEnabled = flag
                case ("files", .string(let text)):
                    guard DesktopFile.all.contains(where: { $0.stateKey == entry.key }) else {
                        throw InstallError("\(path):\(entry.line): unknown file kind '\(entry.key)'")
                    }
                    state.files[entry.key] = text
                case ("previousDefaults", .string(let text)): state.previousDefaults[entry.key] = text
                default: throw InstallError("\(path):\(entry.line): unexpected entry '\(section.key).\(entry.key)'")
                }
            }
        }
        return state
    }

    func render() -> String {
        var out = "# Written by `wellclient install`; `wellclient uninstall` reads it. Do not edit.\n[install]\n"
        out += "executable = \(TOMLValue.quoted(self.executable))\n"
        out += "createdMimeapps = \(self.createdMimeapps)\n"
        out += "createdDesktopCache = \(self.createdDesktopCache)\n"
        out += "unitEnabled = \(self.unitEnabled)\n"
        out += "\n[files]\n"
        var seen: Set<String> = []
        for file in DesktopFile.all where seen.insert(file.stateKey).inserted {
            if let path = self.files[file.stateKey] { out += "\(file.stateKey) = \(TOMLValue.quoted(path))\n" }
        }
        out += "\n[previousDefaults]\n"
        for (mime, value) in self.previousDefaults.sorted(by: { $0.key < $1.key }) {
            out += "\(TOMLValue.quoted(mime)) = \(TOMLValue.quoted(value))\n"
        }
        return out
    }
}
