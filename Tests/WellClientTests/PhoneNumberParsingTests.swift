import Testing
import WellClient
import WellNumbers

/// docs/numbers.md §2–§4 and its examples (§7): the tel:/callto: forms desktop handlers pass.
@Suite struct PhoneNumberParsingTests {
    @Test("bare strings follow the seed's clickCallClass rule")
    func bareSeedRule() throws {
        let target = try DialTarget.parse("8001sd12")
        #expect(target == DialTarget(digits: "800112", hadPlus: false, extensionPart: nil, source: .bare))
        #expect(try DialTarget.parse("  +86 138-0013-8000\n") == DialTarget(digits: "8613800138000", hadPlus: true, source: .bare))
        #expect(try DialTarget.parse("(010) 1234 5678 ext").digits == "01012345678")
    }

    @Test(
        "text a person pointed at (a class-marked element, a selection) is always a bare string",
        arguments: [
            ("8001sd12", "800112", false), ("tel:8001sd12", "800112", false), ("callto:1-800-FLOWERS 2", "18002", false),
            ("+86 138-0013-8000", "8613800138000", true), ("138\n0013\t8000", "13800138000", false), ("  1380-0138-000  ", "13800138000", false),
        ])
    func textRule(text: String, digits: String, hadPlus: Bool) throws {
        #expect(try DialTarget.parseText(text) == DialTarget(digits: digits, hadPlus: hadPlus, source: .bare))
    }

    @Test(
        "text without a number to dial is refused",
        arguments: [
            "", " \n ", "no digits", "١٢٣", String(repeating: "9", count: 33),
            String(repeating: "a", count: 1025),
        ])
    func textRefused(text: String) {
        #expect(throws: DialNumberError.self) { try DialTarget.parseText(text) }
    }

    @Test(
        "tel:/callto: forms handlers pass (docs/numbers.md §7)",
        arguments: [
            ("tel:+1-201-555-0123", "12015550123", true, nil as String?, DialTarget.Source.tel),
            ("tel:+1%20(855)%20698-11-50", "18556981150", true, nil, .tel),
            ("tel:7042;phone-context=example.com", "7042", false, nil, .tel),
            ("tel:+1-555-0100;ext=12", "15550100", true, "12", .tel),
            ("TEL:+15550100", "15550100", true, nil, .tel),
            ("callto://+15550100", "15550100", true, nil, .callto),
            ("tel://+15550100", "15550100", true, nil, .tel),
            ("tel:%2B4930%201234", "49301234", true, nil, .tel),
            ("tel:+1 (555) 010-0;ext=12", "15550100", true, "12", .tel),
            ("tel:+86 138-0013-8000", "8613800138000", true, nil, .tel),
        ]
    )
    func vectors(input: String, digits: String, hadPlus: Bool, ext: String?, source: DialTarget.Source) throws {
        let target = try DialTarget.parse(input)
        #expect(target == DialTarget(digits: digits, hadPlus: hadPlus, extensionPart: ext, source: source))
    }

    @Test("scheme is case-insensitive and // is dropped")
    func schemeForms() throws {
        for input in ["tel:8001", "Tel:8001", "TEL://8001", "callto:8001", "CallTo://8001", "cAlLtO:8001"] {
            #expect(try DialTarget.parse(input).digits == "8001", "\(input)")
        }
        #expect(try DialTarget.parse("callto:8001").source == .callto)
    }

    @Test("parameters after ? and ; are cut, ext= is kept aside and never appended")
    func parameters() throws {
        #expect(try DialTarget.parse("tel:13800138000?method=call").digits == "13800138000")
        #expect(try DialTarget.parse("callto:13800138000?call").digits == "13800138000")
        let t = try DialTarget.parse("tel:+1-555-0100;isub=7;EXT=99?x=1;ext=5")
        #expect(t.digits == "15550100")
        #expect(t.extensionPart == "99")
        // `;` after `?` is part of the query, not a parameter.
        #expect(try DialTarget.parse("tel:8001?a=b;ext=5").extensionPart == nil)
        #expect(try DialTarget.parse("tel:8001;ext=1%32").extensionPart == "12")
    }

