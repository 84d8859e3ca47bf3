/// The language of the agent's user-facing texts, chosen from the POSIX locale.
public enum AgentLanguage: String, Sendable, CaseIterable {
    /// English (the default).
    case english = "en"
    /// Simplified Chinese (`zh_CN`, `zh_SG`, `zh_Hans`…), the seed's users.
    case simplifiedChinese = "zh_CN"

    /// Picks the language the way gettext does: `LANGUAGE`, then `LC_ALL`, `LC_MESSAGES`, `LANG`.
    /// Traditional Chinese locales (`zh_TW`, `zh_HK`, `zh_Hant`) stay English: we have no such texts.
    public static func fromEnvironment(_ environment: [String: String]) -> AgentLanguage {
        for key in ["LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let raw = environment[key], !raw.isEmpty, raw != "C", raw != "POSIX" else { continue }
            // LANGUAGE may list several (`zh_CN:en`); the first one decides.
            let first = raw.split(separator: ":").first.map(String.init) ?? raw
            return first.lowercased().hasPrefix("zh") && !isTraditional(first) ? .simplifiedChinese : .english
        }
        return .english
    }

    private static func isTraditional(_ locale: String) -> Bool {
        let lower = locale.lowercased()
        return lower.hasPrefix("zh_tw") || lower.hasPrefix("zh_hk") || lower.hasPrefix("zh_mo") || lower.contains("hant")
    }
}
