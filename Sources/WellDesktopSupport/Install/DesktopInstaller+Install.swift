import WellProtocol
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension DesktopInstaller {
    /// Installs (or brings up to date) the per-user desktop integration.
    ///
    /// The files include the browser extension's native-messaging host manifests for Chromium,
    /// Google Chrome and Firefox, which name ``hostExecutablePath``.
    ///
    /// Order: remember the current default handlers (first install only), write the files whose
    /// contents differ, refresh the desktop database, make our handler the default for `tel` and
    /// `callto` with `xdg-mime default`, enable the systemd unit when a user manager is reachable
    /// (disable it when `autostart` is off), record what was done.
    /// - Parameter autostart: start the agent with the session (`false` writes `Hidden=true` and
    ///   leaves the unit disabled).
    /// - Returns: what changed (empty when everything was already in place) and notes.
    /// - Throws: ``InstallError`` naming the file or tool that failed; what was done so far is recorded.
    public func install(autostart: Bool = true) async throws(InstallError) -> InstallReport {
        var report = InstallReport()
        let stateText = try self.read(self.layout.stateFile)
        var state = try InstallState.load(self.layout.stateFile) ?? InstallState()
        var savedState = stateText
        state.executable = self.executablePath

        // 1. Remember the defaults we are about to replace, before anything changes them.
        let mimeappsExisted = AtomicFile.exists(self.layout.mimeappsList)
        let before = try self.mimeapps()
        for mime in DesktopFile.schemeTypes where state.previousDefaults[mime] == nil {
            let current = before.defaultValue(for: mime)
            state.previousDefaults[mime] = MimeAppsList.firstID(current) == DesktopFile.handlerID ? "" : (current ?? "")
        }
        if try self.saveState(state, previous: savedState) { savedState = state.render() }

        // 2. The files.
        let cachePath = self.layout.directory(for: .handler) + "/mimeinfo.cache"
        let cacheExisted = AtomicFile.exists(cachePath)
        var changedKinds: Set<DesktopFile.Kind> = []
        for file in DesktopFile.all {
            let path = self.layout.path(of: file)
            let text = self.contents(of: file, autostart: autostart)
            state.files[file.stateKey] = path
            if try self.read(path) != text {
                try self.write(text, to: path)
                changedKinds.insert(file.kind)
                report.changes.append("wrote \(path)")
            }
        }

        // The browser host manifests name the host next to the binary: say when it is not there.
        let host = self.hostExecutablePath
        if access(host, X_OK) != 0 {
            report.notes.append("\(host) is missing: click-to-call in the browser needs it next to wellclient (swift build builds both; the .deb installs both)")
        }

        // 3. The desktop database (mimeinfo.cache) of the applications directory.
        if changedKinds.contains(.handler) || !cacheExisted {
            try await self.updateDesktopDatabase(&report)
            if !cacheExisted, AtomicFile.exists(cachePath) { state.createdDesktopCache = true }
        }

        // 4. Default handlers.
        for mime in DesktopFile.schemeTypes {
            let current = try self.mimeapps().defaultValue(for: mime)
            guard MimeAppsList.firstID(current) != DesktopFile.handlerID else { continue }
            if self.tools.locate("xdg-mime") != nil {
                _ = try await self.tools.check("xdg-mime", ["default", DesktopFile.handlerID, mime])
            } else {
                var list = try self.mimeapps()
                list.setDefault(DesktopFile.handlerID, for: mime)
                try self.write(list.text, to: self.layout.mimeappsList)
                report.notes.append("xdg-mime not found; wrote the default for \(mime) into \(self.layout.mimeappsList) directly")
            }
            guard MimeAppsList.firstID(try self.mimeapps().defaultValue(for: mime)) == DesktopFile.handlerID else {
                throw InstallError("xdg-mime default \(DesktopFile.handlerID) \(mime) did not change \(self.layout.mimeappsList)")
            }
            report.changes.append("set the default handler for \(mime) to \(DesktopFile.handlerID)" + (current.map { " (was \($0))" } ?? ""))
        }
        if !mimeappsExisted, AtomicFile.exists(self.layout.mimeappsList) { state.createdMimeapps = true }

        // 5. The systemd user unit.
        try await self.configureUnit(autostart: autostart, unitChanged: changedKinds.contains(.systemdUnit), state: &state, report: &report)

        _ = try self.saveState(state, previous: savedState)
        return report
    }

    private func configureUnit(autostart: Bool, unitChanged: Bool, state: inout InstallState, report: inout InstallReport) async throws(InstallError) {
        let unit = DesktopFile.unitName
        guard self.userManagerReachable, self.tools.locate("systemctl") != nil else {
            if autostart {
                report.notes.append(
                    "no systemd user manager reachable: \(unit) was not enabled (run `systemctl --user enable \(unit)` in a session); "
                        + "the XDG autostart entry and D-Bus activation still start the agent")
            } else if state.unitEnabled, try self.removeWantsLink() {
                state.unitEnabled = false
                report.changes.append("removed \(self.layout.unitWantsLink)")
            }
            return
        }
        if unitChanged { _ = try await self.tools.check("systemctl", ["--user", "daemon-reload"]) }
        let enabled = try await self.tools.run("systemctl", ["--user", "is-enabled", unit]).output.trimmingWhitespace().hasPrefix("enabled")
        if autostart, !enabled {
            _ = try await self.tools.check("systemctl", ["--user", "enable", unit])
            state.unitEnabled = true
            report.changes.append("enabled \(unit)")
        } else if autostart {
            if !state.unitEnabled, AtomicFile.exists(self.layout.unitWantsLink) { state.unitEnabled = true }
        } else if enabled {
            _ = try await self.tools.check("systemctl", ["--user", "disable", unit])
            state.unitEnabled = false
            report.changes.append("disabled \(unit)")
        }
    }

    /// Removes the `graphical-session.target.wants` link when it points at our unit.
    func removeWantsLink() throws(InstallError) -> Bool {
        var buffer = [CChar](repeating: 0, count: 4097)
        let length = readlink(self.layout.unitWantsLink, &buffer, buffer.count - 1)
        guard length > 0 else { return false }
        let target = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        guard target.hasSuffix("/" + DesktopFile.unitName) else { return false }
        return try self.remove(self.layout.unitWantsLink)
    }
}