    @Test("NBSP, Unicode dashes and minus are separators in a URI")
    func unicodeSeparators() throws {
        #expect(try DialTarget.parse("tel:+86\u{00A0}138\u{2010}0013\u{2013}8000").digits == "8613800138000")
        #expect(try DialTarget.parse("tel:138\u{2014}0013\u{2015}8000\u{2212}1").digits == "13800138000" + "1")
        #expect(try DialTarget.parse("tel:138%C2%A00013").digits == "1380013")
        #expect(try DialTarget.parse("tel:138.0013/8000").digits == "13800138000")
        #expect(try DialTarget.parse("138\u{00A0}0013").digits == "1380013")
    }

    @Test(
        "refused inputs name what is wrong",
        arguments: [
            ("", DialNumberError.Code.empty),
            ("   ", .empty),
            ("abc", .empty),
            ("tel:", .empty),
            ("tel:;ext=1", .empty),
            ("tel:+", .empty),
            ("tel:abc", .letterInURI),
            ("tel:1-800-FLOWERS", .letterInURI),
            ("callto:555abc", .letterInURI),
            ("tel:800*1", .invalidCharacter),
            ("tel:8001#", .invalidCharacter),
            ("tel:80+01", .invalidCharacter),
            ("tel:++8001", .invalidCharacter),
            ("tel:800%", .badPercentEncoding),
            ("tel:800%4", .badPercentEncoding),
            ("tel:800%zz", .badPercentEncoding),
            ("tel:800%FF", .badPercentEncoding),
            ("tel:800%C3%28", .badPercentEncoding),
            ("tel:8001;ext=%G1", .badPercentEncoding),
            ("sip:8001@example.com", .unsupportedScheme),
            ("https://evil.example/8001", .unsupportedScheme),
            ("javascript:alert(1)", .unsupportedScheme),
            ("8001\u{0}2", .controlCharacter),
            ("80\u{1B}[2J01", .controlCharacter),
            ("tel:80%0A01", .controlCharacter),
            ("tel:80%0001", .controlCharacter),
            ("\u{0663}\u{0664}\u{0665}", .nonASCIIDigit),
            ("tel:\u{0663}\u{0664}", .nonASCIIDigit),
            ("\u{FF18}\u{FF10}\u{FF10}\u{FF11}", .nonASCIIDigit),
            ("8001\u{FF12}", .nonASCIIDigit),
            ("tel:%EF%BC%98001", .nonASCIIDigit),
            (String(repeating: "1", count: 33), .tooManyDigits),
            ("tel:+" + String(repeating: "9", count: 33), .tooManyDigits),
            (String(repeating: " ", count: 1025), .oversize),
            ("tel:" + String(repeating: "-", count: 1030) + "1", .oversize),
        ]
    )
    func refused(input: String, code: DialNumberError.Code) {
        #expect {
            _ = try DialTarget.parse(input)
        } throws: { error in
            guard let error = error as? DialNumberError else { return false }
            return error.code == code && !error.description.isEmpty
        }
    }

    @Test("32 digits are accepted, a 1 KiB input is accepted")
    func limits() throws {
        #expect(try DialTarget.parse(String(repeating: "1", count: 32)).digits.count == 32)
        let padded = String(repeating: " ", count: 500) + "8001" + String(repeating: " ", count: 520)
        #expect(padded.utf8.count == 1024)
        #expect(try DialTarget.parse(padded).digits == "8001")
    }

    @Test("error messages are specific")
    func messages() {
        #expect(throws: DialNumberError.self) { try DialTarget.parse("tel:1-800-FLOWERS") }
        do {
            _ = try DialTarget.parse("tel:1-800-FLOWERS")
        } catch {
            #expect(error.description.contains("letter 'F'"))
            #expect(error.description.contains("tel:"))
        }
        do {
            _ = try DialTarget.parse("\u{0663}")
        } catch {
            #expect(error.description.contains("U+0663"))
        }
        do {
            _ = try DialTarget.parse("sip:1@x")
        } catch {
            #expect(error.description.contains("'sip:'"))
        }
    }

    @Test("isPhoneNumber is the seed's all-ASCII-digits rule")
    func isPhoneNumber() {
        #expect(DialTarget.isPhoneNumber("144124"))
        #expect(DialTarget.isPhoneNumber("0"))
        #expect(!DialTarget.isPhoneNumber(""))
        #expect(!DialTarget.isPhoneNumber("+8613800138000"))
        #expect(!DialTarget.isPhoneNumber("8001 2"))
        #expect(!DialTarget.isPhoneNumber("\u{0663}\u{0664}"))
        #expect(!DialTarget.isPhoneNumber("938834600-WW8001"))
    }
}
