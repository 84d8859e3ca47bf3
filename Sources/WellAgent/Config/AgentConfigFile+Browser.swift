import WellDesktopSupport

extension ConfigReader {
    /// `[browser]`: `sites`, an array of exact origins or `"*"` (default none), and
    /// `clickCallClass`, a CSS class name (`""` or absent: the seed's class).
    func browser() throws(ConfigFileError) -> BrowserSettings {
        let path = "browser.sites"
        let sites = try self.strings(path) ?? []
        for (offset, site) in sites.enumerated() {
            if let problem = BrowserSettings.originProblem(site) {
                throw self.invalid(at: path, "item \(offset + 1), \(TOMLValue.quoted(site)), \(problem)")
            }
            if let first = sites[..<offset].firstIndex(of: site) {
                throw self.invalid(at: path, "item \(offset + 1) repeats item \(first + 1), \(TOMLValue.quoted(site))")
            }
        }
        let name = try self.string("browser.clickCallClass") ?? BrowserSettings.defaultClickCallClass
        if let problem = BrowserSettings.classNameProblem(name) {
            throw self.invalid(at: "browser.clickCallClass", "\(TOMLValue.quoted(name)) \(problem)")
        }
        return BrowserSettings(sites: sites, clickCallClass: name)
    }
}
