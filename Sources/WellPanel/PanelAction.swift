#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif
import WellControl
import WellProtocol

/// One operation the page asks for: `POST /api/action` with `{"method": "PlaceCall", "args": […]}`.
///
/// The methods are the D-Bus control methods (``ControlMethod``), limited to ``allowed``; the
/// arguments must match the method's input signature (`s` a JSON string, `a{ss}` a JSON object
/// of strings), so a request the D-Bus interface would refuse is refused here, before the agent.
public struct PanelAction: Sendable, Equatable {
    /// The method.
    public let method: ControlMethod
    /// Its arguments, in order.
    public let arguments: [PanelArgument]

    /// The methods the panel may call: the call and agent operations, and `MarkMissedSeen` (the
    /// page shows the missed calls). Not `Status` (the state
    /// comes over the WebSocket), nor the browser's and the desktop's methods.
    public static let allowed: Set<ControlMethod> = [
        .placeCall, .answer, .hangUp, .hold, .retrieve, .singleStepTransfer, .singleStepConference, .consult, .conference,
        .cancelConsult, .transfer, .setCallData, .getCallData, .setAgentMode, .login, .logout, .markMissedSeen,
    ]

    /// The largest body accepted.
    public static let maximumBody = 64 * 1024

    /// A bad request, with what is wrong for a person.
    public struct Invalid: Error, Sendable, Equatable, CustomStringConvertible {
        public let description: String
    }

    /// Parses a request body.
    public init(json data: some Collection<UInt8>) throws(Invalid) {
        guard data.count <= Self.maximumBody else { throw Invalid(description: "the request is too large") }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(data)), let object = value.objectValue else {
            throw Invalid(description: "the request is not a JSON object")
        }
        guard let name = object["method"]?.stringValue, let method = ControlMethod(rawValue: name), Self.allowed.contains(method) else {
            throw Invalid(description: "unknown operation")
        }
        let given = object["args"]?.arrayValue ?? []
        guard given.count == method.inputs.count else {
            throw Invalid(description: "\(method.name) takes \(method.inputs.count) arguments, not \(given.count)")
        }
        var arguments: [PanelArgument] = []
        for (input, value) in zip(method.inputs, given) {
            switch input.type {
            case "s":
                guard let text = value.stringValue else { throw Invalid(description: "'\(input.name)' must be a string") }
                arguments.append(.string(text))
            case "a{ss}":
                guard let entries = value.objectValue else { throw Invalid(description: "'\(input.name)' must be an object of strings") }
                var pairs: [PanelPair] = []
                for key in entries.keys.sorted() {
                    guard let text = entries[key]?.stringValue else { throw Invalid(description: "'\(input.name)' must be an object of strings") }
                    pairs.append(PanelPair(key: key, value: text))
                }
                arguments.append(.pairs(pairs))
            default:
                throw Invalid(description: "\(method.name) cannot be called from the panel")
            }
        }
        self.method = method
        self.arguments = arguments
    }
}
