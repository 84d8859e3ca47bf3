import Foundation
import Testing
import WellProtocol
import WellTestSupport

/// The unpacked extension in Debian's headless Chromium: it loads from desktop/browser with the
/// id its key gives, and Chromium reports no error for it.
@Suite("Browser extension: loads in Chromium", .serialized, .timeLimit(.minutes(3)))
struct BrowserExtensionLoadTests {
    @Test("Chromium loads desktop/browser with id fndaemachfncndgadldhjkdcnbkkfahi, no manifest or runtime error")
    func loadsWithoutErrors() async throws {
        guard ChromiumBrowser.isInstalled else {
            print("skipped: \(ChromiumBrowser.executable) is not installed (make test installs the Debian package chromium)")
            return
        }
        let home = try TemporaryHome(label: "chromium-load")
        defer { home.remove() }
        let browser = try await ChromiumBrowser.launch(extensionDirectory: BrowserExtensionManifestTests.directory, environment: home.environment())
        defer { browser.kill() }
        let worker = try await browser.extensionServiceWorker(id: BrowserExtensionManifestTests.chromiumId)
        #expect(try await worker.evaluate("chrome.runtime.id") == .string(BrowserExtensionManifestTests.chromiumId))
        #expect(try await worker.evaluate("typeof WellSites.isEnabled + ' ' + typeof WellNative.request") == "function function")
        #expect(try await worker.evaluate("chrome.runtime.getManifest().version") == "0.1.0")

        // What chrome://extensions shows for it. Chromium records manifest and runtime errors
        // only in developer mode: switch it on and reload the extension first.
        let page = try await browser.newPage()
        try await page.navigate(to: "chrome://extensions/")
        #expect(try await page.waitUntil("typeof chrome === 'object' && typeof chrome.developerPrivate === 'object'"))
        let id = BrowserExtensionManifestTests.chromiumId
        _ = try await page.evaluate(
            """
            chrome.developerPrivate.updateProfileConfiguration({ inDeveloperMode: true })
              .then(() => chrome.developerPrivate.reload("\(id)", { failQuietly: true })).then(() => true)
            """)
        let reloaded = try await browser.extensionServiceWorker(id: id, replacing: worker.targetId)
        #expect(try await reloaded.evaluate("chrome.runtime.id") == .string(id))
        let info = try await page.evaluate(
            """
            chrome.developerPrivate.getExtensionInfo("\(id)")
              .then(i => ({ state: i.state, location: i.location, manifestErrors: i.manifestErrors.map(e => e.message),
                            runtimeErrors: i.runtimeErrors.map(e => e.message), installWarnings: i.installWarnings,
                            permissions: i.permissions.simplePermissions.map(p => p.message) }))
            """)
        #expect(info["state"] == "ENABLED", "\(info)")
        #expect(info["location"] == "UNPACKED", "\(info)")
        #expect(info["runtimeErrors"] == [], "\(info)")
        #expect(info["installWarnings"] == [], "\(info)")
        // The one notice a manifest shared with Firefox cannot avoid: Chromium ignores the
        // "background.scripts" list Firefox runs (Chromium runs "service_worker").
        #expect(info["manifestErrors"] == ["'background.scripts' requires manifest version of 2 or lower."], "\(info)")
        #expect(info["permissions"] == ["Communicate with cooperating native applications"], "\(info)")
        await browser.close()
    }

    @Test("in Chinese, without the native host: a site the user enabled shows 拨打 800112, and a click's failure is shown on the page and the button")
    func chineseWithoutHost() async throws {
        guard ChromiumBrowser.isInstalled else {
            print("skipped: \(ChromiumBrowser.executable) is not installed (make test installs the Debian package chromium)")
            return
        }
        let home = try TemporaryHome(label: "chromium-zh")
        defer { home.remove() }
        let server = try await TestPageServer.start(pages: ["/": BrowserClickHarness.html])
        let browser = try await ChromiumBrowser.launch(
            extensionDirectory: BrowserExtensionManifestTests.directory, environment: home.environment(), language: "zh-CN")
        defer { browser.kill() }
        do {
            let worker = try await browser.extensionServiceWorker(id: BrowserExtensionManifestTests.chromiumId)
            // What the popup's switch stores.
            _ = try await worker.evaluate("chrome.storage.local.set({ userSites: ['\(server.origin)'] }).then(() => true)")
            let page = try await browser.newPage()
            try await page.navigate(to: server.origin + "/")
            try await page.hover("#seed")
            #expect(try await page.evaluate("document.getElementById('seed').title") == "拨打 800112")
            try await page.click("#seed")
            // No host installed in this HOME: the dial fails, and says why.
            let shown = try await page.waitUntil("document.querySelectorAll('wellclient-toast').length === 1")
            #expect(shown, "no notice on the page")
            let dials = try await worker.evaluate("chrome.storage.session.get('recentDials').then(s => s.recentDials)")
            #expect(dials.arrayValue?.count == 1, "\(dials)")
            #expect(dials.arrayValue?.first?["code"] == "hostMissing", "\(dials)")
            #expect(dials.arrayValue?.first?["message"] == "无法拨打：此浏览器未安装 WellClient（请运行“wellclient install”）。", "\(dials)")
            let badge = try await worker.evaluate("chrome.tabs.query({}).then(t => Promise.all(t.map(x => chrome.action.getBadgeText({ tabId: x.id }))))")
            #expect(badge.arrayValue?.contains("!") == true, "\(badge)")
        } catch {
            await browser.close()
            await server.stop()
            throw error
        }
        await browser.close()
        await server.stop()
    }
}
