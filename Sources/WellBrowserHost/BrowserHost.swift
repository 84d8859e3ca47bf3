#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellControl
import WellDBus
import WellNumbers
import WellProtocol

/// Answers the extension's requests by calling the running agent.
///
/// A dial request's text is read here, by the rule its source calls for, so that nothing but
/// digits (and a leading `+`) ever reaches the agent: an element's text or a selection loses
/// every non-digit, a link is read by the `tel:` URI rules. The agent then applies its own
/// guards (logged in, one call at a time, one dial per 2 s, `confirmDial`) and the dial plan.
public struct BrowserHost: Sendable {
    /// The agent the requests go to.
    public let agent: any AgentCalling

    /// A host calling `agent`.
    public init(agent: any AgentCalling) {
        self.agent = agent
    }

    /// The reply to one message body. Never throws: every failure is an error reply.
    /// - Parameter body: the bytes of one message.
    /// - Returns: the reply.
    public func reply(to body: [UInt8]) async -> BrowserReply {
        let request: BrowserRequest
        do {
            request = try BrowserRequest.parse(body)
        } catch {
            return .error(.invalidRequest, error.message, id: error.id)
        }
        return await self.reply(to: request)
    }

    /// The reply to a parsed request.
    public func reply(to request: BrowserRequest) async -> BrowserReply {
        let id = request.id
        do throws(AgentControlFailure) {
            switch request.kind {
            case .dial(let text, let source):
                let target: DialTarget
                do {
                    target = try Self.target(text, source: source)
                } catch {
                    return .error(.invalidNumber, "\(error); no call placed", id: id)
                }
                let placed = try await self.agent.dial(target.shown)
                return .dialled(callId: placed.callId, number: placed.dialled.isEmpty ? target.digits : placed.dialled, id: id)
            case .status:
                let text = try await self.agent.status()
                guard case .object? = Self.json(text) else {
                    return .error(.unavailable, "the agent's status is not a JSON object", id: id)
                }
                return .status(Self.json(text) ?? .null, id: id)
            case .config:
                let text = try await self.agent.browserSettings()
                guard let settings = Self.json(text), let sites = settings["sites"]?.arrayValue,
                    let clickCallClass = settings["clickCallClass"]?.stringValue
                else {
                    return .error(.unavailable, "the agent's browser settings are not the JSON expected", id: id)
                }
                let names = sites.compactMap(\.stringValue)
                guard names.count == sites.count else {
                    return .error(.unavailable, "the agent's browser settings are not the JSON expected", id: id)
                }
                return .config(sites: names, clickCallClass: clickCallClass, id: id)
            }
        } catch {
            return .error(Self.code(for: error), Self.message(for: error), id: id)
        }
    }

    /// The number in `text`, read by the rule for `source`.
    /// - Throws: ``BrowserDialTextError`` saying why there is none.
    public static func target(_ text: String, source: BrowserRequest.DialSource) throws(BrowserDialTextError) -> DialTarget {
        switch source {
        case .class, .selection:
            do { return try DialTarget.parseText(text) } catch { throw .number(error) }
        case .link:
            let target: DialTarget
            do { target = try DialTarget.parse(text) } catch { throw .number(error) }
            guard target.source != .bare else { throw .notALink }
            return target
        }
    }

    /// The reply code for a failed call to the agent: from the D-Bus error name it replied
    /// with, else (no reply at all: no bus) from the failure's exit status.
    public static func code(for failure: AgentControlFailure) -> BrowserErrorCode {
        if let name = failure.errorName { return Self.codes[name] ?? .refused }
        switch failure.exitCode {
        case .usage: return .invalidRequest
        case .unavailable: return .unavailable
        case .configuration: return .configuration
        case .refused: return .refused
        }
    }

    /// The message for a person; an agent that does not know a method is older than the host.
    static func message(for failure: AgentControlFailure) -> String {
        failure.errorName == DBusError.unknownMethodName
            ? "the running agent is older than this browser host and cannot answer it; restart the agent" : failure.message
    }

    /// The agent's error names (and the bus daemon's for "nobody answers") and their codes.
    static let codes: [String: BrowserErrorCode] = {
        typealias Name = ControlInterface.ErrorName
        return [
            Name.invalidNumber: .invalidNumber,
            Name.invalidArgument: .invalidRequest,
            Name.notLoggedIn: .notLoggedIn,
            Name.unavailable: .unavailable,
            Name.configuration: .configuration,
            Name.cancelled: .cancelled,
            Name.server: .server,
            Name.refused: .refused,
            Name.noSuchCall: .refused,
            DBusError.serviceUnknownName: .unavailable,
            DBusError.nameHasNoOwnerName: .unavailable,
            DBusError.noReplyName: .unavailable,
            DBusError.timeoutName: .unavailable,
            DBusError.disconnectedName: .unavailable,
            DBusError.unknownMethodName: .unavailable,
        ]
    }()

    private static func json(_ text: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8))
    }
}
