/// The host's whole life for one browser connection: check the caller, then read a message,
/// answer it, and repeat until the browser closes standard input.
///
/// Nothing but frames is ever written to `output`; what the browser should see of a failure
/// is an error reply, and what a developer should see goes to `log` (standard error), which
/// never receives the text of a request.
public struct BrowserHostProcess<Source: NativeMessageSource, Sink: NativeMessageSink> {
    /// How the host ended.
    public enum Outcome: Sendable, Equatable {
        /// The browser closed the input between messages: exit 0.
        case finished
        /// The caller is not the WellClient extension (after a `forbidden` reply): exit 1.
        case forbidden
        /// A message could not be read (over the cap, cut short, read error): exit 1.
        case inputFailed(NativeMessageReadError)
        /// The browser stopped reading replies: exit 1.
        case outputClosed

        /// The process's exit status.
        public var exitStatus: Int32 { self == .finished ? 0 : 1 }
    }

    private var reader: NativeMessageReader<Source>
    /// Where the replies went.
    public private(set) var output: Sink
    private let host: BrowserHost
    private let log: (String) -> Void

    /// A host reading `input` and answering on `output`.
    /// - Parameters:
    ///   - input: the browser's messages (standard input).
    ///   - output: the replies (standard output).
    ///   - host: what answers the requests.
    ///   - log: a line for the developer (standard error).
    public init(input: Source, output: Sink, host: BrowserHost, log: @escaping (String) -> Void) {
        self.reader = NativeMessageReader(source: input)
        self.output = output
        self.host = host
        self.log = log
    }

    /// Runs until the input ends or a fatal error.
    /// - Parameter arguments: the host's arguments (without the program name), naming the caller.
    /// - Returns: how it ended.
    public mutating func run(arguments: [String]) async -> Outcome {
        guard BrowserCaller.identify(arguments: arguments) != nil else {
            self.log("wellclient-browser-host: refused a caller that is not the WellClient extension")
            _ = self.send(.error(.forbidden, "this host answers only the WellClient extension"))
            return .forbidden
        }
        while true {
            let body: [UInt8]
            do {
                guard let next = try self.reader.next() else { return .finished }
                body = next
            } catch {
                self.log("wellclient-browser-host: \(error)")
                if case .tooLarge = error {
                    _ = self.send(.error(.invalidRequest, "the message is larger than \(NativeMessageFrame.maximumSize) bytes"))
                }
                return .inputFailed(error)
            }
            let reply = await self.host.reply(to: body)
            guard self.send(reply) else { return .outputClosed }
        }
    }

    private mutating func send(_ reply: BrowserReply) -> Bool {
        self.output.write(NativeMessageFrame.encode(reply.body))
    }
}
