#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A connection `{deviceId}|{callId}`: one device's leg of one call.
///
/// Events write it with a raw `|`; REST paths carry it percent-encoded as `%7C` (1.1.0.7+),
/// older clients sent a raw `|`. Parsing accepts `|`, `%7C` and `%7c`.
public struct ConnectionID: Sendable, Hashable, CustomStringConvertible {
    /// The device, e.g. `8001@demo.cc`.
    public var deviceId: String
    /// The call id.
    public var callId: String

    /// Joins a device and a call.
    public init(deviceId: String, callId: String) {
        self.deviceId = deviceId
        self.callId = callId
    }

    /// Parses `device|call`, `device%7Ccall` or `device%7ccall` (other escapes in the
    /// device part, such as `%40`, are decoded too). `nil` when there is no separator or
    /// the device part is empty. The call part may be empty (the seed client sends that).
    public init?(parsing text: String) {
        let decoded = text.replacing("%7C", with: "|").replacing("%7c", with: "|")
        guard let bar = decoded.firstIndex(of: "|") else { return nil }
        let device = PathEncoding.decode(String(decoded[..<bar])) ?? String(decoded[..<bar])
        let call = PathEncoding.decode(String(decoded[decoded.index(after: bar)...])) ?? String(decoded[decoded.index(after: bar)...])
        guard !device.isEmpty else { return nil }
        self.init(deviceId: device, callId: call)
    }

    /// `device|callId`, the form events use.
    public var description: String { "\(self.deviceId)|\(self.callId)" }

    /// The form REST paths use: each side percent-encoded, joined by `%7C`.
    public var pathSegment: String {
        PathEncoding.encode(self.deviceId) + "%7C" + PathEncoding.encode(self.callId)
    }
}
