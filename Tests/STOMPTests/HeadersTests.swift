import STOMP
import Testing

struct HeadersTests {
    @Test func subscriptReturnsFirstAndSetReplacesAll() {
        var headers: STOMPHeaders = ["a": "1", "b": "2", "a": "3"]
        #expect(headers["a"] == "1")
        #expect(headers.count == 3)
        headers["a"] = "x"
        #expect(Array(headers) == [STOMPHeader(name: "a", value: "x"), STOMPHeader(name: "b", value: "2")])
        headers["c"] = "4"
        #expect(headers.map(\.name) == ["a", "b", "c"])
        headers["a"] = nil
        #expect(headers.map(\.name) == ["b", "c"])
        #expect(!headers.contains("a"))
    }

    @Test func appendKeepsEarlierValueWinning() {
        var headers = STOMPHeaders()
        headers.append("k", "first")
        headers.append("k", "second")
        #expect(headers["k"] == "first")
        headers.remove("k")
        #expect(headers.isEmpty)
    }

    @Test func namesAreCaseSensitive() {
        let headers: STOMPHeaders = ["Destination": "/a"]
        #expect(headers["destination"] == nil)
    }
}
