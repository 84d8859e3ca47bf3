import Foundation
import Testing
import WellBrowserHost
import WellProtocol
import WellTestSupport

/// Random and mutated input: the host never crashes, writes nothing but well-formed frames with
/// a JSON object that has `ok`, and hands the agent nothing but digits (and a leading `+`).
@Suite("Browser host: random input")
struct HostRandomInputTests {
    static let seeds: [String] = [
        #"{"dial":"8001sd12","source":"class","id":1}"#, #"{"dial":"tel:+86 138-0013-8000","source":"link"}"#,
        #"{"status":true}"#, #"{"config":true,"id":"x"}"#, #"{"dial":"1380-0138-000","source":"selection"}"#,
    ]

    /// A stream of 1–6 messages: seeds with bytes flipped, inserted or dropped, random bytes,
    /// and now and then a length prefix that lies (too short, too long, over the cap).
    static func stream(_ random: inout SeededGenerator) -> [UInt8] {
        var stream: [UInt8] = []
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            var body: [UInt8]
            if Bool.random(using: &random) {
                body = Array(Self.seeds.randomElement(using: &random)!.utf8)
                for _ in 0..<Int.random(in: 0...4, using: &random) where !body.isEmpty {
                    let at = Int.random(in: 0..<body.count, using: &random)
                    switch Int.random(in: 0..<3, using: &random) {
                    case 0: body[at] = UInt8.random(in: 0...255, using: &random)
                    case 1: body.insert(UInt8.random(in: 0...255, using: &random), at: at)
                    default: body.remove(at: at)
                    }
                }
            } else {
                body = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            switch Int.random(in: 0..<20, using: &random) {
            case 0: stream += NativeMessageFrame.header(length: UInt32(body.count + 3)) + body
            case 1: stream += NativeMessageFrame.header(length: UInt32.random(in: 65_537...UInt32.max, using: &random)) + body
            case 2: stream += NativeMessageFrame.header(length: UInt32(max(0, body.count - 2))) + body
            default: stream += NativeMessageFrame.encode(body)
            }
        }
        return stream
    }

    @Test("2,000 random streams", arguments: [UInt64(1), 2, 3, 4])
    func randomStreams(seed: UInt64) async throws {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let agent = ScriptedAgent()
            let stream = Self.stream(&random)
            var process = BrowserHostProcess(
                input: ChunkedSource([stream]), output: RecordingSink(),
                host: BrowserHost(agent: agent), log: { _ in })
            _ = await process.run(arguments: [BrowserCaller.chromiumOrigin])
            let replies = try Frames.replies(process.output.bytes)
            for reply in replies {
                #expect(reply["ok"]?.boolValue != nil, "\(reply)")
                if reply["ok"] == false {
                    #expect(BrowserErrorCode(rawValue: reply["code"]?.stringValue ?? "") != nil, "\(reply)")
                }
            }
            for call in agent.recorded where call.hasPrefix("Dial ") {
                let number = call.dropFirst("Dial ".count)
                #expect(!number.isEmpty && number.drop { $0 == "+" }.allSatisfy { $0.isASCII && $0.isNumber }, "\(call)")
            }
        }
    }
}
