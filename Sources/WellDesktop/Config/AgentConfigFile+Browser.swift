extension ConfigReader {
    /// `[browser]`: `sites` (origins or `"*"`) and `clickCallClass` (a CSS class name; `""` or
    /// absent: the seed's class).
    func browser() throws(ConfigFileError) -> BrowserSettings {
        if let entry = self.entry("browser.sites") {
            throw ConfigFileError(
                .wrongType, file: self.fileName, line: entry.line, key: entry.path,
                "'browser.sites' must be an array of origins (e.g. [\"https://crm.example.com\"]), not \(entry.value.typeName)")
        }
        let name = try self.string("browser.clickCallClass") ?? BrowserSettings.defaultClickCallClass
        if let problem = BrowserSettings.classNameProblem(name) {
            throw self.invalid(at: "browser.clickCallClass", "\(TOMLValue.quoted(name)) \(problem)")
        }
        return BrowserSettings(clickCallClass: name)
    }
}
