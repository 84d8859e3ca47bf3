import Foundation
import Testing
import WellProtocol
import WellTestSupport

/// The extension in desktop/browser/ read as files: the ids both browsers give it, what
/// Firefox needs from the one shared manifest, the locales, and what it exposes (nothing).
@Suite("Browser extension: manifest, locales, Firefox compatibility")
struct BrowserExtensionManifestTests {
    static let directory = InstallTemplateTests.repositoryRoot + "/desktop/browser"
    /// The public key every copy carries, so Chromium gives it the same id wherever it is loaded from.
    static let key =
        "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAskV72moPuBdb1/QMZqzF6HnVm6A+PapF29SJCpjH46uBpTaNppHjUrGGeTYS3p8YR0Y0lUlSj266dsUNggNHIN5JgKVp3X6bIunqXkzxHOS5hFufkkuxCKanQ54iVAJ+rydqb8nlnbncd1EE5fa++frK7rs4GAfEzaBirrdJRCP54XG5DjFwrHTvirt/Bobffk9ah3M2o8UDzyJOOBgn/4gJZy9uaYtHIRmSxVmz6FCUm8ABzh6fsrZAwFRDHZNXWzmgxM/MGVxQTh3H3k/TnqVqjXF/k14pDSqJFe7g3brhgUdUGAb5olGoOixZLqSGBYHySR+bdZNmE5Jp6GJUtQIDAQAB"
    static let chromiumId = "fndaemachfncndgadldhjkdcnbkkfahi"
    static let geckoId = "wellclient@wellcloud.cc"

