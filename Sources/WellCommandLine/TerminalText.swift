/// Text for a terminal that came from elsewhere: call ids, numbers, call data and messages come
/// from the CTI server, and a control or format character in them (an escape sequence, a bidi
/// override, a newline) could rewrite the screen or disguise a number.
public enum TerminalText {
    /// `text` with every control, format and line/paragraph separator character shown as
    /// `\u{…}` (its code point in hex); everything else unchanged.
    public static func printable(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator:
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
