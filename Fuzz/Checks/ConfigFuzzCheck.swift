import WellClient
import WellNumbers
import WellDesktopSupport
import WellAgent

/// The per-input check of the config-file fuzzer (`FuzzConfig`), also run by the regression
/// tests on the corpus and the reproducers.
///
/// Input: the file's bytes (invalid UTF-8 replaced, as a `String` read from disk would be).
///
/// Invariants: no crash; errors are values naming the file and, when they name a line, a line
/// that exists; every key's line exists; every TOML value, at every depth, written back
/// (`TOMLValue.description`) parses to itself; a parsed
/// config renders to a file that parses to an equal config; an error about `agent.password`, or a
/// syntax error on its line, does not quote the password (checked against the same input with
/// the password masked, see ``quotesSecret(_:error:lines:line:)``).
public enum ConfigFuzzCheck {
    static let fileName = "fuzz.toml"

    /// Returns the violated invariants for one input (`"tag: detail"`), empty when all hold.
    public static func violations(for input: [UInt8]) -> [String] {
        let text = String(decoding: input, as: UTF8.self)
        let lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map {
            String(String.UnicodeScalarView($0))
        }
        var problems: [String] = []

        do {
            let document = try TOMLDocument(parsing: text)
            Self.checkEntries(of: document.root, path: [], lineCount: lines.count, &problems)
        } catch {
            if !(1...lines.count).contains(error.line) {
                problems.append("line: syntax error on line \(error.line) of \(lines.count): \(error)")
            }
        }

        do {
            let config = try AgentConfigFile.parse(text, fileName: Self.fileName)
            let rendered = config.render()
            do {
                let again = try AgentConfigFile.parse(rendered, fileName: Self.fileName)
                if again != config { problems.append("render-round-trip: \(config) came back as \(again)") }
            } catch {
                problems.append("render-round-trip: rendered config refused: \(error)")
            }
            if !config.dialPlan.plusPrefix.isEmpty, !DialTarget.isPhoneNumber(config.dialPlan.plusPrefix) {
                problems.append("dial-plan: plusPrefix \(config.dialPlan.plusPrefix.debugDescription) accepted")
            }
        } catch {
            if error.file != Self.fileName { problems.append("error-file: \(error.file)") }
            if let line = error.line, !(1...lines.count).contains(line) {
                problems.append("line: error on line \(line) of \(lines.count): \(error)")
            }
            if let secret = Self.password(in: lines, errorLine: error.line, key: error.key), let line = error.line,
                Self.quotesSecret(secret, error: error.description, lines: lines, line: line)
            {
                problems.append("secret-in-error: the error quotes the password: \(error)")
            }
        }
        return problems
    }

    /// The line and round-trip checks for every entry of `table` and of the tables inside it.
    static func checkEntries(of table: TOMLTable, path: [String], lineCount: Int, _ problems: inout [String]) {
        for entry in table.entries {
            let entryPath = path + [entry.key]
            if !(1...lineCount).contains(entry.line) {
                problems.append("line: entry \(TOMLKey.dotted(entryPath)) on line \(entry.line) of \(lineCount)")
            }
            Self.checkValueRoundTrip(entry, &problems)
            var inner: [TOMLTable] = []
            switch entry.value {
            case .table(let table): inner = [table]
            case .array(let items): inner = items.compactMap { if case .table(let table) = $0 { table } else { nil } }
            default: break
            }
            for table in inner { Self.checkEntries(of: table, path: entryPath, lineCount: lineCount, &problems) }
        }
    }

    /// `key = <value as written back>` parses to the same entry.
    static func checkValueRoundTrip(_ entry: TOMLEntry, _ problems: inout [String]) {
        let line = "\(TOMLValue.quoted(entry.key)) = \(entry.value)"
        do {
            let document = try TOMLDocument(parsing: line)
            if document.root.entries.first?.value != entry.value || document.root.entries.first?.key != entry.key {
                problems.append("value-round-trip: \(line) parsed as \(document.root)")
            }
        } catch {
            problems.append("value-round-trip: \(line) refused: \(error)")
        }
    }

    /// The text after `password =` on the line an error is about (at least 4 characters, without
    /// quotes), when the error is about `agent.password` or is a syntax error on such a line.
    static func password(in lines: [String], errorLine: Int?, key: String?) -> String? {
        guard let errorLine, lines.indices.contains(errorLine - 1), key == nil || key == "agent.password" else {
            return nil
        }
        let line = Self.trimmed(Substring(lines[errorLine - 1]))
        guard line.hasPrefix("password") else { return nil }
        let rest = Self.trimmed(line.dropFirst("password".count))
        guard rest.hasPrefix("=") else { return nil }
        var value = Self.trimmed(rest.dropFirst())
        if let quote = value.first, quote == "\"" || quote == "'" { value = value.dropFirst() }
        if let quote = value.last, quote == "\"" || quote == "'" { value = value.dropLast() }
        return value.count >= 4 ? String(value) : nil
    }

    /// Whether the error quotes `secret`. Containing it is not enough: a short secret can be a
    /// piece of the message's own words ("sword" in "password"). The same input with the secret
    /// swapped for private-use characters in the value part of its line (after the `=`: the key
    /// itself stays, a secret `password` must not rename the key) must give an error that shows
    /// none of them.
    static func quotesSecret(_ secret: String, error: String, lines: [String], line: Int) -> Bool {
        guard error.contains(secret) else { return false }
        let marker: Character = "\u{E000}"
        var masked = lines
        let original = masked[line - 1]
        guard let equals = original.firstIndex(of: "=") else { return true }
        let value = original[original.index(after: equals)...]
        masked[line - 1] =
            String(original[...equals])
            + value.replacing(secret, with: String(repeating: marker, count: secret.count))
        do {
            _ = try AgentConfigFile.parse(masked.joined(separator: "\n"), fileName: Self.fileName)
            return true // the masked file parses: no second opinion, count the original as quoting
        } catch {
            return error.description.contains(marker)
        }
    }

    /// `text` without leading and trailing spaces, tabs and CRs.
    static func trimmed(_ text: Substring) -> Substring {
        let start = text.firstIndex { !" \t\r".contains($0) } ?? text.endIndex
        let end = text.lastIndex { !" \t\r".contains($0) }.map { text.index(after: $0) } ?? start
        return text[start..<max(start, end)]
    }
}