    static func manifest() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(contentsOf: URL(fileURLWithPath: Self.directory + "/manifest.json")))
    }

    static func text(_ file: String) throws -> String {
        try String(contentsOfFile: Self.directory + "/" + file, encoding: .utf8)
    }

    static func sources(_ suffix: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: Self.directory).filter { $0.hasSuffix(suffix) }.sorted()
    }

    // MARK: - ids

    @Test("the key is the fixed public key, and Chromium's id rule gives fndaemachfncndgadldhjkdcnbkkfahi")
    func keyYieldsTheChromiumId() async throws {
        let manifest = try Self.manifest()
        #expect(manifest["key"]?.stringValue == Self.key)
        // Chromium: SHA-256 of the DER public key, first 16 bytes in hex, digits 0-f spelt a-p.
        let der = try #require(Data(base64Encoded: Self.key))
        let directory = NSTemporaryDirectory() + "wellclient-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try der.write(to: URL(fileURLWithPath: directory + "/key.der"))
        let sum = try await ToolRun.run("/usr/bin/sha256sum", [directory + "/key.der"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(sum.succeeded, "\(sum)")
        let hex = sum.standardOutput.prefix(32)
        let id = String(
            hex.map { character in
                let value = Int(String(character), radix: 16) ?? 0
                return Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(value)))
            })
        #expect(id == Self.chromiumId)
        // The private key is never in the repository.
        for file in try FileManager.default.subpathsOfDirectory(atPath: Self.directory) {
            #expect(!file.hasSuffix(".pem") && !file.hasSuffix(".crx"), "\(file) must not be committed")
        }
    }

    // MARK: - Firefox

    @Test("Firefox: gecko id, a minimum version that takes MV3 background scripts beside service_worker, the scripts the worker imports")
    func firefoxBackgroundAndId() throws {
        let manifest = try Self.manifest()
        #expect(manifest["manifest_version"]?.intValue == 3)
        let gecko = manifest["browser_specific_settings"]?["gecko"]
        #expect(gecko?["id"]?.stringValue == Self.geckoId)
        let minimum = try #require(gecko?["strict_min_version"]?.stringValue)
        // Firefox takes "scripts" and ignores "service_worker" from 121 on; storage.session needs 115.
        #expect((Int(minimum.split(separator: ".").first ?? "") ?? 0) >= 121, "strict_min_version \(minimum)")
        #expect(gecko?["data_collection_permissions"]?["required"] == ["none"])

        // Chromium: the service worker; Firefox: the same code as event-page scripts, in the
        // order the worker imports them, then the worker file itself.
        let background = try #require(manifest["background"])
        #expect(background["service_worker"]?.stringValue == "background.js")
        #expect(background["type"] == nil, "a module worker cannot importScripts")
        let worker = try Self.text("background.js")
        let imports = try #require(worker.firstMatch(of: /importScripts\(([^)]*)\)/)).1
            .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\"'")) }
        #expect(background["scripts"]?.arrayValue?.compactMap(\.stringValue) == imports + ["background.js"])

        // The version Firefox accepts: one to four dot-separated integers.
        #expect(manifest["version"]?.stringValue?.wholeMatch(of: /\d{1,9}(\.\d{1,9}){0,3}/) != nil)
    }

    @Test("Firefox: every key and permission is one Firefox supports or ignores; nothing Chromium-only that breaks it")
    func firefoxKeysAndPermissions() throws {
        let manifest = try #require(try Self.manifest().objectValue)
        // Keys Firefox's MV3 schema has; "key" and "minimum_chrome_version" it skips with a warning.
        let firefoxKeys: Set = [
            "manifest_version", "name", "short_name", "description", "version", "default_locale", "icons",
            "permissions", "background", "content_scripts", "action", "browser_specific_settings",
        ]
        let ignoredByFirefox: Set = ["key", "minimum_chrome_version"]
        let unknown = Set(manifest.keys).subtracting(firefoxKeys).subtracting(ignoredByFirefox)
        #expect(unknown.isEmpty, "keys Firefox does not know: \(unknown.sorted())")
        // Least privilege, and every one of them exists in Firefox.
        let permissions = Set(manifest["permissions"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        #expect(permissions == ["nativeMessaging", "storage", "contextMenus", "activeTab", "alarms"])
        #expect(manifest["host_permissions"] == nil && manifest["optional_permissions"] == nil)

        let scripts = try #require(manifest["content_scripts"]?.arrayValue)
        #expect(scripts.count == 1)
        #expect(scripts.first?["matches"] == ["http://*/*", "https://*/*"])
        #expect(scripts.first?["run_at"] == "document_start")
        #expect(scripts.first?["all_frames"] == true)
        #expect(scripts.first?["world"] == nil, "content scripts run in the isolated world")
    }

    @Test("nothing is exposed to pages or other extensions")
    func exposesNothing() throws {
        let manifest = try Self.manifest()
        #expect(manifest["externally_connectable"] == nil)
        #expect(manifest["web_accessible_resources"] == nil)
        for file in try Self.sources(".js") {
            let source = try Self.text(file)
            for forbidden in [".onMessageExternal", ".onConnectExternal", "eval(", "new Function", "innerHTML"] {
                #expect(!source.contains(forbidden), "\(file) uses \(forbidden)")
            }
            // One API object for both browsers (`browser` in Firefox, `chrome` in Chromium).
            if source.contains("api.") {
                #expect(source.contains("const api = globalThis.browser ?? globalThis.chrome;"), "\(file)")
                #expect(source.firstMatch(of: /[^.]\bchrome\.[a-z]/) == nil, "\(file) calls chrome.* directly")
            }
        }
    }

    @Test("every file the manifest and the popup name exists")
    func referencedFilesExist() throws {
        let manifest = try Self.manifest()
        var files: [String] = []
        files += manifest["icons"]?.objectValue?.values.compactMap(\.stringValue) ?? []
        files += manifest["action"]?["default_icon"]?.objectValue?.values.compactMap(\.stringValue) ?? []
        files += [manifest["action"]?["default_popup"]?.stringValue, manifest["background"]?["service_worker"]?.stringValue].compactMap { $0 }
        files += manifest["background"]?["scripts"]?.arrayValue?.compactMap(\.stringValue) ?? []
        files += manifest["content_scripts"]?.arrayValue?.flatMap { $0["js"]?.arrayValue?.compactMap(\.stringValue) ?? [] } ?? []
        let popup = try Self.text("popup.html")
        files += popup.matches(of: /(?:src|href)="([^"]+)"/).map { String($0.1) }
        #expect(files.count > 10)
        for file in Set(files) {
            #expect(FileManager.default.fileExists(atPath: Self.directory + "/" + file), "\(file) is missing")
        }
    }

    // MARK: - locales

    static func messages(_ locale: String) throws -> [String: JSONValue] {
        let data = try Data(contentsOf: URL(fileURLWithPath: Self.directory + "/_locales/\(locale)/messages.json"))
        return try #require(try JSONDecoder().decode(JSONValue.self, from: data).objectValue)
    }

    @Test("English and Simplified Chinese have the same messages and placeholders, and every message used exists")
    func locales() throws {
        let english = try Self.messages("en")
        let chinese = try Self.messages("zh_CN")
        #expect(try Self.manifest()["default_locale"] == "en")
        #expect(Set(english.keys) == Set(chinese.keys))
        for (name, message) in english {
            #expect(name.wholeMatch(of: /[A-Za-z0-9_@]+/) != nil, "\(name)")
            let placeholders = Set(message["placeholders"]?.objectValue?.keys ?? [:].keys)
            #expect(placeholders == Set(chinese[name]?["placeholders"]?.objectValue?.keys ?? [:].keys), "\(name)")
            for text in [message["message"]?.stringValue, chinese[name]?["message"]?.stringValue] {
                let used = Set((text ?? "").matches(of: /\$([A-Za-z0-9_]+)\$/).map { $0.1.lowercased() })
                #expect(used == placeholders, "\(name): \(text ?? "")")
            }
        }
        // Names used by the manifest, the scripts and the popup.
        var used = Set(try Self.text("manifest.json").matches(of: /__MSG_([A-Za-z0-9_@]+)__/).map { String($0.1) })
        for file in try Self.sources(".js") {
            used.formUnion(try Self.text(file).matches(of: /getMessage\("([A-Za-z0-9_@]+)"/).map { String($0.1) })
            used.formUnion(try Self.text(file).matches(of: /\bt\("([A-Za-z0-9_@]+)"/).map { String($0.1) })
        }
        used.formUnion(try Self.text("popup.html").matches(of: /data-i18n="([A-Za-z0-9_@]+)"/).map { String($0.1) })
        #expect(used.count > 15)
        #expect(used.subtracting(english.keys).isEmpty, "missing messages: \(used.subtracting(english.keys).sorted())")
        #expect(english["callNumber"]?["message"] == "Call $NUMBER$")
        #expect(chinese["callNumber"]?["message"] == "拨打 $NUMBER$")
        #expect(english["menuCallSelection"]?["message"] == "Call %s")
    }
}
