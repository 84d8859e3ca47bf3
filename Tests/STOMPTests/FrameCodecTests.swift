import STOMP
import Testing

struct FrameCodecTests {
    @Test func encodesSendFrame() {
        let frame = STOMPFrame(command: .send, headers: ["destination": "/queue/a"], body: "hello")
        #expect(frame.encodedString() == "SEND\ndestination:/queue/a\ncontent-length:5\n\nhello\0")
    }
}
