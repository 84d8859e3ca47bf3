#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DesktopInstaller {
    /// Undoes ``install(autostart:)`` from its record: restores the previous default handlers
    /// (only where ours is still the default), disables the unit if install enabled it, removes
    /// exactly the files install wrote (and `mimeapps.list` / `mimeinfo.cache` when install
    /// created them and nothing else is left in them), then the record itself.
    /// - Returns: what changed; with no record, nothing changes and a note says so.
    /// - Throws: ``InstallError`` naming the file or tool that failed.
    public func uninstall() async throws(InstallError) -> InstallReport {
        var report = InstallReport()
        guard let state = try InstallState.load(self.layout.stateFile) else {
            report.notes.append("nothing to uninstall: no install record at \(self.layout.stateFile)")
            return report
        }

        // 1. Default handlers.
        var list = try self.mimeapps()
        let listBefore = list
        for mime in DesktopFile.schemeTypes {
            let current = list.defaultValue(for: mime)
            guard MimeAppsList.firstID(current) == DesktopFile.handlerID else {
                if let current { report.notes.append("the default for \(mime) is now \(current); left alone") }
                continue
            }
            let previous = state.previousDefaults[mime].flatMap { $0.isEmpty ? nil : $0 }
            list.setDefault(previous, for: mime)
            report.changes.append("restored the default handler for \(mime) to " + (previous ?? "none"))
        }
        if list != listBefore {
            if state.createdMimeapps, list.isEffectivelyEmpty {
                if try self.remove(self.layout.mimeappsList) { report.changes.append("removed \(self.layout.mimeappsList)") }
            } else {
                let mode = AtomicFile.mode(of: self.layout.mimeappsList) ?? 0o644
                try self.write(list.text, to: self.layout.mimeappsList, mode: mode)
            }
        }

        // 2. The systemd unit, if install enabled it.
        let reachable = self.userManagerReachable && self.tools.locate("systemctl") != nil
        if state.unitEnabled {
            if reachable {
                _ = try await self.tools.check("systemctl", ["--user", "disable", DesktopFile.unitName])
                report.changes.append("disabled \(DesktopFile.unitName)")
            } else if try self.removeWantsLink() {
                report.changes.append("removed \(self.layout.unitWantsLink)")
            }
        }

        // 3. The files, only at the paths this layout gives them.
        var removedKinds: Set<DesktopFile.Kind> = []
        for file in DesktopFile.all {
            guard let recorded = state.files[file.stateKey] else { continue }
            let expected = self.layout.path(of: file)
            guard recorded == expected else {
                report.notes.append("recorded \(recorded) is not where this environment puts \(file.fileName) (\(expected)); left alone")
                continue
            }
            if try self.remove(recorded) {
                removedKinds.insert(file.kind)
                report.changes.append("removed \(recorded)")
            }
        }
        if removedKinds.contains(.handler) {
            let directory = self.layout.directory(for: .handler)
            if state.createdDesktopCache, !Self.containsDesktopFiles(directory) {
                if try self.remove(directory + "/mimeinfo.cache") { report.changes.append("removed \(directory)/mimeinfo.cache") }
            } else {
                try await self.updateDesktopDatabase(&report)
            }
        }
        if removedKinds.contains(.systemdUnit), reachable {
            _ = try await self.tools.check("systemctl", ["--user", "daemon-reload"])
        }

        // 4. The record.
        _ = try self.remove(self.layout.stateFile)
        rmdir(AtomicFile.parent(of: self.layout.stateFile))
        return report
    }

    /// Whether `directory` holds any `*.desktop` file (directly or below).
    static func containsDesktopFiles(_ directory: String) -> Bool {
        guard let handle = opendir(directory) else { return false }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if name.hasSuffix(".desktop") { return true }
            if entry.pointee.d_type == UInt8(DT_DIR), Self.containsDesktopFiles(directory + "/" + name) { return true }
        }
        return false
    }
}
