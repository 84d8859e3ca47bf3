import Testing
import WellClient
import WellNumbers

/// The dial plan (docs/numbers.md §6): plusPrefix, internalPattern, outsidePrefix.
@Suite struct DialPlanTests {
    @Test("the default internal pattern is anchored at both ends")
    func internalDetection() {
        let plan = DialPlan.standard
        #expect(plan.isInternal("8001"))
        #expect(plan.isInternal("800123"))
        #expect(!plan.isInternal("800"))
        #expect(!plan.isInternal("8001234"))
        #expect(!plan.isInternal("8613800138000"))
        #expect(!plan.isInternal("18001"))
        #expect(!plan.isInternal("7000"))
    }

    @Test("defaults: + dropped, no outside prefix")
    func defaults() throws {
        let plan = DialPlan.standard
        #expect(plan.plusPrefix == "")
        #expect(plan.outsidePrefix == .none)
        #expect(plan.internalPattern == #"^8\d{3,5}$"#)
        #expect(try plan.dialString(for: DialTarget.parse("tel:+86 138-0013-8000"), prefixes: ["9"]) == "8613800138000")
        #expect(try plan.dialString(for: DialTarget.parse("8001"), prefixes: ["9"]) == "8001")
    }

    @Test("plusPrefix replaces the +, then outsidePrefix goes in front of external numbers")
    func prefixes() throws {
        let plan = try DialPlan(plusPrefix: "00", outsidePrefix: .digits("9"))
        #expect(try plan.dialString(for: DialTarget.parse("tel:+86 138-0013-8000"), prefixes: []) == "9008613800138000")
        #expect(try plan.dialString(for: DialTarget.parse("13800138000"), prefixes: []) == "913800138000")
        #expect(try plan.dialString(for: DialTarget.parse("tel:8002"), prefixes: []) == "8002")
        // A + is only rewritten when the number had one.
        #expect(try DialPlan(plusPrefix: "00").dialString(for: DialTarget.parse("4930"), prefixes: []) == "4930")
    }

    @Test("outsidePrefix auto takes the first server prefix, and fails clearly without one")
    func autoPrefix() throws {
        let plan = try DialPlan(outsidePrefix: .auto)
        let target = try DialTarget.parse("13800138000")
        #expect(try plan.dialString(for: target, prefixes: ["9", "6"]) == "913800138000")
        #expect(try plan.dialString(for: target, prefixes: ["", "6"]) == "613800138000")
        #expect(try plan.dialString(for: DialTarget.parse("8001"), prefixes: []) == "8001")
        #expect { try plan.dialString(for: target, prefixes: []) } throws: { ($0 as? DialNumberError)?.code == .noOutsidePrefix }
        #expect { try plan.dialString(for: target, prefixes: ["9x"]) } throws: { ($0 as? DialNumberError)?.code == .invalidPrefix }
    }

    @Test("config-file values of outsidePrefix")
    func outsidePrefixValues() throws {
        #expect(try DialPlan.OutsidePrefix(configValue: "") == .none)
        #expect(try DialPlan.OutsidePrefix(configValue: "auto") == .auto)
        #expect(try DialPlan.OutsidePrefix(configValue: "90") == .digits("90"))
        #expect(DialPlan.OutsidePrefix.digits("90").description == "90")
        #expect(DialPlan.OutsidePrefix.auto.description == "auto")
        #expect { try DialPlan.OutsidePrefix(configValue: "Auto") } throws: { ($0 as? DialNumberError)?.code == .invalidPrefix }
        #expect { try DialPlan.OutsidePrefix(configValue: "+9") } throws: { ($0 as? DialNumberError)?.code == .invalidPrefix }
    }

    @Test("invalid plans are refused")
    func invalidPlans() {
        #expect { try DialPlan(plusPrefix: "+") } throws: { ($0 as? DialNumberError)?.code == .invalidPrefix }
        #expect { try DialPlan(outsidePrefix: .digits("9a")) } throws: { ($0 as? DialNumberError)?.code == .invalidPrefix }
        #expect { try DialPlan(internalPattern: "^8(\\d{3,5}$") } throws: { ($0 as? DialNumberError)?.code == .invalidPattern }
    }

    @Test("the default pattern, which a plan does not compile up front, is a valid regex that agrees with the plan, non-ASCII digits included")
    func defaultPatternCompilesAndAgrees() throws {
        let regex = try Regex(DialPlan.defaultInternalPattern)
        let plan = DialPlan.standard
        // ASCII input takes the plan's path without the regex engine; the Arabic-Indic and
        // full-width digits (which `\d` matches) take the regex, compiled on first use.
        for digits in ["8001", "800123", "800", "8001234", "18001", "7000", "80a1", "", "٨٠٠١", "８００１", "8٠٠١٢"] {
            #expect(plan.isInternal(digits) == ((try regex.wholeMatch(in: digits)) != nil), "\(digits)")
        }
        #expect(plan.isInternal("8٠٠١") && !plan.isInternal("٨٠٠١"))
    }

    @Test("a custom internal pattern is matched in full")
    func customPattern() throws {
        let plan = try DialPlan(outsidePrefix: .digits("0"), internalPattern: "[2-7]\\d{3}")
        #expect(plan.isInternal("7000"))
        #expect(!plan.isInternal("70001"))
        #expect(try plan.dialString(for: DialTarget.parse("70001"), prefixes: []) == "070001")
    }
}
