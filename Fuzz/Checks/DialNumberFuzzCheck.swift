import WellClient
import WellNumbers

/// The per-input check of the number-normaliser fuzzer (`FuzzDialNumber`), also run by the
/// regression tests on the corpus and the reproducers.
///
/// Input layout: byte 0 picks the dial plan and the server's prefix list, the rest (as UTF-8,
/// invalid sequences replaced) is what a user or a `tel:` handler hands over.
///
/// Invariants: no crash; errors are `DialNumberError` values; a parsed number is 1–32 ASCII
/// digits and parsing it again (bare, with `+`, as `tel:`) gives it back; oversize input is
/// refused; an extension holds no control character; every dial string is ASCII digits.
public enum DialNumberFuzzCheck {
    /// Dial plans to exercise: the default, an international set-up, and `auto` outside prefix.
    static let plans: [DialPlan] = [
        .standard,
        try! DialPlan(plusPrefix: "00", outsidePrefix: .digits("9")),
        try! DialPlan(plusPrefix: "", outsidePrefix: .auto, internalPattern: #"^[1-7]\d{2,4}$"#),
    ]
    /// Server prefix lists for `auto` (the last ones are not valid and must give an error).
    static let prefixLists: [[String]] = [[], ["", "0"], ["9", "8"], ["x1"]]

    /// Returns the violated invariants for one input (`"tag: detail"`), empty when all hold.
    public static func violations(for input: [UInt8]) -> [String] {
        guard let selector = input.first else { return [] }
        let text = String(decoding: input.dropFirst(), as: UTF8.self)
        var problems: [String] = []

        let target: DialTarget
        do {
            target = try DialTarget.parse(text)
        } catch {
            if text.utf8.count > DialTarget.maximumInputBytes, error.code != .oversize {
                problems.append("oversize: \(text.utf8.count)-byte input gave \(error.code), not oversize")
            }
            if DialTarget.isPhoneNumber(text), text.utf8.count <= DialTarget.maximumDigits {
                problems.append("refused-digits: plain digits \(text) refused: \(error)")
            }
            return problems
        }

        if text.utf8.count > DialTarget.maximumInputBytes {
            problems.append("oversize: accepted a \(text.utf8.count)-byte input")
        }
        let digits = target.digits
        if !Self.isASCIIDigits(digits) || digits.utf8.count > DialTarget.maximumDigits || !DialTarget.isPhoneNumber(digits) {
            problems.append("digits: parse gave \(digits.debugDescription)")
            return problems
        }
        if DialTarget.isPhoneNumber(text), digits != text {
            problems.append("digits: plain digits \(text) became \(digits)")
        }
        if let ext = target.extensionPart, ext.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
            problems.append("extension: control character in \(ext.debugDescription)")
        }

        // Idempotence: the normalised form parses to itself in each spelling.
        let sign = target.hadPlus ? "+" : ""
        for (spelling, source) in [(sign + digits, DialTarget.Source.bare), ("tel:" + sign + digits, .tel)] {
            do {
                let again = try DialTarget.parse(spelling)
                if again.digits != digits || again.hadPlus != target.hadPlus || again.source != source {
                    problems.append("idempotence: \(spelling) parsed as \(again)")
                }
            } catch {
                problems.append("idempotence: \(spelling) refused: \(error)")
            }
        }

        let plan = Self.plans[Int(selector) % Self.plans.count]
        let prefixes = Self.prefixLists[Int(selector / 3) % Self.prefixLists.count]
        do {
            let dial = try plan.dialString(for: target, prefixes: prefixes)
            if !Self.isASCIIDigits(dial) || dial.isEmpty {
                problems.append("dial-string: \(dial.debugDescription) for \(target) with \(plan)")
            }
            if !dial.hasSuffix(digits) {
                problems.append("dial-string: \(dial) does not end with the number \(digits)")
            }
        } catch {
            if case .auto = plan.outsidePrefix {
            } else {
                problems.append("dial-string: \(plan) threw \(error) without an auto prefix")
            }
        }
        return problems
    }

    static func isASCIIDigits(_ text: String) -> Bool {
        text.utf8.allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }
}
