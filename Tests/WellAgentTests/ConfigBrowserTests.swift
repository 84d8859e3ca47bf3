import Foundation
import Testing
import WellAgent
import WellDesktopSupport
import WellProtocol

/// `[browser]`: the sites (exact origins or "*") and the click-to-call class, checked when the
/// file is read; the demo enables its simulator's origin.
@Suite struct ConfigBrowserTests {
    static func parse(_ browser: String) throws(ConfigFileError) -> AgentConfigFile {
        try AgentConfigFile.parse("[server]\nurl = \"http://127.0.0.1:5088\"\n[browser]\n" + browser + "\n", fileName: "config.toml")
    }

    @Test func defaultsAreNoSiteAndTheSeedsClass() throws {
        let config = try AgentConfigFile.parse("[server]\nurl = \"http://127.0.0.1:5088\"\n", fileName: "config.toml")
        #expect(config.browser == BrowserSettings(sites: [], clickCallClass: "well-canBeCalled"))
    }

    @Test func sitesAndClassAreRead() throws {
        let config = try Self.parse(
            """
            sites = [
              "https://crm.example.com",
              "http://127.0.0.1:8080",   # the test CRM
              "*",
            ]
            clickCallClass = "crm-phone"
            """)
        #expect(config.browser == BrowserSettings(sites: ["https://crm.example.com", "http://127.0.0.1:8080", "*"], clickCallClass: "crm-phone"))
    }

    @Test(
        "the table's other spellings read the same",
        arguments: [
            "[server]\nurl = \"http://127.0.0.1:5088\"\n[browser]\nsites = ['https://a.example']\n",
            "browser.sites = [\"https://a.example\"]\n[server]\nurl = \"http://127.0.0.1:5088\"\n",
            "browser = { sites = [\"https://a.example\"] }\n[server]\nurl = \"http://127.0.0.1:5088\"\n",
        ])
    func spellings(text: String) throws {
        #expect(try AgentConfigFile.parse(text, fileName: "config.toml").browser.sites == ["https://a.example"])
    }

    @Test(
        "an invalid origin is refused with the line, the key and the item",
        arguments: [
            ("https://crm.example.com/", "item 2"), ("crm.example.com", "item 2"), ("https://CRM.example.com", "item 2"),
            ("https://crm.example.com:443", "item 2"), ("", "item 2"), ("https://a.example", "item 2 repeats item 1"),
        ])
    func invalidOrigin(origin: String, item: String) throws {
        let error = try #require(throws: ConfigFileError.self) {
            try Self.parse("sites = [\"https://a.example\", \"\(origin)\"]")
        }
        #expect(error.code == .invalidValue)
        #expect(error.key == "browser.sites")
        #expect(error.line == 4)
        #expect(error.message.contains(item), "\(error)")
    }

    @Test(
        "sites of the wrong type are refused",
        arguments: [
            "sites = \"https://a.example\"", "sites = [1]", "sites = true",
            "sites = [[\"https://a.example\"]]", "sites = { a = 1 }",
        ])
    func sitesOfTheWrongType(line: String) throws {
        let error = try #require(throws: ConfigFileError.self) { try Self.parse(line) }
        #expect(error.code == .wrongType)
        #expect(error.key == "browser.sites")
        #expect(error.line == 4)
    }

    @Test func renderedFileReadsBack() throws {
        var config = AgentConfigFile(server: .init(url: "http://127.0.0.1:5088"))
        config.browser = BrowserSettings(sites: ["https://crm.example.com", "*"], clickCallClass: "crm-phone")
        let text = config.render()
        #expect(text.contains("[browser]\nsites = [\"https://crm.example.com\", \"*\"]"))
        #expect(try AgentConfigFile.parse(text, fileName: "rendered.toml") == config)
    }

    @Test("a valid class is read", arguments: ["crm-phone", "_x", "-a1", "PhoneNumber", "a_b-c9"])
    func validClass(name: String) throws {
        #expect(try Self.parse("clickCallClass = \"\(name)\"").browser.clickCallClass == name)
    }

    @Test(
        "a class that is no CSS class name is refused with the line and key",
        arguments: ["1abc", "a b", ".phone", "a.b", "phone,other", "-1x", "--x", "a\\u0000", "电话", String(repeating: "a", count: 65)])
    func invalidClass(name: String) throws {
        let error = try #require(throws: ConfigFileError.self) { try Self.parse("clickCallClass = \"\(name)\"") }
        #expect(error.code == .invalidValue)
        #expect(error.key == "browser.clickCallClass")
        #expect(error.line == 4)
    }

    @Test func classOfTheWrongTypeIsRefused() throws {
        let error = try #require(throws: ConfigFileError.self) { try Self.parse("clickCallClass = true") }
        #expect(error.code == .wrongType)
        #expect(error.key == "browser.clickCallClass")
    }

    @Test func unknownBrowserKeyIsRefused() throws {
        let error = try #require(throws: ConfigFileError.self) { try Self.parse("site = \"https://a.example\"") }
        #expect(error.code == .unknownKey)
        #expect(error.description == "config.toml:4: unknown key 'browser.site'")
    }

    @Test(
        "origins as a browser writes them are accepted",
        arguments: [
            "*", "https://crm.example.com", "http://127.0.0.1:8080", "http://localhost", "https://xn--fiqs8s.example", "http://[::1]:5088",
            "https://a-b.example.co.uk:8443",
        ])
    func validOrigins(origin: String) {
        #expect(BrowserSettings.originProblem(origin) == nil)
    }

    @Test(
        "anything a page's origin can never equal is refused",
        arguments: [
            "https://crm.example.com/", "https://crm.example.com/path", "crm.example.com", "HTTPS://crm.example.com", "https://CRM.example.com",
            "ftp://crm.example.com", "https://", "https://:8080", "https://user@crm.example.com", "https://crm.example.com:443",
            "http://crm.example.com:80", "https://crm.example.com:0", "https://crm.example.com:65536", "https://crm.example.com:08080",
            "https://crm example.com", "https://crm.example.com?x", "https://*.example.com", "**", "", "https://crm..example.com",
            "https://电话.example", "http://[::1", "http://[::1]x", "file:///etc/passwd", "chrome-extension://fndaemachfncndgadldhjkdcnbkkfahi",
        ])
    func invalidOrigins(origin: String) {
        #expect(BrowserSettings.originProblem(origin) != nil)
    }

    @Test(
        "the demo enables its simulator's origin as a browser writes it",
        arguments: [
            ("http://127.0.0.1:5088", "http://127.0.0.1:5088"), ("http://127.0.0.1:80", "http://127.0.0.1"),
            ("https://Example.COM:443/x", "https://example.com"), ("http://[::1]:9000", "http://[::1]:9000"),
        ])
    func demoOrigin(url: String, origin: String) throws {
        let settings = AgentSettings.demo(serverURL: try #require(URL(string: url)))
        #expect(settings.browser.sites == [origin])
        #expect(settings.browser.clickCallClass == "well-canBeCalled")
        #expect(BrowserSettings.originProblem(origin) == nil)
    }

    @Test func jsonForTheExtension() throws {
        let settings = BrowserSettings(sites: ["https://crm.example.com", "*"], clickCallClass: "crm-phone")
        #expect(settings.json == ["sites": ["https://crm.example.com", "*"], "clickCallClass": "crm-phone"])
    }
}
